import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, REPO_ROOT } from './helpers';
import { scratchGit } from './git-env';

/** `apkbuild-ls build --plan` as a process: on the fixture tree, and on a scratch git repository of it for --changed-since. */

const BIN = path.join(REPO_ROOT, 'server', 'bin', 'apkbuild-ls.js');
const TREE = path.join(FIXTURES, 'plan');
let home: string;
let repo: string;

const { gitEnv, git } = scratchGit(() => home);

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: gitEnv(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function edit(file: string, from: string, to: string): void {
  const p = path.join(repo, file);
  const text = fs.readFileSync(p, 'utf8');
  assert.ok(text.includes(from), `${file} has ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
}

before(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-plan-home-'));
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-plan-'));
  git(repo, 'init', '-q');
  git(repo, 'checkout', '-q', '-b', 'master');
  fs.cpSync(TREE, repo, { recursive: true });
  fs.writeFileSync(path.join(repo, 'main', 'libcore', 'fix-build.patch'), 'old patch\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'tag', 'base');

  git(repo, 'checkout', '-q', '-b', 'mr');
  // app: a pkgrel bump; libcore: only its patch changes; libmid: renamed to community (a move)
  edit('community/app/APKBUILD', 'pkgrel=2', 'pkgrel=3');
  fs.writeFileSync(path.join(repo, 'main', 'libcore', 'fix-build.patch'), 'new patch\n');
  git(repo, 'mv', 'main/libmid', 'community/libmid');
  // a new package, and a package whose change is undone before the end (not part of the change)
  fs.mkdirSync(path.join(repo, 'testing', 'newpkg'));
  fs.writeFileSync(path.join(repo, 'testing', 'newpkg', 'APKBUILD'), fs.readFileSync(path.join(repo, 'main', 'zebra', 'APKBUILD'), 'utf8').replace('pkgname=zebra', 'pkgname=newpkg').replace('arch="all"', 'arch="all"\nmakedepends="app"'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'mr');
  edit('main/zebra/APKBUILD', 'pkgrel=0', 'pkgrel=1');
  git(repo, 'commit', '-q', '-am', 'zebra');
  edit('main/zebra/APKBUILD', 'pkgrel=1', 'pkgrel=0');
  git(repo, 'commit', '-q', '-am', 'zebra back');

  // meanwhile the target branch moves on: its changes are not the merge request's
  git(repo, 'checkout', '-q', 'master');
  edit('testing/aardvark/APKBUILD', 'pkgrel=0', 'pkgrel=1');
  git(repo, 'commit', '-q', '-am', 'aardvark');
  git(repo, 'checkout', '-q', 'mr');
});

after(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(home, { recursive: true, force: true });
});

describe('apkbuild-ls build --plan', () => {
  test('prints the per-arch order and exits 0 for a buildable set', () => {
    const r = cli(['build', '--plan', '--arch', 'x86_64,aarch64', 'community/app', 'main/libmid', 'main/libcore', 'community/x86tool'], TREE);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^build plan: 4 packages of /);
    const x86 = r.stdout.slice(r.stdout.indexOf('x86_64:'), r.stdout.indexOf('aarch64:'));
    assert.deepEqual([...x86.matchAll(/^ +\d+\. \[(\d)\] (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`), ['1 main/libcore', '2 main/libmid', '3 community/app', '2 community/x86tool']);
    assert.match(r.stdout, /not built: community\/x86tool: arch="x86_64 x86" \(line 7\) excludes aarch64/);
  });

  test('--format json is the plan for programs', () => {
    const r = cli(['build', '--plan', '--format', 'json', '--arch', 'all', 'community/app', 'main/libmid', 'main/libcore'], TREE);
    assert.equal(r.code, 0, r.stderr);
    const plan = JSON.parse(r.stdout);
    assert.equal(plan.tree, fs.realpathSync(TREE));
    assert.equal(plan.changedSince, null);
    assert.equal(plan.arches.length, 9);
    for (const a of plan.arches) assert.deepEqual(a.levels, [['main/libcore'], ['main/libmid'], ['community/app']]);
    assert.deepEqual(plan.packages.find((p: { dir: string }) => p.dir === 'main/libmid').needs, [{ dir: 'main/libcore', variable: 'makedepends', name: 'libcore-dev' }]);
    assert.deepEqual(plan.problems, []);
  });

  test('exits 1 and names the problems: a cycle, a name found nowhere, a duplicate provider', () => {
    const r = cli(['build', '--plan', 'testing/cyc-a', 'testing/cyc-b', 'testing/lonely', 'testing/dup-one', 'testing/dup-two'], TREE);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stdout, /problems \(3\)/);
    assert.match(r.stdout, /dependency cycle: cyc-a makedepends cyc-b, cyc-b depends cyc-a/);
    assert.match(r.stdout, /"does-not-exist-anywhere" \(APKBUILD line 9\) is not found/);
    assert.match(r.stdout, /both provide "virtual-thing"/);
  });

  test('build --help prints the runner\'s and the plan\'s options and exits 0', () => {
    const r = cli(['build', '--help'], TREE);
    assert.equal(r.code, 0, r.stderr);
    for (const option of ['--arch', '--base-image', '--engine', '--repodest', '--force', '--plan-file', '--plan ']) assert.ok(r.stdout.includes(option), option);
  });

  test('without --plan the runner plans first: a dependency cycle exits 2 naming it, before any engine is asked', () => {
    const r = cli(['build', 'testing/cyc-a', 'testing/cyc-b', '--arch', 'x86_64'], TREE);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /dependency cycle: cyc-a makedepends cyc-b, cyc-b depends cyc-a/);
    assert.equal(r.stdout, '');
  });

  test('without --plan the runner\'s usage errors exit 2 with its usage line', () => {
    const r = cli(['build', 'main/zebra', '--release', 'stable'], TREE);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--release is edge or 3\.xx, not stable/);
    assert.match(r.stderr, /usage: apkbuild-ls build/);
  });

  test('usage and input errors exit 2 with a clear message', () => {
    let r = cli(['build', '--plan', '--arch', 'amd64', 'main/zebra'], TREE);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown arch "amd64"/);
    r = cli(['build', '--plan', '--format', 'xml', 'main/zebra'], TREE);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /unknown format "xml"/);
    r = cli(['build', '--plan', 'main/nope'], TREE);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /main\/nope: no such file or directory/);
    assert.equal(r.stdout, '');
  });

  test('--changed-since plans the packages the change touched, found as lint --changed-since finds them', () => {
    const r = cli(['build', '--plan', '--format', 'json', '--changed-since', 'master'], repo);
    assert.equal(r.code, 0, r.stderr + r.stdout);
    const plan = JSON.parse(r.stdout);
    assert.equal(plan.changedSince.rev, 'master');
    assert.equal(plan.changedSince.base, git(repo, 'rev-parse', 'base'));
    assert.deepEqual(plan.arches[0].order.map((o: { dir: string }) => o.dir), ['main/libcore', 'community/libmid', 'community/app', 'testing/newpkg']);
  });

  test('--changed-since @{upstream} (the editor\'s default base) plans the change since the merge base with the branch\'s upstream', () => {
    git(repo, 'branch', '-q', '--set-upstream-to=master', 'mr');
    try {
      const r = cli(['build', '--plan', '--format', 'json', '--changed-since', '@{upstream}'], repo);
      assert.equal(r.code, 0, r.stderr + r.stdout);
      const plan = JSON.parse(r.stdout);
      assert.equal(plan.changedSince.base, git(repo, 'rev-parse', 'base'));
      assert.deepEqual(plan.arches[0].order.map((o: { dir: string }) => o.dir), ['main/libcore', 'community/libmid', 'community/app', 'testing/newpkg']);
    } finally {
      git(repo, 'branch', '-q', '--unset-upstream', 'mr');
    }
  });

  test('--changed-since with DIRs limits the change to them', () => {
    const r = cli(['build', '--plan', '--format', 'json', '--changed-since', 'master', 'community'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).packages.map((p: { dir: string }) => p.dir), ['community/app', 'community/libmid']);
  });

  test('--changed-since a revision that does not exist exits 2 before planning', () => {
    const r = cli(['build', '--plan', '--changed-since', 'no-such-branch'], repo);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"no-such-branch" is not a commit of this repository/);
    assert.equal(r.stdout, '');
  });

  test('a change that touched no package plans nothing and exits 0', () => {
    const r = cli(['build', '--plan', '--changed-since', 'HEAD'], repo);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /nothing to build/);
  });
});

test('the text plan marks an edge guessed from a name pattern', () => {
  const r = cli(['build', '--plan', 'testing/kit-user', 'main/lua-kit'], TREE);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /testing\/kit-user +1\.0-r0 +after lua-kit\?$/m);
});
