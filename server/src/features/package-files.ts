// Files of the package directory that an APKBUILD names (sources, install scripts), as paths.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeatureDocument } from './document';

/** The path of a file in the document's package directory, when the document is on disk and the file exists. */
export function packageFile(doc: FeatureDocument, name: string): string | undefined {
  if (!doc.fsPath || name === '' || name.includes('\0')) return undefined;
  const dir = path.dirname(doc.fsPath);
  const file = path.resolve(dir, name);
  if (path.relative(dir, file).startsWith('..')) return undefined;
  try {
    return fs.statSync(file).isFile() ? file : undefined;
  } catch {
    return undefined;
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}
