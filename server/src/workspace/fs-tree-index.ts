import * as fs from 'node:fs';
import * as path from 'node:path';
import { TreeIndex } from '../rules/types';
import { detached } from '../detached';

/** aports' repositories from the most to the least trusted: a package may only depend on its own or a lower-ranked one. */
export const REPO_ORDER = ['main', 'community', 'testing'];
const KNOWN_REPOS = new Set([...REPO_ORDER, 'unmaintained', 'non-free']);

/** `<root>/<repo>/<pkg>/APKBUILD` → root, when the file sits in an aports-shaped tree. */
export function treeRootOf(apkbuildPath: string): string | undefined {
  const dir = path.dirname(path.resolve(apkbuildPath));
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
  private readonly dirs = new Map<string, string[]>();
  private readonly listings = new Map<string, Set<string>>();
  /** package directories whose APKBUILD has been read: no need to stat it again */
  private readonly read = new Set<string>();

  constructor(readonly root: string) {}

  /** Tells the index that `<dir>/APKBUILD` exists (it has just been read). */
  apkbuildRead(packageDir: string): void {
    this.read.add(detached(packageDir));
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
    const rel = path.relative(this.root, path.resolve(packageDir)).split(path.sep);
    return rel.length === 2 && KNOWN_REPOS.has(rel[0]) ? rel[0] : undefined;
  }

  repoRank(repo: string): number | undefined {
    const i = REPO_ORDER.indexOf(repo);
    return i === -1 ? undefined : i;
  }

  /** the directory names of each repository, read once */
  private listing(repo: string): Set<string> {
    let names = this.listings.get(repo);
    if (!names) {
      try {
        names = new Set(fs.readdirSync(path.join(this.root, repo)));
      } catch {
        names = new Set();
      }
      this.listings.set(repo, names);
    }
    return names;
  }

  packageDirs(name: string): string[] {
    if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(name)) return [];
    let found = this.dirs.get(name);
    if (!found) {
      found = this.repoNames()
        .filter((repo) => this.listing(repo).has(name))
        .map((repo) => path.join(this.root, repo, name))
        .filter((dir) => this.read.has(dir) || fs.existsSync(path.join(dir, 'APKBUILD')));
      this.dirs.set(detached(name), found);
    }
    return found;
  }

  providers(name: string): { repo: string; dir: string; pkgname: string }[] {
    return this.packageDirs(name).map((dir) => ({ repo: path.basename(path.dirname(dir)), dir, pkgname: name }));
  }
}

const indexes = new Map<string, FsTreeIndex>();

/** One index per tree root, shared by every file of that tree. */
export function treeIndexFor(apkbuildPath: string): FsTreeIndex | undefined {
  const root = treeRootOf(apkbuildPath);
  if (!root) return undefined;
  let index = indexes.get(root);
  if (!index) {
    index = new FsTreeIndex(root);
    indexes.set(root, index);
  }
  return index;
}
