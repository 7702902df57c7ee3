import { ParsedApkbuild } from './model';
import { itemsOf } from './facts';
import { Span } from './span';

export interface SourceEntry {
  /** as written */
  text: string;
  /** expanded; undefined when unknown */
  value: string | undefined;
  span: Span;
  /** the name the file gets in $srcdir and in the checksum list */
  fileName: string | undefined;
  /** `name::url` form */
  renamed: boolean;
  url?: string;
  scheme?: string;
  remote: boolean;
}

const URL = /^([a-z][a-z0-9+.-]*):\/\//i;

/** Splits a source entry as abuild does: `name::url`, a URL (last path segment), or a local file. */
export function parseSource(entry: string): Omit<SourceEntry, 'text' | 'value' | 'span'> {
  const sep = entry.indexOf('::');
  if (sep !== -1) {
    const url = entry.slice(sep + 2);
    const scheme = URL.exec(url)?.[1]?.toLowerCase();
    return { fileName: entry.slice(0, sep), renamed: true, url, scheme, remote: scheme !== undefined };
  }
  const scheme = URL.exec(entry)?.[1]?.toLowerCase();
  if (scheme) {
    return { fileName: entry.replace(/\/+$/, '').slice(entry.replace(/\/+$/, '').lastIndexOf('/') + 1), renamed: false, url: entry, scheme, remote: true };
  }
  return { fileName: entry.slice(entry.lastIndexOf('/') + 1), renamed: false, remote: false };
}

export function sourcesOf(model: ParsedApkbuild): SourceEntry[] {
  return itemsOf(model, 'source').map((item) => {
    if (item.value === undefined) {
      const guess = parseSource(item.text);
      return entry(item.text, undefined, item.span, guess, undefined);
    }
    const parsed = parseSource(item.value);
    return entry(item.text, item.value, item.span, parsed, parsed.fileName);
  });
}

/** The entry with the parsed fields written out (an object spread costs more), every field present
 * (`url` and `scheme` undefined for a local file): one object shape for the rules that read them. */
function entry(text: string, value: string | undefined, span: Span, parsed: ReturnType<typeof parseSource>, fileName: string | undefined): SourceEntry {
  return { text, value, span, fileName, renamed: parsed.renamed, url: parsed.url, scheme: parsed.scheme, remote: parsed.remote };
}
