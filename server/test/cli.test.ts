import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, REPO_ROOT } from './helpers';

const BIN = path.join(REPO_ROOT, 'server', 'bin', 'apkbuild-ls.js');
const CLEAN = path.join(FIXTURES, 'aports', 'main', 'libkv', 'APKBUILD');

function cli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd ?? REPO_ROOT, env: { PATH: process.env.PATH, ...opts.env }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-cli-'));
}

const BAD = 'pkgname=foo\npkgver=1.0\npkgrel="1"\n';

test('exits 0 and prints nothing for a clean APKBUILD', () => {
  const r = cli(['lint', CLEAN]);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, '');
  assert.equal(r.code, 0);
});

test('prints atools-style lines and exits 1 when something is found', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'APKBUILD'), BAD);
  const r = cli(['lint', 'APKBUILD'], { cwd: dir });
  assert.equal(r.code, 1);
  for (const line of r.stdout.trim().split('\n')) assert.match(line, /^[SIMT][CP]:\[A[LB]\d+\]:APKBUILD:\d+:.+$/);
});

test('writes the JSON contract: 1-based ranges, label, severity words, fix list or null', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'APKBUILD'), BAD);
  const r = cli(['lint', '--format', 'json', 'APKBUILD'], { cwd: dir });
  const findings = JSON.parse(r.stdout);
  assert.ok(Array.isArray(findings) && findings.length > 0);
  for (const f of findings) {
    assert.deepEqual(Object.keys(f), ['code', 'label', 'severity', 'certainty', 'path', 'range', 'message', 'fix']);
    assert.ok(['serious', 'important', 'minor', 'style'].includes(f.severity));
    assert.ok(f.range.start.line >= 1 && f.range.start.column >= 1);
    assert.ok(f.fix === null || Array.isArray(f.fix));
  }
});

test('--severity drops findings below the threshold and they no longer fail the run', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'APKBUILD'), BAD);
  const all = JSON.parse(cli(['lint', '-f', 'json', 'APKBUILD'], { cwd: dir }).stdout) as { severity: string }[];
  const serious = cli(['lint', '-f', 'json', '--severity', 'S', 'APKBUILD'], { cwd: dir });
  const kept = JSON.parse(serious.stdout) as { severity: string }[];
  assert.deepEqual(kept, all.filter((f) => f.severity === 'serious'));
  assert.equal(serious.code, kept.length ? 1 : 0);
});

test('--output writes the report to a file and leaves nothing behind when it cannot', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'APKBUILD'), BAD);
  const r = cli(['lint', '-o', 'report.txt', 'APKBUILD'], { cwd: dir });
  assert.equal(r.stdout, '');
  assert.match(fs.readFileSync(path.join(dir, 'report.txt'), 'utf8'), /APKBUILD:\d+:/);
  const bad = cli(['lint', '-o', 'missing-dir/report.txt', 'APKBUILD'], { cwd: dir });
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /missing-dir/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['APKBUILD', 'report.txt']);
});

test('a tree with many 1 MB APKBUILDs is linted on the worker threads without running out of memory', () => {
  const root = tmpdir();
  const big = 'pkgname=big\npkgver=1.0\n' + Array.from({ length: 36_000 }, (_, i) => `_v${i}="$pkgver a b c"`).join('\n') + '\n';
  // more than 64 files, so that worker threads lint them; the big ones share a batch
  for (let i = 0; i < 70; i++) {
    fs.mkdirSync(path.join(root, 'main', `p${String(i).padStart(2, '0')}`), { recursive: true });
    fs.writeFileSync(path.join(root, 'main', `p${String(i).padStart(2, '0')}`, 'APKBUILD'), i < 24 ? big.replace('pkgname=big', `pkgname=p${String(i).padStart(2, '0')}`) : BAD);
  }
  const r = cli(['lint', '-f', 'json', '.'], { cwd: root });
  assert.equal(r.code, 1, r.stderr);
  assert.doesNotMatch(r.stderr, /internal error|out of memory/);
  const files = new Set((JSON.parse(r.stdout) as { path: string }[]).map((f) => f.path));
  assert.equal(files.size, 70);
});

