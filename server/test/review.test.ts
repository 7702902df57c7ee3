import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { changedPackages } from '../src/review/changes';
import { parseAddedLines, parseNameStatus, unquotePath } from '../src/review/diff';
import { ruleRegistry } from '../src/rules/registry';
import { FIXTURES, REPO_ROOT } from './helpers';
import { scratchGit } from './git-env';

/**
 * `lint --changed-since REV [--new-only]` on a scratch git repository: an aports-shaped base
 * commit (the fixture tree plus one old mistake), then a merge request that bumps a pkgver
 * without resetting pkgrel and quotes the new pkgver (a new mistake on a changed line), changes
 * a patch without a pkgrel bump, and bumps another package correctly; meanwhile the target
 * branch moves on.
 */

const BIN = path.join(REPO_ROOT, 'server', 'bin', 'apkbuild-ls.js');
const TREE = path.join(FIXTURES, 'aports');
const registered = ruleRegistry.some((r) => r.code === 'AC1');
const needsChangeRules = registered ? {} : { skip: 'the change rules (AC*) are not in the rule registry yet' };

let home: string;
let repo: string;
/** a clone of `repo` with a branch that moves main/libkv to community */
let moved: string;

const { gitEnv, git } = scratchGit(() => home);

function cli(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: gitEnv(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Replaces `from` (which must be there) in a file of the scratch repository. */
function edit(file: string, from: string | RegExp, to: string): void {
  const p = path.join(repo, file);
  const text = fs.readFileSync(p, 'utf8');
  assert.ok(typeof from === 'string' ? text.includes(from) : from.test(text), `${file} has ${from}`);
  fs.writeFileSync(p, text.replace(from, to));
}

const sum = (c: string) => c.repeat(128);

before(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-review-home-'));
  repo = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-review-'));
  git(repo, 'init', '-q');
  git(repo, 'checkout', '-q', '-b', 'master');
  fs.cpSync(TREE, repo, { recursive: true });
  // old debt: a trailing space on a line no merge request touches
  edit('community/kvtop/APKBUILD', 'pkgdesc="Top-like live monitor for kvd servers"', 'pkgdesc="Top-like live monitor for kvd servers" ');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'base');
  git(repo, 'tag', 'base');

  git(repo, 'checkout', '-q', '-b', 'mr');
  // pkgver bump that keeps pkgrel=1, with a quoted pkgver (a new mistake on a changed line)
  edit('community/kvtop/APKBUILD', 'pkgver=0.12.3', 'pkgver="0.13.0"');
  edit('community/kvtop/APKBUILD', /^[0-9a-f]{128} {2}kvtop-0\.12\.3\.tar\.gz$/m, `${sum('1')}  kvtop-0.13.0.tar.gz`);
  // a patch changes (and its checksum) without a pkgrel bump
  edit('main/hexview/respect-ldflags.patch', 'keep working.', 'keep working. Also respect CPPFLAGS.');
  edit('main/hexview/APKBUILD', /^[0-9a-f]{128} {2}respect-ldflags\.patch$/m, `${sum('2')}  respect-ldflags.patch`);
  // a correct version bump
  edit('testing/kvsync/APKBUILD', 'pkgver=0.5.1', 'pkgver=0.6.0');
  edit('testing/kvsync/APKBUILD', 'pkgrel=3', 'pkgrel=0');
  edit('testing/kvsync/APKBUILD', /^[0-9a-f]{128} {2}kvsync-0\.5\.1\.tar\.gz$/m, `${sum('3')}  kvsync-0.6.0.tar.gz`);
  git(repo, 'commit', '-q', '-am', 'merge request');

  // the target branch moves on: its change is not part of the merge request
  git(repo, 'checkout', '-q', 'master');
  edit('main/libkv/APKBUILD', 'pkgrel=1', 'pkgrel=2');
  git(repo, 'commit', '-q', '-am', 'libkv: rebuild');
  git(repo, 'checkout', '-q', 'mr');

  moved = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-review-move-'));
  git(moved, 'clone', '-q', repo, '.');
  git(moved, 'checkout', '-q', '-b', 'move', 'base');
  fs.mkdirSync(path.join(moved, 'community'), { recursive: true });
  git(moved, 'mv', 'main/libkv', 'community/libkv');
  const apkbuild = path.join(moved, 'community', 'libkv', 'APKBUILD');
  fs.writeFileSync(apkbuild, fs.readFileSync(apkbuild, 'utf8').replace('pkgrel=1', 'pkgrel=2'));
  git(moved, 'commit', '-q', '-am', 'libkv: move to community');
});

