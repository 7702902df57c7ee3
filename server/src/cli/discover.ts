import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = new Set(['.git', 'node_modules']);

export interface Discovery {
  files: string[];
  /** the names in the directory of each file found by searching, in the order the directory
   * listing gave them: the linter reads them instead of listing the directory again */
  listings: Map<string, string[]>;
  /** paths that could not be read (I/O errors) */
  errors: string[];
  /** notes that are not errors (a directory named APKBUILD) */
  notes: string[];
}

/** Files named on the command line are taken as they are; directories are searched for APKBUILDs.
 * `onFound` hears the number of files found so far after each one. */
export function discoverApkbuilds(targets: readonly string[], onFound?: (count: number) => void): Discovery {
  const search = searchApkbuilds(targets, onFound && ((_file, _listing, count) => onFound(count)));
  for (;;) {
    const step = search.next();
    if (step.done) return step.value;
  }
}

/**
 * discoverApkbuilds one directory at a time: the search pauses after each directory it reads, so
 * that a caller can hand out the files found so far (to worker threads) while it goes on.
 */
export function* searchApkbuilds(
  targets: readonly string[],
  onFound?: (file: string, listing: string[] | undefined, count: number) => void,
): Generator<void, Discovery> {
  const result: Discovery = { files: [], listings: new Map(), errors: [], notes: [] };
  const seen = new Set<string>();
  const add = (file: string, listing?: string[]) => {
    const key = path.resolve(file);
    if (!seen.has(key)) {
      seen.add(key);
      result.files.push(file);
      if (listing) result.listings.set(file, listing);
      onFound?.(file, listing, result.files.length);
    }
  };
  function* walk(dir: string): Generator<void> {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      result.errors.push(`${dir}: cannot read directory: ${errorText(e)}`);
      return;
    }
    const names = entries.map((e) => e.name);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      // most entries are a package's other files: their paths are not needed
      if (entry.isDirectory()) {
        if (SKIP_DIRS.has(entry.name)) continue;
        const p = path.join(dir, entry.name);
        if (entry.name === 'APKBUILD') result.notes.push(`${p}: is a directory named APKBUILD, searched as a directory`);
        yield* walk(p);
      } else if (entry.name === 'APKBUILD' && (entry.isFile() || entry.isSymbolicLink())) add(path.join(dir, entry.name), names);
    }
    yield;
  }
  for (const target of targets) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(target);
    } catch (e) {
      result.errors.push(`${target}: ${errorText(e)}`);
      continue;
    }
    if (stat.isDirectory()) {
      if (path.basename(path.resolve(target)) === 'APKBUILD') result.notes.push(`${target}: is a directory named APKBUILD, searched as a directory`);
      yield* walk(target);
    } else add(target);
  }
  return result;
}

export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return err.message ?? String(e);
  }
}
