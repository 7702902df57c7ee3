import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, decodeText } from '../lint';
import type { BaseRevision } from '../rules/change-context';
import { rules as checksumRules } from '../rules/change-checksums';
import { rules as repoRules } from '../rules/change-repo';
import { rules as secfixesRules } from '../rules/change-secfixes';
import { rules as versionRules } from '../rules/change-version';
import type { Finding } from '../rules/engine';
import { treeRootOf } from '../workspace/fs-tree-index';
import { findChange } from './change-set';
import { scanDependents } from './dependents';
import { addedLines, readAt, Repository, uncommitted } from './git';

/** The rules about the change itself: `--new-only` keeps their findings wherever they are. */
export const CHANGE_RULE_CODES: ReadonlySet<string> = new Set([...versionRules, ...secfixesRules, ...checksumRules, ...repoRules].map((r) => r.code));

export interface ReviewOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** the revision the change is compared with (`--changed-since`) */
  rev: string;
  /** limit the review to packages under these paths (relative to cwd); empty: the whole repository */
  paths: readonly string[];
  /** also read which lines the change added (`--new-only`) */
  newOnly: boolean;
}

export interface ReviewTarget {
  /** the APKBUILD to lint, relative to cwd when it is inside it */
  file: string;
  /** the package before the change; undefined for a new package */
  base: BaseRevision | undefined;
}

export interface Review {
  repo: Repository;
  /** the commit compared with: the merge base of REV and HEAD */
  baseCommit: string;
  targets: ReviewTarget[];
  /** repository path → 1-based lines the change added or modified (with newOnly) */
  added?: Map<string, Set<number>>;
  notes: string[];
  /** paths on the command line that do not exist */
  errors: string[];
}

/**
 * Finds what a merge request changed, as aports CI does, and the base revision of each changed
 * package. Needs the parser (`initParser()`): base APKBUILDs are analysed here. Throws GitError.
 */
export function planReview(options: ReviewOptions): Review {
  const { repo, baseCommit, packages, errors } = findChange(options);
  const realCwd = fs.realpathSync(options.cwd);
  const review: Review = { repo, baseCommit, targets: [], notes: [], errors };

  const withBase = packages.filter((p) => p.basePath !== undefined);
  const blobs = readAt(repo, baseCommit, withBase.map((p) => p.basePath!));
  const baseTexts = new Map(withBase.map((p, i) => [p, blobs[i] && decodeText(blobs[i]!)]));
  for (const p of packages) {
    const abs = path.join(repo.root, p.dir, 'APKBUILD');
    const rel = path.relative(realCwd, abs);
    const file = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : abs;
    const text = baseTexts.get(p);
    const treeRoot = treeRootOf(abs);
    const base: BaseRevision | undefined =
      text === undefined
        ? undefined
        : {
            apkbuild: analyzeText(text),
            path: path.join(repo.root, p.basePath!),
            changedFiles: p.changedFiles,
            dependents: treeRoot ? (names, repos) => scanDependents(treeRoot, names, repos) : undefined,
          };
    review.targets.push({ file, base });
  }

  if (options.newOnly) {
    review.added = addedLines(repo, baseCommit);
    const dirty = uncommitted(repo, packages.map((p) => (p.dir ? `${p.dir}/APKBUILD` : 'APKBUILD')));
    for (const d of dirty) review.notes.push(`${d}: has uncommitted changes; --new-only goes by the committed change (HEAD)`);
  }
  return review;
}

/** The last line a finding covers (a range that ends at column 0 ends on the line before). */
function lastLine(f: Finding): number {
  const { start, end } = f.range;
  return end.line > start.line && end.character === 0 ? end.line - 1 : end.line;
}

/**
 * `--new-only`: the findings on lines the change added or modified, plus every finding of the
 * change rules (they are about the change itself, often on a line it did not touch).
 */
export function newFindingsOnly(findings: readonly Finding[], review: Review, cwd: string): Finding[] {
  const added = review.added ?? new Map<string, Set<number>>();
  const realCwd = fs.realpathSync(cwd);
  return findings.filter((f) => {
    if (CHANGE_RULE_CODES.has(f.code)) return true;
    const repoPath = path.relative(review.repo.root, path.resolve(realCwd, f.path)).split(path.sep).join('/');
    const lines = added.get(repoPath);
    if (!lines) return false;
    for (let l = f.range.start.line; l <= lastLine(f); l++) if (lines.has(l + 1)) return true;
    return false;
  });
}