after(() => {
  for (const dir of [home, repo, moved]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});


interface JsonFinding {
  code: string;
  path: string;
  range: { start: { line: number } };
  message: string;
}

const KVTOP_QUOTED = 'TP:[AL4]:community/kvtop/APKBUILD:4:pkgver must not be quoted';
const KVTOP_PKGREL = 'IC:[AC1]:community/kvtop/APKBUILD:5:pkgver changed from 0.12.3 to 0.13.0 but pkgrel is 1: reset it to 0';
const KVTOP_DEBT = 'IC:[AL8]:community/kvtop/APKBUILD:9:trailing whitespace';
const HEXVIEW_BUMP = 'IP:[AC2]:main/hexview/APKBUILD:5:the package changed (respect-ldflags.patch) but pkgrel is still 2: bump it to 3';

describe('lint --changed-since', needsChangeRules, () => {
  test('lints the packages the merge request changed, APKBUILD or patch, against the merge base', () => {
    const r = cli(['lint', '--changed-since', 'master', '-f', 'json']);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1);
    const found = (JSON.parse(r.stdout) as JsonFinding[]).map((f) => `${f.path}:${f.range.start.line}:${f.code}`);
    // master's own later change (libkv) is not part of the merge request; kvsync was bumped right
    assert.deepEqual(found, ['community/kvtop/APKBUILD:4:AL4', 'community/kvtop/APKBUILD:5:AC1', 'community/kvtop/APKBUILD:9:AL8', 'main/hexview/APKBUILD:5:AC2']);
  });

  test('text: every finding of the changed packages, old debt included', () => {
    const r = cli(['lint', '--changed-since', 'base']);
    assert.equal(r.stdout, [KVTOP_QUOTED, KVTOP_PKGREL, KVTOP_DEBT, HEXVIEW_BUMP].map((l) => `${l}\n`).join(''));
    assert.equal(r.code, 1);
  });

  test('--new-only drops findings on lines the change did not touch, but keeps the change rules', () => {
    const r = cli(['lint', '--changed-since', 'base', '--new-only']);
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, [KVTOP_QUOTED, KVTOP_PKGREL, HEXVIEW_BUMP].map((l) => `${l}\n`).join(''));
    assert.equal(r.code, 1);
  });

  test('github: one workflow command per finding, on the same lines', () => {
    const all = cli(['lint', '--changed-since', 'base', '-f', 'github']).stdout.trim().split('\n');
    assert.deepEqual(all, [
      '::notice file=community/kvtop/APKBUILD,line=4,col=8,endLine=4,endColumn=16,title=AL4 pkgver-quoted::pkgver must not be quoted',
      '::error file=community/kvtop/APKBUILD,line=5,col=8,endLine=5,endColumn=9,title=AC1 pkgrel-not-reset::pkgver changed from 0.12.3 to 0.13.0 but pkgrel is 1: reset it to 0',
      '::error file=community/kvtop/APKBUILD,line=9,col=48,endLine=9,endColumn=49,title=AL8 trailing-whitespace::trailing whitespace',
      '::error file=main/hexview/APKBUILD,line=5,col=8,endLine=5,endColumn=9,title=AC2 pkgrel-not-bumped::the package changed (respect-ldflags.patch) but pkgrel is still 2: bump it to 3',
    ]);
    const fresh = cli(['lint', '--changed-since', 'base', '--new-only', '-f', 'github']).stdout.trim().split('\n');
    assert.deepEqual(fresh, [all[0], all[1], all[3]]);
  });

  test('gitlab: the same findings as Code Quality issues, with fingerprints that do not depend on the mode', () => {
    type Issue = { check_name: string; severity: string; fingerprint: string; location: { path: string; lines: { begin: number } } };
    const all = JSON.parse(cli(['lint', '--changed-since', 'base', '-f', 'gitlab']).stdout) as Issue[];
    const fresh = JSON.parse(cli(['lint', '--changed-since', 'base', '--new-only', '-f', 'gitlab']).stdout) as Issue[];
    const show = (i: Issue) => `${i.location.path}:${i.location.lines.begin}:${i.check_name}:${i.severity}`;
    assert.deepEqual(all.map(show), [
      'community/kvtop/APKBUILD:4:AL4 pkgver-quoted:info',
      'community/kvtop/APKBUILD:5:AC1 pkgrel-not-reset:major',
      'community/kvtop/APKBUILD:9:AL8 trailing-whitespace:major',
      'main/hexview/APKBUILD:5:AC2 pkgrel-not-bumped:major',
    ]);
    assert.deepEqual(fresh, [all[0], all[1], all[3]]);
    assert.equal(new Set(all.map((i) => i.fingerprint)).size, all.length);
  });

  test('sarif: results at the same regions, each pointing at its rule', () => {
    type Log = { runs: { tool: { driver: { rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    const run = (args: string[]) => (JSON.parse(cli(['lint', '--changed-since', 'base', '-f', 'sarif', ...args]).stdout) as Log).runs[0];
    const show = (r: ReturnType<typeof run>) =>
      r.results.map((x) => {
        assert.equal(r.tool.driver.rules[x.ruleIndex].id, x.ruleId);
        const loc = x.locations[0].physicalLocation;
        return `${loc.artifactLocation.uri}:${loc.region.startLine}:${x.ruleId}:${x.level}`;
      });
    assert.deepEqual(show(run([])), ['community/kvtop/APKBUILD:4:AL4:note', 'community/kvtop/APKBUILD:5:AC1:error', 'community/kvtop/APKBUILD:9:AL8:error', 'main/hexview/APKBUILD:5:AC2:error']);
    assert.deepEqual(show(run(['--new-only'])), ['community/kvtop/APKBUILD:4:AL4:note', 'community/kvtop/APKBUILD:5:AC1:error', 'main/hexview/APKBUILD:5:AC2:error']);
  });

  test('rdjson: diagnostics with the fixes as suggestions (unquote pkgver, reset pkgrel, bump pkgrel)', () => {
    type Pos = { line: number; column: number };
    type Diag = { code: { value: string }; severity: string; location: { path: string; range: { start: Pos } }; suggestions?: { range: { start: Pos; end: Pos }; text: string }[] };
    const run = (args: string[]) => (JSON.parse(cli(['lint', '--changed-since', 'base', '-f', 'rdjson', ...args]).stdout) as { diagnostics: Diag[] }).diagnostics;
    const show = (d: Diag) => {
      const fix = (d.suggestions ?? []).map((s) => ` ${s.range.start.line}:${s.range.start.column}-${s.range.end.line}:${s.range.end.column}=${s.text}`).join('');
      return `${d.location.path}:${d.location.range.start.line}:${d.location.range.start.column}:${d.code.value}:${d.severity}${fix}`;
    };
    assert.deepEqual(run(['--new-only']).map(show), [
      'community/kvtop/APKBUILD:4:8:AL4:INFO 4:8-4:16=0.13.0',
      'community/kvtop/APKBUILD:5:8:AC1:ERROR 5:8-5:9=0',
      'main/hexview/APKBUILD:5:8:AC2:ERROR 5:8-5:9=3',
    ]);
    assert.equal(run([]).length, 4);
  });

  test('paths on the command line limit the review', () => {
    assert.equal(cli(['lint', '--changed-since', 'base', 'main']).stdout, `${HEXVIEW_BUMP}\n`);
    assert.equal(cli(['lint', '--changed-since', 'base', '--new-only', 'community/kvtop/APKBUILD']).stdout, `${KVTOP_QUOTED}\n${KVTOP_PKGREL}\n`);
    assert.equal(cli(['lint', '--changed-since', 'base', 'testing']).code, 0);
  });

  test('paths in reports stay relative to the working directory when run from a repository subdirectory', () => {
    const r = cli(['lint', '--changed-since', 'base', '--new-only', '.'], path.join(repo, 'main'));
    assert.equal(r.stdout, HEXVIEW_BUMP.replace('main/hexview', 'hexview') + '\n');
  });

  test('a package moved to a higher repository is checked against the packages that depend on it', () => {
    const r = cli(['lint', '--changed-since', 'base', '--new-only'], moved);
    assert.equal(r.stderr, '');
    assert.equal(
      r.stdout,
      "SC:[AC6]:community/libkv/APKBUILD:3:moved from main to community, but packages of lower repositories depend on it: main/kvd (makedepends 'libkv-dev')\n",
    );
  });

  test('nothing changed: an empty report in every format and exit 0', () => {
    for (const [format, empty] of [['text', ''], ['gitlab', '[]\n'], ['github', '']]) {
      const r = cli(['lint', '--changed-since', 'HEAD', '--new-only', '-f', format]);
      assert.equal(r.stdout, empty, format);
      assert.equal(r.code, 0, format);
    }
    const sarif = JSON.parse(cli(['lint', '--changed-since', 'HEAD', '-f', 'sarif']).stdout);
    assert.deepEqual(sarif.runs[0].results, []);
  });
});

describe('lint --changed-since mistakes', () => {
  test('a revision that does not exist is a clear error, exit 2, and no report', () => {
    const r = cli(['lint', '--changed-since', 'no-such-branch', '-o', 'report.json', '-f', 'json']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^apkbuild-ls: --changed-since: "no-such-branch" is not a commit of this repository\n$/);
    assert.equal(fs.existsSync(path.join(repo, 'report.json')), false);
  });

  test('a revision that looks like an option is taken as a revision', () => {
    const r = cli(['lint', '--changed-since=--output=x']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /"--output=x" is not a commit/);
  });

  test('outside a git work tree it is a clear error, exit 2', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-nogit-'));
    fs.writeFileSync(path.join(dir, 'APKBUILD'), 'pkgname=foo\n');
    const r = cli(['lint', '--changed-since', 'HEAD~1'], dir);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--changed-since needs a git work tree: .* is not in one/);
  });

  test('a shallow clone without the base revision is a clear error, exit 2', () => {
    const shallow = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-shallow-'));
    git(shallow, 'clone', '-q', '--depth', '1', `file://${repo}`, 'clone');
    const r = cli(['lint', '--changed-since', 'HEAD~1'], path.join(shallow, 'clone'));
    fs.rmSync(shallow, { recursive: true, force: true });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^apkbuild-ls: --changed-since: /);
    assert.equal(r.stdout, '');
  });

  test('a binary file committed as an APKBUILD is reported, not a crash', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-binary-'));
    git(dir, 'init', '-q');
    fs.mkdirSync(path.join(dir, 'main', 'foo'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'main', 'foo', 'APKBUILD'), 'pkgname=foo\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    fs.writeFileSync(path.join(dir, 'main', 'foo', 'APKBUILD'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1]));
    git(dir, 'commit', '-qam', 'oops');
    const r = cli(['lint', '--changed-since', 'HEAD~1'], dir);
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^SC:\[AB1\]:main\/foo\/APKBUILD:1:binary file/m);
  });

  test('a path that does not exist is an error, exit 2', () => {
    const r = cli(['lint', '--changed-since', 'base', 'main/no-such-package']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /main\/no-such-package: no such file or directory/);
  });

  test('--new-only without --changed-since is a usage error', () => {
    const r = cli(['lint', '--new-only', '.']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--new-only needs --changed-since REV/);
  });
});

