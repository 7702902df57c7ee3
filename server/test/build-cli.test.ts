import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { engineMissing, REAL_ALPINE, RELEASE, ROOT, testBaseImage } from './build-helpers';

/** `apkbuild-ls build` without --plan as a real process (the bin, i.e. the bundled server/dist/cli.js) against a real podman. */

const BIN = path.join(ROOT, 'server', 'bin', 'apkbuild-ls.js');
const missing = engineMissing();

interface JsonPackage {
  dir: string;
  name: string;
  status: string;
  files: string[];
  reason?: string;
  error?: { kind: string; apkbuild: string; range?: { start: { line: number; column: number } } };
}

function cli(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('apkbuild-ls build runs the chain in containers', { skip: missing }, () => {
  let dir: string;
  let aports: string;
  let packages: string;
  const image = REAL_ALPINE ? ['--release', RELEASE] : ['--base-image', testBaseImage('{arch}')];
  const build = () => cli(['build', 'main/app', 'main/libb', 'main/liba', '--arch', 'x86_64', '--format', 'json', '--repodest', packages, ...image], aports);

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-build-cli-'));
    aports = path.join(dir, 'aports');
    packages = path.join(dir, 'packages');
    cpSync(path.join(ROOT, 'test-fixtures', 'build', 'chain'), aports, { recursive: true });
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('builds the named packages in dependency order and exits 0 with a JSON result listing the .apk files it wrote', async () => {
    const r = await build();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.ok, true);
    assert.deepEqual(json.arches, ['x86_64']);
    assert.equal(json.repodest, packages);
    assert.deepEqual(json.packages.map((p: JsonPackage) => `${p.dir} ${p.status}`), ['main/liba passed', 'main/libb passed', 'main/app passed']);
    for (const p of json.packages as JsonPackage[]) {
      assert.ok(p.files.some((f) => path.basename(f) === `${p.name}-1.0-r0.apk`), p.files.join(' '));
      for (const f of p.files) assert.ok(existsSync(f), f);
    }
  });

  test('run again it rebuilds nothing: exit 0, every package up to date', async () => {
    const r = await build();
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).packages.map((p: JsonPackage) => `${p.name} ${p.status}`), ['liba up-to-date', 'libb up-to-date', 'app up-to-date']);
  });

  test('a failing build exits 1; the JSON locates the error in the APKBUILD and skips what needs it', async () => {
    const apkbuild = path.join(aports, 'main', 'libb', 'APKBUILD');
    writeFileSync(apkbuild, readFileSync(apkbuild, 'utf8').replace('\techo "building libb on $CARCH"', '\tfrobnicate --all'));
    const r = await build();
    assert.equal(r.code, 1, r.stdout + r.stderr);
    const json = JSON.parse(r.stdout);
    assert.equal(json.ok, false);
    const [liba, libb, app] = json.packages as JsonPackage[];
    assert.deepEqual([liba.status, libb.status, app.status], ['up-to-date', 'failed', 'skipped']);
    assert.equal(libb.error?.apkbuild, apkbuild);
    assert.equal(libb.error?.range?.start.line, readFileSync(apkbuild, 'utf8').split('\n').findIndex((l) => l.includes('frobnicate')) + 1);
    assert.equal(app.reason, 'needs libb');
  });
});
