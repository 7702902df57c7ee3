import * as fs from 'node:fs';
import * as path from 'node:path';
import { TreeIndex } from '../rules/types';
import { detached } from '../detached';
import { resolved } from '../rules/normal-path';

/** aports' repositories from the most to the least trusted: a package may only depend on its own or a lower-ranked one. */
export const REPO_ORDER = ['main', 'community', 'testing'];
const KNOWN_REPOS = new Set([...REPO_ORDER, 'unmaintained', 'non-free']);
const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const NO_DIRS: readonly string[] = Object.freeze([]);

/** `<root>/<repo>/<pkg>/APKBUILD` → root, when the file sits in an aports-shaped tree. */
export function treeRootOf(apkbuildPath: string): string | undefined {
  const dir = path.dirname(resolved(apkbuildPath));
  const repoDir = path.dirname(dir);
  if (!KNOWN_REPOS.has(path.basename(repoDir))) return undefined;
  return path.dirname(repoDir);
}

/**
 * The aports tree as seen on disk, looked up lazily by directory name, as atools does: a package
 * `foo` of repo `r` is `<root>/r/foo/APKBUILD`. Cheap enough for linting one file on every save.
 */
export class FsTreeIndex implements TreeIndex {
  private repos: string[] | undefined;
  /** directory name → the directories of that name in the repositories (in repoNames order), read once */
  private repoListings: Map<string, string[]> | undefined;
  /** package directories known to hold an APKBUILD (it has been read, or seen), and known not to */
  private readonly withApkbuild = new Set<string>();
  private readonly withoutApkbuild = new Set<string>();
  /** `<root>/`, when the root is a normalised absolute POSIX path: repoOf then cuts package directories by hand */
  private readonly rootPrefix: string | undefined;

  constructor(readonly root: string) {
    this.rootPrefix = path.sep === '/' && path.resolve(root) === root ? (root === '/' ? root : root + '/') : undefined;
  }

  /** Tells the index that `<dir>/APKBUILD` exists (it has just been read). */
  apkbuildRead(packageDir: string): void {
    if (!this.withApkbuild.has(packageDir)) this.withApkbuild.add(detached(packageDir));
  }

  holdsPackage(dir: string): boolean {
    if (this.withApkbuild.has(dir)) return true;
    if (this.withoutApkbuild.has(dir)) return false;
    const yes = fs.existsSync(dir + path.sep + 'APKBUILD');
    (yes ? this.withApkbuild : this.withoutApkbuild).add(dir);
    return yes;
  }

  private repoNames(): string[] {
    if (!this.repos) {
      try {
        this.repos = fs
          .readdirSync(this.root, { withFileTypes: true })
          .filter((d) => d.isDirectory() && KNOWN_REPOS.has(d.name))
          .map((d) => d.name);
      } catch {
        this.repos = [];
      }
    }
    return this.repos;
  }

  repoOf(packageDir: string): string | undefined {
    const prefix = this.rootPrefix;
    if (prefix !== undefined && packageDir.startsWith(prefix)) {
      // `<root>/<repo>/<name>` with two plain segments is already what path.resolve gives
      const slash = packageDir.indexOf('/', prefix.length);
      if (slash > prefix.length && slash + 1 < packageDir.length && packageDir.indexOf('/', slash + 1) === -1) {
        const repo = packageDir.slice(prefix.length, slash);
        const name = packageDir.slice(slash + 1);
        if (repo !== '.' && repo !== '..' && name !== '.' && name !== '..') return KNOWN_REPOS.has(repo) ? repo : undefined;
      }
    }
    const rel = path.relative(this.root, path.resolve(packageDir)).split(path.sep);
    return rel.length === 2 && KNOWN_REPOS.has(rel[0]) ? rel[0] : undefined;
  }

  repoRank(repo: string): number | undefined {
    const i = REPO_ORDER.indexOf(repo);
    return i === -1 ? undefined : i;
  }

  /** the entries of every repository, read once: name → `<root>/<repo>/<name>` for each repository that has it */
  private listings(): Map<string, string[]> {
    if (!this.repoListings) {
      const byName = new Map<string, string[]>();
      for (const repo of this.repoNames()) {
        const repoDir = path.join(this.root, repo);
        let names: string[];
        try {
          names = fs.readdirSync(repoDir);
        } catch {
          names = [];
        }
        for (const name of names) {
          // path.join(root, repo, name): the name is one plain segment
          const dir = repoDir + path.sep + name;
          const dirs = byName.get(name);
          if (dirs) dirs.push(dir);
          else byName.set(name, [dir]);
        }
      }
      this.repoListings = byName;
    }
    return this.repoListings;
  }

  dirsNamed(name: string): readonly string[] {
    const dirs = this.listings().get(name);
    return dirs && PACKAGE_NAME.test(name) ? dirs : NO_DIRS;
  }

  packageDirs(name: string): string[] {
    // not remembered per name: most names are asked once or twice (the callers remember their
    // answers), and each directory's APKBUILD is looked for once
    const found: string[] = [];
    for (const dir of this.dirsNamed(name)) if (this.holdsPackage(dir)) found.push(dir);
    return found;
  }

  providers(name: string): { repo: string; dir: string; pkgname: string }[] {
    return this.packageDirs(name).map((dir) => ({ repo: path.basename(path.dirname(dir)), dir, pkgname: name }));
  }
}

const indexes = new Map<string, { index: FsTreeIndex; created: number }>();

/** How old the answers of an index may be in the language server: lints while typing share one,
 * and a package moved on disk is seen a few seconds later. */
export const EDITOR_MAX_AGE_MS = 5000;

/**
 * One index per tree root, shared by every file of that tree. An index remembers what it has read
 * of the disk: a long-lived process (the language server) asks for one at most `maxAgeMs` old, so
 * that a package added, moved or removed since is seen; a CLI run keeps one for its whole life.
 */
export function treeIndexFor(apkbuildPath: string, maxAgeMs = Infinity): FsTreeIndex | undefined {
  const root = treeRootOf(apkbuildPath);
  if (!root) return undefined;
  const now = Date.now();
  let entry = indexes.get(root);
  if (!entry || now - entry.created > maxAgeMs) {
    entry = { index: new FsTreeIndex(root), created: now };
    indexes.set(root, entry);
  }
  return entry.index;
}
