import type { DocumentLink } from 'vscode-languageserver-types';
import { definitionOf } from '../apkbuild/facts';
import type { FeatureDocument } from './document';
import { fileUri, packageFile } from './package-files';

const WEB = /^(https?|ftp):\/\/\S+$/i;

/** Links for `url=` and every source entry, after static expansion: the download URL, or the
 * local file in the package directory. Entries whose value is not statically known get none. */
export function documentLinks(doc: FeatureDocument): DocumentLink[] {
  const { apkbuild } = doc;
  const links: DocumentLink[] = [];
  const url = definitionOf(apkbuild, 'url');
  if (url?.value && WEB.test(url.value.trim())) {
    const item = url.items[0];
    const span = item ?? { span: url.valueSpan };
    links.push({ range: apkbuild.lines.range(span.span), target: url.value.trim(), tooltip: url.value.trim() });
  }
  for (const source of apkbuild.sources) {
    if (source.value === undefined) continue;
    if (source.remote && source.url && WEB.test(source.url)) {
      links.push({ range: apkbuild.lines.range(source.span), target: source.url, tooltip: source.url });
    } else if (!source.remote && source.fileName) {
      const file = packageFile(doc, source.fileName);
      if (file) links.push({ range: apkbuild.lines.range(source.span), target: fileUri(file), tooltip: file });
    }
  }
  return links;
}
