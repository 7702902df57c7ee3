import * as fs from 'node:fs';
import * as path from 'node:path';
import { TreeIndex } from '../rules/types';
import { findApkbuilds } from './find-apkbuilds';
import { REPO_ORDER } from './fs-tree-index';
import { extractPackageFacts, PackageFacts } from './package-facts';

const KNOWN_REPOS = new Set([...REPO_ORDER, 'unmaintained', 'non-free']);
const PARALLEL_READS = 16;
/** longest stretch of synchronous work before the build lets other events (LSP requests) run */
const SLICE_MS = 8;
const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** prefix matches few enough to sort by length for completion */
const SORTABLE_MATCHES = 2000;

/** The kinds of workspace/didChangeWatchedFiles change, with the LSP's FileChangeType numbers. */
export const FileChangeType = { Created: 1, Changed: 2, Deleted: 3 } as const;
export type FileChangeType = (typeof FileChangeType)[keyof typeof FileChangeType];

/** One APKBUILD of the workspace. */
export interface PackageEntry extends PackageFacts {
  /** the expanded pkgname, or the directory name when it can not be expanded */
  pkgname: string;
  /** main, community, testing, ... when the package sits in an aports-shaped tree */
  repo: string | undefined;
  /** absolute package directory */
  dir: string;
  /** absolute path of the APKBUILD */
  path: string;
}

/** How a name is known: as a package's pkgname, one of its subpackages, or something it provides. */
export type NameRole = 'package' | 'subpackage' | 'provides';

export interface NameMatch {
  name: string;
  role: NameRole;
  entry: PackageEntry;
}

export interface BuildProgress {
  done: number;
  total: number;
}

export interface BuildOptions {
  onProgress?(progress: BuildProgress): void;
  signal?: AbortSignal;
}

/**
 * The aports index: every APKBUILD under the workspace roots, read (never run) in the background,
 * and kept current by `update`/`remove` from the server's file watcher. Implements the engine's
 * TreeIndex, so the repository-aware rules can use it instead of looking at the disk.
 */
export class PackageIndex implements TreeIndex {
  private readonly byPath = new Map<string, PackageEntry>();
  private readonly byName = new Map<string, NameMatch[]>();
  /** the entries with name patterns, each with its patterns as one expression */
  private readonly patterned = new Map<PackageEntry, RegExp>();
  /** paths the watcher reported while a build was running: the build must not overwrite them */
  private readonly touched = new Set<string>();
  private building = false;
  /** every name, sorted; rebuilt on first use after a change */
  private sorted: string[] | undefined;
  /** TreeIndex: one more after every change of an entry */
  generation = 0;

  constructor(readonly roots: readonly string[]) {}

  get size(): number {
    return this.byPath.size;
  }

  /** Scans the roots and indexes every APKBUILD found; resolves when done (or aborted). Run it
   * again to rescan (entries whose file is gone are dropped); a new set of roots needs a new index. */
  async build(options: BuildOptions = {}): Promise<void> {
    this.building = true;
    this.touched.clear();
    try {
      const files = await findApkbuilds(this.roots, options.signal);
      const total = files.length;
      let done = 0;
      let next = 0;
      let sliceStart = Date.now();
      options.onProgress?.({ done, total });
      const worker = async () => {
        while (next < files.length && !options.signal?.aborted) {
          const file = files[next++];
          const text = await readText(file);
          if (!this.wasTouched(file)) {
            if (text === undefined) this.delete(file);
            else this.set(this.entryFor(file, text));
          }
          done++;
          if (done % 100 === 0 || done === total) options.onProgress?.({ done, total });
          if (Date.now() - sliceStart > SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            sliceStart = Date.now();
          }
        }
      };
      await Promise.all(Array.from({ length: PARALLEL_READS }, worker));
      if (!options.signal?.aborted) {
        // a rebuild forgets what is no longer there
        const found = new Set(files);
        for (const p of [...this.byPath.keys()]) if (!found.has(p) && !this.wasTouched(p)) this.delete(p);
      }
      if (total === 0) options.onProgress?.({ done, total });
    } finally {
      this.building = false;
      this.touched.clear();
    }
  }

