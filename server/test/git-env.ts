import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

/** git with a fixed author, date and HOME, so scratch repositories of the tests are reproducible. */
export function scratchGit(home: () => string): { gitEnv: () => NodeJS.ProcessEnv; git: (cwd: string, ...args: string[]) => string } {
  const gitEnv = (): NodeJS.ProcessEnv => ({
    PATH: process.env.PATH,
    HOME: home(),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Ana Silva',
    GIT_AUTHOR_EMAIL: 'ana@example.org',
    GIT_COMMITTER_NAME: 'Ana Silva',
    GIT_COMMITTER_EMAIL: 'ana@example.org',
    GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
    GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
  });
  const git = (cwd: string, ...args: string[]): string => {
    const r = spawnSync('git', args, { cwd, env: gitEnv(), encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
    return r.stdout.trim();
  };
  return { gitEnv, git };
}
