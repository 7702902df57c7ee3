import { spawnSync } from 'node:child_process';
import { ChangeEntry, parseNameStatus, parseAddedLines } from './diff';

/** A git failure the user can act on: a bad revision, not a repository, git missing. */
export class GitError extends Error {}

/** Settings that would change what the commands below print, overridden on every call. */
const FIXED = ['-c', 'core.quotePath=false', '-c', 'diff.noprefix=false', '-c', 'diff.mnemonicPrefix=false', '-c', 'color.ui=never'];

/** Runs git with an argument array (never a shell) and returns its stdout. */
function git(cwd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Buffer {
  const r = spawnSync('git', [...FIXED, ...args], { cwd, env, input, maxBuffer: 1 << 30, windowsHide: true });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `cannot run git: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const message = r.stderr.toString('utf8').trim().split('\n').filter(Boolean).pop() ?? `exit status ${r.status}`;
    throw new GitError(`git ${args[0]}: ${message.replace(/^(fatal|error): /, '')}`);
  }
  return r.stdout;
}

/** A work tree and the commit a review compares HEAD with. */
export interface Repository {
  /** the top directory of the work tree (a real path) */
  root: string;
  env: NodeJS.ProcessEnv;
}

export function openRepository(cwd: string, env: NodeJS.ProcessEnv): Repository {
  let out: string;
  try {
    out = git(cwd, ['rev-parse', '--show-toplevel'], env).toString('utf8').trim();
  } catch (e) {
    if (e instanceof GitError && /not installed/.test(e.message)) throw e;
    throw new GitError(`--changed-since needs a git work tree: ${cwd} is not in one`);
  }
  if (!out) throw new GitError(`--changed-since needs a git work tree: ${cwd} is not in one`);
  return { root: out, env };
}

/**
 * The commit `REV...HEAD` diffs from: the merge base of REV and HEAD, as aports CI's
 * `git diff REV...HEAD` does (for a merge request, the commit the branch forked from).
 */
export function mergeBase(repo: Repository, rev: string): string {
  let commit: string;
  try {
    commit = git(repo.root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`], repo.env).toString('utf8').trim();
  } catch {
    commit = '';
  }
  if (!commit) throw new GitError(`--changed-since: "${rev}" is not a commit of this repository`);
  try {
    git(repo.root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], repo.env);
  } catch {
    throw new GitError('--changed-since: the repository has no commit (HEAD) yet');
  }
  try {
    return git(repo.root, ['merge-base', commit, 'HEAD'], repo.env).toString('utf8').trim();
  } catch {
    throw new GitError(`--changed-since: "${rev}" and HEAD have no common history`);
  }
}

/** Every file the change touched, with renames (`git diff --name-status -M base HEAD`). */
export function changedEntries(repo: Repository, base: string): ChangeEntry[] {
  return parseNameStatus(git(repo.root, ['diff', '--name-status', '-z', '-M', '--no-relative', '--no-ext-diff', base, 'HEAD', '--'], repo.env).toString('utf8'));
}

/** Repository path → the 1-based lines HEAD added or modified (`git diff -U0 -M base HEAD`). */
export function addedLines(repo: Repository, base: string): Map<string, Set<number>> {
  const args = ['diff', '-U0', '-M', '--no-relative', '--no-color', '--no-ext-diff', '--no-textconv', '--src-prefix=a/', '--dst-prefix=b/', base, 'HEAD', '--'];
  return parseAddedLines(git(repo.root, args, repo.env).toString('utf8'));
}

/**
 * The contents of `path` at `commit` for each path (`git show commit:path`, batched through one
 * `git cat-file --batch`); undefined for a path that is not a file there.
 */
export function readAt(repo: Repository, commit: string, paths: readonly string[]): (Buffer | undefined)[] {
  const usable = paths.map((p) => !/[\n\r]/.test(p));
  const asked = paths.filter((_, i) => usable[i]);
  if (asked.length === 0) return paths.map(() => undefined);
  const out = git(repo.root, ['cat-file', '--batch'], repo.env, asked.map((p) => `${commit}:${p}\n`).join(''));
  const blobs: (Buffer | undefined)[] = [];
  let pos = 0;
  for (let i = 0; i < asked.length; i++) {
    const nl = out.indexOf(0x0a, pos);
    const header = out.subarray(pos, nl).toString('utf8');
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) {
      // `<name> missing` or `<name> ambiguous`
      blobs.push(undefined);
      pos = nl + 1;
      continue;
    }
    const size = Number(m[2]);
    blobs.push(m[1] === 'blob' ? out.subarray(nl + 1, nl + 1 + size) : undefined);
    pos = nl + 1 + size + 1;
  }
  let k = 0;
  return paths.map((_, i) => (usable[i] ? blobs[k++] : undefined));
}

/** Which of `paths` have uncommitted changes in the work tree. */
export function uncommitted(repo: Repository, paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  const out = git(repo.root, ['diff', '--name-only', '-z', '--no-relative', 'HEAD', '--', ...paths.map((p) => `:(top,literal)${p}`)], repo.env).toString('utf8');
  return out.split('\0').filter(Boolean);
}