  /** An APKBUILD was created or changed: read it again (a vanished or unreadable file is removed). */
  async update(file: string): Promise<void> {
    const abs = path.resolve(file);
    if (path.basename(abs) !== 'APKBUILD') return;
    if (this.building) this.touched.add(abs);
    const text = await readText(abs);
    if (text === undefined) this.delete(abs);
    else this.set(this.entryFor(abs, text));
  }

  /**
   * What the server calls for each workspace/didChangeWatchedFiles change (with the URI turned into
   * a path): a created directory is searched for APKBUILDs, a deleted one drops its packages.
   */
  async applyFileChange(fileOrDir: string, type: FileChangeType): Promise<void> {
    const abs = path.resolve(fileOrDir);
    if (type === FileChangeType.Deleted) {
      this.remove(abs);
      return;
    }
    if (path.basename(abs) === 'APKBUILD') {
      await this.update(abs);
      return;
    }
    if (type === FileChangeType.Created) {
      for (const file of await findApkbuilds([abs])) await this.update(file);
    }
  }

  /** Indexes an APKBUILD from text the caller already has (an open, unsaved document). */
  updateText(file: string, text: string): void {
    const abs = path.resolve(file);
    if (this.building) this.touched.add(abs);
    this.set(this.entryFor(abs, text));
  }

  /** A file or a whole directory was deleted. */
  remove(fileOrDir: string): void {
    const abs = path.resolve(fileOrDir);
    if (this.building) this.touched.add(abs);
    if (this.byPath.has(abs)) {
      this.delete(abs);
      return;
    }
    const prefix = abs.endsWith(path.sep) ? abs : abs + path.sep;
    for (const p of [...this.byPath.keys()]) {
      if (p.startsWith(prefix)) {
        if (this.building) this.touched.add(p);
        this.delete(p);
      }
    }
  }

  entries(): IterableIterator<PackageEntry> {
    return this.byPath.values();
  }

  entryAt(apkbuildPath: string): PackageEntry | undefined {
    return this.byPath.get(path.resolve(apkbuildPath));
  }

  /** Everything known by exactly this name: packages, subpackages, provided names. */
  lookup(name: string): readonly NameMatch[] {
    return this.byName.get(name) ?? [];
  }

  /**
   * The packages that may produce `name` through a name known only when abuild runs (a
   * subpackage made in a loop): what to ask before calling a name found nowhere.
   */
  patternMatches(name: string): PackageEntry[] {
    const out: PackageEntry[] = [];
    for (const [entry, re] of this.patterned) if (re.test(name)) out.push(entry);
    return out;
  }

  /** Every indexed name with what it belongs to (for completion and workspace symbols). */
  names(): IterableIterator<[string, readonly NameMatch[]]> {
    return this.byName.entries();
  }

  /**
   * Up to `limit` names starting with `prefix` (binary search over the sorted names, so cheap on a
   * whole aports tree): the shortest first when there are few enough to sort, else in name order.
   * `total` says how many match.
   */
  namesStartingWith(prefix: string, limit: number): { names: string[]; total: number } {
    const sorted = (this.sorted ??= [...this.byName.keys()].sort());
    const from = lowerBound(sorted, prefix);
    const last = prefix.charCodeAt(prefix.length - 1);
    const to = prefix === '' || last === 0xffff ? sorted.length : lowerBound(sorted, prefix.slice(0, -1) + String.fromCharCode(last + 1));
    const total = to - from;
    if (total <= SORTABLE_MATCHES) {
      const names = sorted.slice(from, to).sort((x, y) => x.length - y.length || (x < y ? -1 : 1));
      return { names: names.slice(0, limit), total };
    }
    return { names: sorted.slice(from, Math.min(to, from + limit)), total };
  }