describe('reading git diff output', () => {
  test('name-status with renames, copies and deletions', () => {
    const out = 'M\0main/foo/APKBUILD\0R100\0main/bar/APKBUILD\0community/bar/APKBUILD\0C075\0main/a/APKBUILD\0main/b/APKBUILD\0D\0main/foo/old.patch\0';
    assert.deepEqual(parseNameStatus(out), [
      { status: 'M', path: 'main/foo/APKBUILD' },
      { status: 'R', oldPath: 'main/bar/APKBUILD', path: 'community/bar/APKBUILD', score: 100 },
      { status: 'C', oldPath: 'main/a/APKBUILD', path: 'main/b/APKBUILD', score: 75 },
      { status: 'D', path: 'main/foo/old.patch' },
    ]);
  });

  test('added lines come from the hunk headers, even when a changed patch has lines like headers', () => {
    const out = [
      'diff --git a/main/foo/fix.patch b/main/foo/fix.patch',
      'index 1111111..2222222 100644',
      '--- a/main/foo/fix.patch',
      '+++ b/main/foo/fix.patch',
      '@@ -3,2 +3,3 @@ Subject: fix',
      '---- a/src/x.c',
      '-+++ b/src/x.c',
      '+--- a/src/y.c',
      '++++ b/src/y.c',
      '+@@ -1 +1 @@',
      '@@ -10 +11,0 @@',
      '-gone',
      'diff --git a/main/foo/APKBUILD b/main/foo/APKBUILD',
      '--- a/main/foo/APKBUILD',
      '+++ b/main/foo/APKBUILD',
      '@@ -4 +4 @@',
      '-pkgver=1.0',
      '+pkgver=1.1',
      '\\ No newline at end of file',
      'diff --git a/main/foo/gone.patch b/main/foo/gone.patch',
      'deleted file mode 100644',
      '--- a/main/foo/gone.patch',
      '+++ /dev/null',
      '@@ -1 +0,0 @@',
      '-x',
      'diff --git "a/main/foo/t\\303\\251st.patch" "b/main/foo/t\\303\\251st.patch"',
      '--- "a/main/foo/t\\303\\251st.patch"',
      '+++ "b/main/foo/t\\303\\251st.patch"',
      '@@ -0,0 +1,2 @@',
      '+a',
      '+b',
      '',
    ].join('\n');
    const lines = parseAddedLines(out);
    assert.deepEqual([...lines.keys()], ['main/foo/fix.patch', 'main/foo/APKBUILD', 'main/foo/tést.patch']);
    assert.deepEqual([...lines.get('main/foo/fix.patch')!], [3, 4, 5]);
    assert.deepEqual([...lines.get('main/foo/APKBUILD')!], [4]);
    assert.deepEqual([...lines.get('main/foo/tést.patch')!], [1, 2]);
  });

  test('quoted paths are unquoted', () => {
    assert.equal(unquotePath('"a\\tb\\"c\\\\d"'), 'a\tb"c\\d');
    assert.equal(unquotePath('plain/path'), 'plain/path');
  });
});

