import * as fs from 'node:fs';
import * as path from 'node:path';
import { findChange } from '../review/change-set';
import { GitError } from '../review/git';
import { treeRootOf } from '../workspace/fs-tree-index';

/** Why a set of packages can not be planned at all: a bad revision, a missing directory, a package outside the tree. */
export class PlanInputError extends Error {}

export interface PackageSet {
  /** the aports tree the packages belong to (a real path) */
  treeRoot: string;
  /** the package directories, real absolute paths, in the order given or found */
  dirs: string[];
  /** with --changed-since: the revision and the merge base compared with */
  change?: { rev: string; baseCommit: string };
}

export interface SetQuery {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** package directories (or their APKBUILDs); with `changedSince`, the paths that limit the change */
  paths: readonly string[];
  changedSince?: string;
}

/**
 * The packages to plan: the given directories, or the packages changed since a revision, found
 * exactly as `lint --changed-since` finds them. All must be in one aports tree
 * (`<tree>/<repo>/<package>/APKBUILD`): its other packages are where dependencies come from.
 */
export function findPackageSet(query: SetQuery): PackageSet {
  let dirs: string[];
  let change: PackageSet['change'];
  if (query.changedSince !== undefined) {
    let found;
    try {
      found = findChange({ cwd: query.cwd, env: query.env, rev: query.changedSince, paths: query.paths });
    } catch (e) {
      if (e instanceof GitError) throw new PlanInputError(e.message);
      throw e;
    }
    if (found.errors.length > 0) throw new PlanInputError(found.errors.join('; '));
    dirs = found.packages.map((p) => path.join(found.repo.root, p.dir));
    change = { rev: query.changedSince, baseCommit: found.baseCommit };
  } else {
    const given = query.paths.length > 0 ? query.paths : ['.'];
    dirs = given.map((p) => packageDirOf(path.resolve(query.cwd, p), p));
  }
  dirs = [...new Set(dirs.map((d) => realDir(d)))];
  const roots = dirs.map((d) => treeRootOf(path.join(d, 'APKBUILD')));
  const treeRoot = roots.find((r) => r !== undefined);
  if (dirs.length > 0 && treeRoot === undefined) {
    throw new PlanInputError(`${dirs[0]} is not in an aports tree (<tree>/main|community|testing/<package>/APKBUILD): a build plan needs the tree to find dependencies in`);
  }
  const outside = dirs.filter((_, i) => roots[i] !== treeRoot);
  if (outside.length > 0) throw new PlanInputError(`outside the aports tree ${treeRoot}: ${outside.join(', ')}`);
  if (treeRoot === undefined) {
    // an empty change: nothing to plan, the tree is the repository's
    return { treeRoot: query.cwd, dirs, change };
  }
  return { treeRoot, dirs, change };
}

/** The package directory a command-line path names: a directory with an APKBUILD, or the APKBUILD itself. */
function packageDirOf(abs: string, given: string): string {
  const stat = fs.statSync(abs, { throwIfNoEntry: false });
  if (!stat) throw new PlanInputError(`${given}: no such file or directory`);
  if (stat.isFile() && path.basename(abs) === 'APKBUILD') return path.dirname(abs);
  if (stat.isDirectory() && fs.statSync(path.join(abs, 'APKBUILD'), { throwIfNoEntry: false })?.isFile()) return abs;
  throw new PlanInputError(`${given}: not a package directory (no APKBUILD in it)`);
}

function realDir(dir: string): string {
  try {
    return fs.realpathSync(dir);
  } catch (e) {
    throw new PlanInputError(`${dir}: ${(e as Error).message}`);
  }
}