  // TreeIndex

  repoOf(packageDir: string): string | undefined {
    const dir = path.resolve(packageDir);
    return this.byPath.get(path.join(dir, 'APKBUILD'))?.repo ?? repoOfDir(dir);
  }

  providers(name: string): { repo: string; dir: string; pkgname: string }[] {
    return this.lookup(name)
      .filter((m) => m.role !== 'provides' && m.entry.repo !== undefined)
      .map((m) => ({ repo: m.entry.repo!, dir: m.entry.dir, pkgname: m.entry.pkgname }));
  }

  packageDirs(name: string): string[] {
    return this.lookup(name)
      .filter((m) => m.role === 'package')
      .map((m) => m.entry.dir);
  }

  repoRank(repo: string): number | undefined {
    const i = REPO_ORDER.indexOf(repo);
    return i === -1 ? undefined : i;
  }

  /** the watcher reported the file, or a directory holding it, since the build started */
  private wasTouched(file: string): boolean {
    if (this.touched.size === 0) return false;
    for (let p = file, parent = path.dirname(p); ; p = parent, parent = path.dirname(p)) {
      if (this.touched.has(p)) return true;
      if (parent === p) return false;
    }
  }

  private entryFor(file: string, text: string): PackageEntry {
    const facts = extractPackageFacts(text);
    const dir = path.dirname(file);
    return {
      ...facts,
      pkgname: facts.pkgname || path.basename(dir),
      repo: repoOfDir(dir),
      dir,
      path: file,
    };
  }

  private set(entry: PackageEntry): void {
    this.delete(entry.path);
    this.generation++;
    this.byPath.set(entry.path, entry);
    this.addName(entry.pkgname, 'package', entry);
    for (const sub of entry.subpackages) if (sub !== entry.pkgname) this.addName(sub, 'subpackage', entry);
    for (const p of entry.provides) this.addName(p, 'provides', entry);
    if (entry.patterns.length > 0) this.patterned.set(entry, patternExpression(entry.patterns));
  }

  private delete(file: string): void {
    const old = this.byPath.get(file);
    if (!old) return;
    this.generation++;
    this.byPath.delete(file);
    this.patterned.delete(old);
    for (const name of new Set([old.pkgname, ...old.subpackages, ...old.provides])) {
      const list = this.byName.get(name)?.filter((m) => m.entry !== old);
      if (list && list.length > 0) this.byName.set(name, list);
      else {
        this.byName.delete(name);
        this.sorted = undefined;
      }
    }
  }

  private addName(name: string, role: NameRole, entry: PackageEntry): void {
    const list = this.byName.get(name);
    if (!list) this.sorted = undefined;
    const match = { name, role, entry };
    if (!list) this.byName.set(name, [match]);
    else if (!list.some((m) => m.entry === entry && m.role === role)) list.push(match);
  }
}

/** One expression matching any of the name patterns (`*` for any run of characters). */
export function patternExpression(patterns: readonly string[]): RegExp {
  const alternatives = patterns.map((p) => p.split('*').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*'));
  return new RegExp(`^(?:${alternatives.join('|')})$`);
}

/** first index whose name is >= key (plain string order, as Array.prototype.sort uses) */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function repoOfDir(dir: string): string | undefined {
  const repo = path.basename(path.dirname(dir));
  return KNOWN_REPOS.has(repo) ? repo : undefined;
}

const decoder = new TextDecoder('utf-8', { fatal: false });

/** The file's text (invalid UTF-8 replaced, not fatal), or undefined when it is gone or unreadable. */
async function readText(file: string): Promise<string | undefined> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    // not an APKBUILD anyone wrote (the largest in aports is 30 kB): indexed by its directory name only
    if (stat.size > MAX_FILE_BYTES) return '';
    return decoder.decode(await handle.readFile());
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
