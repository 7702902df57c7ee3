import * as path from 'node:path';
import type { ChangeEntry } from './diff';

/** A package the change touched, in repository paths (forward slashes, relative to the root). */
export interface ChangedPackage {
  /** its directory after the change ('' for an APKBUILD at the root) */
  dir: string;
  /** where its APKBUILD was before the change; undefined for a new (or copied) package */
  basePath: string | undefined;
  /** files of the package whose content differs from the base package's, relative to `dir`;
   * for a deleted file, the name it had */
  changedFiles: string[];
}

const posix = path.posix;
const isApkbuild = (p: string) => posix.basename(p) === 'APKBUILD';
const dirOf = (p: string) => (posix.dirname(p) === '.' ? '' : posix.dirname(p));
const join = (dir: string, name: string) => (dir ? `${dir}/${name}` : name);
const rel = (dir: string, p: string) => (dir ? p.slice(dir.length + 1) : p);

/** The nearest directory holding `p` for which `test` holds ('' is the root). */
function ancestor(p: string, test: (dir: string) => boolean): string | undefined {
  let dir = dirOf(p);
  for (;;) {
    if (test(dir)) return dir;
    if (dir === '') return undefined;
    dir = dirOf(dir);
  }
}

/**
 * The packages a change touched, like aports CI (`git diff --name-only --diff-filter=ACMR
 * REV...HEAD -- '*\/APKBUILD'`) plus the packages whose other files (patches, init scripts, ...)
 * changed. A package whose APKBUILD was deleted in one repository and added in another, or
 * renamed there, moved. `isPackageDir` tells whether a directory has an APKBUILD after the change.
 */
export function changedPackages(entries: readonly ChangeEntry[], isPackageDir: (dir: string) => boolean): ChangedPackage[] {
  // base directory → head directory of the packages that moved
  const moves = new Map<string, string>();
  const added = entries.filter((e) => e.status === 'A' && isApkbuild(e.path));
  const deleted = entries.filter((e) => e.status === 'D' && isApkbuild(e.path));
  for (const e of entries) if (e.status === 'R' && isApkbuild(e.path) && isApkbuild(e.oldPath!)) moves.set(dirOf(e.oldPath!), dirOf(e.path));
  for (const a of added) {
    const name = posix.basename(dirOf(a.path));
    const from = deleted.filter((d) => posix.basename(dirOf(d.path)) === name);
    if (from.length === 1 && !moves.has(dirOf(from[0].path))) moves.set(dirOf(from[0].path), dirOf(a.path));
  }
  const movedFrom = new Map([...moves].map(([from, to]) => [to, from]));
  const removed = new Set(deleted.map((d) => dirOf(d.path)).filter((d) => !moves.has(d) && !isPackageDir(d)));

  const packages = new Map<string, ChangedPackage>();
  const packageAt = (dir: string): ChangedPackage => {
    let p = packages.get(dir);
    if (!p) {
      const from = movedFrom.get(dir);
      p = { dir, basePath: join(from ?? dir, 'APKBUILD'), changedFiles: [] };
      packages.set(dir, p);
    }
    return p;
  };
  const note = (p: ChangedPackage, name: string) => {
    if (!p.changedFiles.includes(name)) p.changedFiles.push(name);
  };
  /** the head package a path of the base tree belonged to, and its name there */
  const fromBase = (oldPath: string): [ChangedPackage, string] | undefined => {
    const movedDir = ancestor(oldPath, (d) => moves.has(d));
    if (movedDir !== undefined) return [packageAt(moves.get(movedDir)!), rel(movedDir, oldPath)];
    // the files of a deleted package belong to no package
    const dir = ancestor(oldPath, (d) => removed.has(d) || isPackageDir(d));
    return dir === undefined || removed.has(dir) ? undefined : [packageAt(dir), rel(dir, oldPath)];
  };

  for (const e of entries) {
    if (e.status === 'D') {
      const at = fromBase(e.path);
      if (at) note(at[0], at[1]);
      continue;
    }
    const dir = isApkbuild(e.path) ? dirOf(e.path) : ancestor(e.path, isPackageDir);
    if (dir === undefined) continue;
    const pkg = packageAt(dir);
    const name = rel(dir, e.path);
    if (isApkbuild(e.path) && e.status === 'C') pkg.basePath = undefined;
    if (isApkbuild(e.path) && e.status === 'A' && !movedFrom.has(dir)) pkg.basePath = undefined;
    if (e.status === 'R' || e.status === 'C') {
      const before = e.status === 'R' ? fromBase(e.oldPath!) : undefined;
      const samePlace = before && before[0] === pkg && before[1] === name;
      if (samePlace && e.score === 100) continue;
      if (before && !samePlace) note(before[0], before[1]);
    }
    note(pkg, name);
  }
  return [...packages.values()].filter((p) => isPackageDir(p.dir)).sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
}
