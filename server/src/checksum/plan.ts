import type { Apkbuild } from '../apkbuild/apkbuild';
import { assignmentsOf, definitionOf, refersToUnassigned } from '../apkbuild/facts';
import { parseSource, sourcesOf } from '../apkbuild/sources';

/** One entry of `source`, resolved to what `abuild checksum` hashes. */
export type PlannedSource =
  | { kind: 'local'; entry: string; name: string; /** relative to the package directory */ path: string }
  | { kind: 'remote'; entry: string; name: string; url: string };

export interface SourcePlan {
  sources: PlannedSource[];
  /** one message per refused entry; nothing may be fetched or written when there is one */
  errors: string[];
}

/** abuild's filename_from_uri(): the part before the first `::`, then its last path segment. */
export function filenameFromUri(entry: string): string {
  const sep = entry.indexOf('::');
  const name = sep === -1 ? entry : entry.slice(0, sep);
  return name.slice(name.lastIndexOf('/') + 1);
}

/** abuild's is_remote(): only these exact (lower-case) prefixes are downloaded. */
const FETCHED = /^(?:https?|ftp):\/\//;

/**
 * The sources in `source` order, with the file names abuild gives them (abuild.in:
 * filename_from_uri, is_remote, default_fetch, checksum). Entries whose value is not known
 * statically, unsafe names and duplicates are errors.
 */
export function planSources(apkbuild: Apkbuild): SourcePlan {
  const sources: PlannedSource[] = [];
  const errors: string[] = [];
  const def = definitionOf(apkbuild, 'source');
  // definitionOf() is the last unconditional assignment: any later one is conditional
  const later = def ? assignmentsOf(apkbuild, 'source').filter((a) => a.span.start > def.span.start) : [];
  if (def?.conditional || later.length) {
    const a = def?.conditional ? def : later[0];
    errors.push(`source is assigned conditionally (line ${apkbuild.lines.lineOf(a.span.start) + 1}): the list depends on the build and cannot be computed statically`);
    return { sources, errors };
  }
  const seen = new Map<string, string>();
  for (const s of sourcesOf(apkbuild)) {
    const value = s.value;
    if (value === undefined || value === '' || value.includes('$') || refersToUnassigned(apkbuild, s.text, s.span.start)) {
      errors.push(`source entry ${s.text}: cannot be expanded statically`);
      continue;
    }
    const why = refusal(value);
    if (why) {
      errors.push(`source entry ${value}: ${why}`);
      continue;
    }
    const name = filenameFromUri(value);
    const first = seen.get(name);
    if (first !== undefined) {
      errors.push(`duplicate found in $source: ${name} (${first} and ${value})`);
      continue;
    }
    seen.set(name, value);
    const parsed = parseSource(value);
    if (parsed.remote) sources.push({ kind: 'remote', entry: value, name, url: parsed.url! });
    else sources.push({ kind: 'local', entry: value, name, path: value });
  }
  return { sources, errors };
}

/** Why an entry is not fetched or read; undefined when it is fine. */
export function refusal(entry: string): string | undefined {
  const sep = entry.indexOf('::');
  const url = sep === -1 ? entry : entry.slice(sep + 2);
  const parsed = parseSource(entry);
  if (parsed.remote) {
    if (!FETCHED.test(url)) return `unsupported URL scheme "${url.slice(0, url.indexOf(':'))}": only http, https and ftp are fetched`;
    if (sep !== -1) {
      const name = entry.slice(0, sep);
      if (name.includes('/')) return 'the name before "::" must not contain "/"';
      return badName(name);
    }
    if (badName(filenameFromUri(entry))) return 'the URL has no file name after its last "/": rename it with name::URL';
    return undefined;
  }
  if (sep !== -1) return 'a name:: entry needs an http, https or ftp URL after "::"';
  if (entry.startsWith('/')) return 'absolute paths are not allowed: local sources live in the package directory';
  if (entry.split('/').includes('..')) return '".." is not allowed in a local source path';
  return badName(filenameFromUri(entry));
}

function badName(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `"${name}" is not a file name`;
  return undefined;
}
