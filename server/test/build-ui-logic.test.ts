import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText, initParser } from '../src/index';
import { archOptions, buildAllArches, preselected } from '../src/build/arch-choice';
import { readArchField } from '../src/build/arch-filter';
import { buildDiagnostics, diagnosticText } from '../src/build/diagnostics';
import { localRunnability } from '../src/build/runnable';
import { BuildSession } from '../src/build/session';
import { packagerFromGit, resolveBuildSettings } from '../src/build/settings';
import { colorize, hostPaths, terminalLine } from '../src/build/terminal-text';

const ROOT = path.join(__dirname, '..', '..', '..');

test('settings: endpoints per arch are parsed, bad ones are reported and ignored', () => {
  const s = resolveBuildSettings({ engine: 'podman', release: 'v3.21', endpoints: { aarch64: 'podman --connection arm-box', armv7: 'ssh pi', amd64: 'docker' }, concurrency: 0 }, 'Git User <g@example.org>');
  assert.equal(s.engine, 'podman');
  assert.equal(s.release, '3.21');
  assert.deepEqual(s.perArch, { aarch64: { engine: 'podman', connection: 'arm-box' } });
  assert.equal(s.concurrency, 1);
  assert.equal(s.packager, 'Git User <g@example.org>');
  assert.equal(s.problems.length, 2);
  assert.match(s.problems.join('\n'), /"amd64" is not an Alpine arch/);
  assert.match(s.problems.join('\n'), /armv7: "ssh pi" is not an endpoint/);
  const d = resolveBuildSettings({ release: 'latest', packager: 'Me <me@example.org>' }, 'Git <g@example.org>');
  assert.equal(d.release, 'edge');
  assert.equal(d.packager, 'Me <me@example.org>');
  assert.equal(d.engine, 'auto');
  assert.equal(d.source.pull, true);
  assert.equal(resolveBuildSettings({ baseImage: 'localhost/x:{arch}' }).source.baseImage('edge', 'aarch64'), 'localhost/x:aarch64');
  assert.equal(packagerFromGit('Jane', 'jane@example.org'), 'Jane <jane@example.org>');
  assert.equal(packagerFromGit('Jane', undefined), undefined);
});

test('the arch pick offers what arch= allows, pre-selects the last choice, and buildAll takes what can run', async () => {
  const dir = path.join(ROOT, 'test-fixtures', 'build', 'aports', 'main', 'noarm');
  const field = await readArchField(readFileSync(path.join(dir, 'APKBUILD'), 'utf8'));
  const binfmt = path.join(ROOT, 'test-fixtures', 'build'); // no qemu-* entries there: only native arches run
  const opts = archOptions(field, (arch) => localRunnability(arch, 'x86_64', binfmt), { riscv64: 'podman --connection rv' });
  const by = Object.fromEntries(opts.map((o) => [o.arch, o]));
  assert.equal(by.aarch64.allowed, false);
  assert.equal(by.aarch64.detail, 'excluded by arch=');
  assert.equal(by.x86_64.detail, 'native');
  assert.equal(by.s390x.detail, 'not runnable here');
  assert.equal(by.riscv64.detail, 'on podman --connection rv');
  assert.deepEqual(buildAllArches(opts), ['x86_64', 'x86', 'riscv64']);
  assert.deepEqual(preselected(opts, ['aarch64', 's390x'], 'x86_64'), ['s390x'], 'an excluded arch is dropped from the last choice');
  assert.deepEqual(preselected(opts, undefined, 'x86_64'), ['x86_64']);
});