describe('the packages a change touched', () => {
  const dirs = new Set(['main/foo', 'community/bar', 'community/baz', 'main/copy', '']);
  const isPackageDir = (d: string) => dirs.has(d);

  test('an APKBUILD change, a patch change and a deleted file each make their package a target', () => {
    const got = changedPackages(
      [
        { status: 'M', path: 'main/foo/fix.patch' },
        { status: 'D', path: 'main/foo/old.initd' },
        { status: 'A', path: 'main/foo/patches/new.patch' },
        { status: 'M', path: 'README.md' },
      ],
      (d) => d === 'main/foo',
    );
    assert.deepEqual(got, [{ dir: 'main/foo', basePath: 'main/foo/APKBUILD', changedFiles: ['fix.patch', 'old.initd', 'patches/new.patch'] }]);
  });

  test('a move is found from a rename or from a deletion and an addition of the same name', () => {
    const got = changedPackages(
      [
        { status: 'R', oldPath: 'testing/bar/APKBUILD', path: 'community/bar/APKBUILD', score: 92 },
        { status: 'R', oldPath: 'testing/bar/bar.initd', path: 'community/bar/bar.initd', score: 100 },
        { status: 'R', oldPath: 'testing/bar/a.patch', path: 'community/bar/b.patch', score: 100 },
        { status: 'A', path: 'community/baz/APKBUILD' },
        { status: 'D', path: 'main/baz/APKBUILD' },
        { status: 'D', path: 'main/baz/baz.confd' },
      ],
      isPackageDir,
    );
    assert.deepEqual(got, [
      { dir: 'community/bar', basePath: 'testing/bar/APKBUILD', changedFiles: ['APKBUILD', 'a.patch', 'b.patch'] },
      { dir: 'community/baz', basePath: 'main/baz/APKBUILD', changedFiles: ['APKBUILD', 'baz.confd'] },
    ]);
  });

  test('a new or copied package has no base; a deleted package is not a target', () => {
    const got = changedPackages(
      [
        { status: 'C', oldPath: 'main/foo/APKBUILD', path: 'main/copy/APKBUILD', score: 80 },
        { status: 'A', path: 'APKBUILD' },
        { status: 'D', path: 'main/gone/APKBUILD' },
        { status: 'D', path: 'main/gone/gone.patch' },
      ],
      isPackageDir,
    );
    assert.deepEqual(got, [
      { dir: '', basePath: undefined, changedFiles: ['APKBUILD'] },
      { dir: 'main/copy', basePath: undefined, changedFiles: ['APKBUILD'] },
    ]);
  });
});
