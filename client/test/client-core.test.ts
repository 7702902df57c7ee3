// The extension's plain-Node parts: restart policy, command targets, server launch, lint report.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { checkTarget, isReadOnlyFile } from '../src/command-target';
import { runLint } from '../src/lint-process';
import { problemsByFile } from '../src/lint-report';
import { RestartPolicy } from '../src/restart-policy';
import { resolveServerLaunch } from '../src/server-launch';
import { keepDiagnostic } from '../src/severity-filter';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
const FIXTURE_TREE = path.join(REPO_ROOT, 'test-fixtures', 'aports');

describe('restart policy', () => {
  test('restarts a crashed server up to the limit within three minutes, then gives up', () => {
    const p = new RestartPolicy(2);
    assert.equal(p.crashed(0), true);
    assert.equal(p.crashed(1000), true);
    assert.equal(p.crashed(2000), false);
  });

  test('forgets crashes older than the window', () => {
    const p = new RestartPolicy(1, 60_000);
    assert.equal(p.crashed(0), true);
    assert.equal(p.crashed(61_000), true);
    assert.equal(p.recentCrashes, 1);
  });
});

describe('command targets', () => {
  test('refuses an untitled document and asks to save it first', () => {
    const r = checkTarget('Update checksums', { scheme: 'untitled', fsPath: 'Untitled-1' });
    assert.deepEqual(r, { ok: false, message: 'Update checksums: save this APKBUILD in its package directory first.' });
  });

  test('refuses a git: view of an APKBUILD, naming the scheme', () => {
    const r = checkTarget('Bump pkgrel', { scheme: 'git', fsPath: '/a/APKBUILD' });
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, /git: view/);
  });

  test('refuses a file that is not an APKBUILD and no editor at all', () => {
    assert.equal(checkTarget('Bump pkgrel', { scheme: 'file', fsPath: '/a/README.md', languageId: 'markdown' }).ok, false);
    assert.deepEqual(checkTarget('Bump pkgrel', undefined), { ok: false, message: 'Bump pkgrel: open an APKBUILD first.' });
  });

  test('accepts an APKBUILD on disk', () => {
    assert.deepEqual(checkTarget('Bump pkgrel', { scheme: 'file', fsPath: '/a/APKBUILD' }), { ok: true });
  });

  test('treats a file without write bits as read-only, even for root', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-ro-'));
    try {
      const file = path.join(dir, 'APKBUILD');
      fs.writeFileSync(file, 'pkgname=x\n');
      assert.equal(isReadOnlyFile(file), false);
      fs.chmodSync(file, 0o444);
      assert.equal(isReadOnlyFile(file), true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('server launch', () => {
  test('uses the bundled dist/server.js by default and reports when it is missing', () => {
    assert.deepEqual(resolveServerLaunch('', REPO_ROOT), { launch: { kind: 'module', module: path.join(REPO_ROOT, 'dist', 'server.js') } });
    const missing = resolveServerLaunch('', path.join(REPO_ROOT, 'no-such-dir'));
    assert.match((missing as { problem: string }).problem, /bundled APKBUILD language server is missing/);
  });

  test('runs a configured .js with Node and anything else as an executable with --stdio', () => {
    assert.deepEqual(resolveServerLaunch('server/dist/server.js', REPO_ROOT), { launch: { kind: 'module', module: path.join(REPO_ROOT, 'server', 'dist', 'server.js') } });
    assert.deepEqual(resolveServerLaunch('/bin/sh', REPO_ROOT), { launch: { kind: 'executable', command: '/bin/sh', args: ['--stdio'] } });
    assert.match((resolveServerLaunch('/no/such/apkbuild-ls', REPO_ROOT) as { problem: string }).problem, /not a file/);
  });
});

describe('severity filter', () => {
  test('keeps diagnostics at or above the minimum severity', () => {
    assert.equal(keepDiagnostic(0, 'warning'), true);
    assert.equal(keepDiagnostic(1, 'warning'), true);
    assert.equal(keepDiagnostic(2, 'warning'), false);
    assert.equal(keepDiagnostic(3, undefined), true);
  });
});

describe('Lint workspace over the bundled CLI', () => {
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');

  test('reports the fixture tree findings per absolute file with 0-based ranges', async () => {
    const run = await runLint(process.execPath, cli, [FIXTURE_TREE], { cwd: REPO_ROOT });
    assert.equal(run.exitCode, 1, run.stderr);
    const byFile = problemsByFile(run.stdout, REPO_ROOT);
    const demo = path.join(FIXTURE_TREE, 'testing', 'demo-mistakes', 'APKBUILD');
    assert.deepEqual([...byFile.keys()], [demo]);
    const al28 = byFile.get(demo)!.find((p) => p.code === 'AL28')!;
    assert.deepEqual(al28.range, { startLine: 4, startCharacter: 7, endLine: 4, endCharacter: 10 });
    assert.equal(al28.severity, 2);
  });

  test('stops the linter when cancelled', async () => {
    const abort = new AbortController();
    const running = runLint(process.execPath, cli, [FIXTURE_TREE], { cwd: REPO_ROOT, signal: abort.signal });
    abort.abort();
    const run = await running;
    assert.equal(run.cancelled, true);
    assert.equal(run.exitCode, null, 'the linter process was killed, not left to finish');
  });
});