test('build problems become one diagnostic per place, naming every arch that hit it', async () => {
  await initParser();
  const apkbuild = path.join(ROOT, 'test-fixtures', 'build', 'aports', 'main', 'broken', 'APKBUILD');
  const text = readFileSync(apkbuild, 'utf8');
  const s = new BuildSession(apkbuild, ['x86_64', 'aarch64']);
  for (const arch of ['x86_64', 'aarch64']) {
    for (const line of [
      '/home/builder/aports/main/broken/APKBUILD: line 13: frobnicate-assets: not found',
      '/home/builder/aports/main/broken/src/broken-0.3/util.c:3:1: error: expected declaration',
      '>>> ERROR: broken: build failed',
    ]) s.apply({ type: 'line', arch, line });
  }
  const diags = buildDiagnostics(s.problems(), apkbuild, analyzeText(text), 'main/broken');
  assert.equal(diags.length, 3);
  const [shell, cc, failed] = diags;
  assert.equal(shell.file, apkbuild);
  assert.deepEqual(shell.range, { start: { line: 12, character: 1 }, end: { line: 12, character: 24 } });
  assert.equal(diagnosticText(shell), 'frobnicate-assets: not found (x86_64, aarch64)');
  assert.equal(cc.file, path.join(path.dirname(apkbuild), 'src', 'broken-0.3', 'util.c'));
  assert.deepEqual(cc.range.start, { line: 2, character: 0 });
  assert.equal(text.split('\n')[failed.range.start.line].slice(failed.range.start.character, failed.range.end.character), 'build');
});

test('terminal lines show host paths and abuild colours, with CRLF endings', () => {
  assert.equal(hostPaths('/home/builder/aports/main/x/APKBUILD: line 3: y: not found', '/src/aports'), '/src/aports/main/x/APKBUILD: line 3: y: not found');
  assert.equal(colorize('>>> ERROR: x: build failed'), '\x1b[1;31m>>> ERROR:\x1b[1;39m x: build failed\x1b[0m');
  assert.equal(colorize('>>> WARNING: x: w'), '\x1b[1;33m>>> WARNING:\x1b[1;39m x: w\x1b[0m');
  assert.equal(colorize('plain make output'), 'plain make output');
  assert.equal(terminalLine('make', '/a', '[aarch64] '), '[aarch64] make\r\n');
});

test('the task problem matchers match what the task terminal prints', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const matchers = Object.fromEntries(pkg.contributes.problemMatchers.map((m: { name: string }) => [m.name, m]));
  const shell = new RegExp(matchers.apkbuild.pattern.regexp);
  const m = shell.exec('[aarch64] /src/aports/main/x/APKBUILD: line 13: frobnicate-assets: not found');
  assert.ok(m);
  assert.deepEqual([m[1], m[2], m[3]], ['/src/aports/main/x/APKBUILD', '13', 'frobnicate-assets: not found']);
  const cc = new RegExp(matchers['apkbuild-compiler'].pattern.regexp).exec('[x86_64] /src/aports/main/x/src/x-1/a.c:4:2: fatal error: y.h: No such file or directory');
  assert.ok(cc);
  assert.deepEqual([cc[1], cc[2], cc[3], cc[4], cc[5]], ['/src/aports/main/x/src/x-1/a.c', '4', '2', 'error', 'y.h: No such file or directory']);
});

test('every command the build UI registers is contributed in package.json, and the task type too', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const contributed = new Set(pkg.contributes.commands.map((c: { command: string }) => c.command));
  const source = ['build-ui.ts', 'chain-ui.ts'].map((f) => readFileSync(path.join(ROOT, 'client', 'src', 'ui', f), 'utf8')).join('\n');
  const registered = [...source.matchAll(/registerCommand\('([^']+)'/g)].map((m) => m[1]);
  assert.ok(registered.includes('apkbuild.buildChange') && registered.includes('apkbuild.buildSelected'));
  assert.ok(registered.length >= 8);
  for (const c of registered) assert.ok(contributed.has(c), c);
  assert.ok(pkg.contributes.taskDefinitions.some((t: { type: string }) => t.type === 'apkbuild'));
  assert.ok(pkg.contributes.views.explorer.some((v: { id: string; name: string }) => v.id === 'apkbuild.builds' && v.name === 'APKBUILD builds'));
  // Build selected packages: on APKBUILD files and folders in the explorer (multi-select passes them all)
  const selected = pkg.contributes.menus['explorer/context'].find((m: { command: string }) => m.command === 'apkbuild.buildSelected');
  assert.equal(selected?.when, 'resourceFilename == APKBUILD || explorerResourceIsFolder');
});