test('bad input gets a message per file while the other files are still linted', () => {
  const root = tmpdir();
  const mk = (name: string, content: string | Buffer) => {
    fs.mkdirSync(path.join(root, name), { recursive: true });
    fs.writeFileSync(path.join(root, name, 'APKBUILD'), content);
  };
  mk('empty', '');
  mk('binary', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
  mk('latin1', Buffer.from('pkgdesc="caf\xe9"\n', 'latin1'));
  mk('unbalanced', 'pkgname=unbalanced\npkgdesc="no end\n');
  mk('huge', 'pkgname=huge\n' + '# filler line for size\n'.repeat(230_000));
  mk('good', BAD);
  fs.mkdirSync(path.join(root, 'dirnamed', 'APKBUILD'), { recursive: true });
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'dangling'));
  fs.mkdirSync(path.join(root, 'broken'));
  fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'broken', 'APKBUILD'));
  const r = cli(['lint', '-f', 'json', '.'], { cwd: root });
  const findings = JSON.parse(r.stdout) as { code: string; path: string; message: string }[];
  const byFile = (p: string) => findings.filter((f) => f.path === p);
  assert.match(byFile('binary/APKBUILD').map((f) => f.message).join(), /binary/);
  assert.match(byFile('latin1/APKBUILD').map((f) => f.message).join(), /UTF-8/);
  assert.ok(byFile('good/APKBUILD').length > 0, 'the good file was linted');
  assert.ok(byFile('huge/APKBUILD').length > 0, 'the 5 MB file was linted');
  assert.ok(byFile('unbalanced/APKBUILD').length > 0);
  assert.match(r.stderr, /broken\/APKBUILD: cannot read: no such file or directory/);
  assert.match(r.stderr, /dirnamed\/APKBUILD: is a directory named APKBUILD/);
  assert.equal(r.code, 2, 'an unreadable file is an I/O error');
});

test('lints a tree the same on worker threads as on one thread', () => {
  const root = tmpdir();
  const src = path.join(FIXTURES, 'aports');
  for (let i = 0; i < 10; i++) fs.cpSync(src, path.join(root, `copy${i}`), { recursive: true });
  const one = cli(['lint', '--jobs', '1', '-f', 'json', '.'], { cwd: root });
  const two = cli(['lint', '--jobs', '2', '-f', 'json', '.'], { cwd: root });
  assert.equal(one.stderr, '');
  assert.equal(two.stdout, one.stdout);
  assert.equal(two.code, one.code);
});

test('version -t compares like apk version -t', () => {
  assert.equal(cli(['version', '-t', '1.0', '1.0-r1']).stdout, '<\n');
  assert.equal(cli(['version', '-t', '1.0_rc1', '1.0']).stdout, '<\n');
  assert.equal(cli(['version', '-t', '2.0', '2.0']).stdout, '=\n');
  assert.equal(cli(['version', '-t', '1.10', '1.9']).stdout, '>\n');
});

test('version -c names the invalid versions and exits 1', () => {
  const r = cli(['version', '-c', '1.0', '1.0p1', '2.0-r3', 'abc']);
  assert.equal(r.stdout, '1.0p1\nabc\n');
  assert.equal(r.code, 1);
  assert.equal(cli(['version', '-c', '1.0', '1.2.3_rc4-r5']).code, 0);
});

test('rules lists every rule with code, severity and label', () => {
  const r = cli(['rules']);
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^AL1 +MC default-builddir-value /m);
  const json = JSON.parse(cli(['rules', '--format', 'json']).stdout) as { code: string }[];
  assert.equal(r.stdout.trim().split('\n').length, json.length);
});

test('usage mistakes exit 2 with a message', () => {
  for (const args of [['lint', '--format', 'xml'], ['lint', '--bogus'], ['frobnicate'], ['lint', '--jobs', '0'], ['version', '-t', '1']]) {
    const r = cli(args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.stderr, /apkbuild-ls: /);
  }
});

test('a broken config file is a clear error', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'APKBUILD'), BAD);
  fs.writeFileSync(path.join(dir, '.apkbuild-lint.json'), '{"severity": {"AL28": "loud"}}');
  const r = cli(['lint', 'APKBUILD'], { cwd: dir });
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.apkbuild-lint\.json: severity of AL28 must be one of/);
});

test('checksum writes sha512sums for local sources and --verify then agrees, until a file changes', () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'fix.patch'), '--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n');
  fs.writeFileSync(path.join(dir, 'APKBUILD'), 'pkgname=foo\npkgver=1.0\npkgrel=0\nsource="fix.patch"\n');
  const write = cli(['checksum', dir]);
  assert.equal(write.code, 0, write.stderr);
  const expected = spawnSync('sha512sum', ['fix.patch'], { cwd: dir, encoding: 'utf8' }).stdout.trim();
  assert.equal(fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8'), `pkgname=foo\npkgver=1.0\npkgrel=0\nsource="fix.patch"\nsha512sums="\n${expected}\n"\n`);
  assert.equal(cli(['checksum', '--verify', dir]).code, 0);
  fs.appendFileSync(path.join(dir, 'fix.patch'), ' \n');
  const verify = cli(['checksum', '--verify', dir]);
  assert.equal(verify.code, 1);
  assert.match(verify.stdout, /fix\.patch/);
});
