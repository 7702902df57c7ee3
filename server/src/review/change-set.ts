import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChangedPackage, changedPackages } from './changes';
import { changedEntries, mergeBase, openRepository, Repository } from './git';

export interface ChangeQuery {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** the revision the change is compared with (`--changed-since`) */
  rev: string;
  /** only packages under these paths (relative to cwd); empty: the whole repository */
  paths: readonly string[];
}

export interface ChangeSet {
  repo: Repository;
  /** the merge base of REV and HEAD */
  baseCommit: string;
  /** the packages the change touched that still exist, in directory order */
  packages: ChangedPackage[];
  /** paths of the query that do not exist */
  errors: string[];
}

/**
 * What a change is, for every command that works on one (`lint --changed-since`, `build
 * --changed-since`): the packages touched between the merge base of REV and HEAD, as aports CI
 * finds them, limited to the given paths. Throws GitError.
 */
export function findChange(query: ChangeQuery): ChangeSet {
  const repo = openRepository(query.cwd, query.env);
  const baseCommit = mergeBase(repo, query.rev);
  const errors: string[] = [];
  const limits: string[] = [];
  for (const p of query.paths) {
    try {
      limits.push(fs.realpathSync(path.resolve(query.cwd, p)));
    } catch {
      errors.push(`${p}: no such file or directory`);
    }
  }
  const packageDirs = new Map<string, boolean>();
  const isPackageDir = (dir: string) => {
    let yes = packageDirs.get(dir);
    if (yes === undefined) {
      yes = fs.statSync(path.join(repo.root, dir, 'APKBUILD'), { throwIfNoEntry: false })?.isFile() ?? false;
      packageDirs.set(dir, yes);
    }
    return yes;
  };
  const inside = (abs: string) => query.paths.length === 0 || limits.some((l) => abs === l || abs.startsWith(l + path.sep));
  const packages = changedPackages(changedEntries(repo, baseCommit), isPackageDir).filter((p) => inside(path.join(repo.root, p.dir, 'APKBUILD')));
  return { repo, baseCommit, packages, errors };
}
