import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cellView, chainDiagnostics, ChainMatrix, matrixSummary, rowSummary } from '../src/build/chain-matrix';
import { ChainPlan } from '../src/build/chain-types';

const PLAN: ChainPlan = {
  x86_64: [
    { dir: 'main/liba', name: 'liba', needs: [] },
    { dir: 'main/libb', name: 'libb', needs: ['main/liba'] },
    { dir: 'main/app', name: 'app', needs: ['main/libb'] },
    { dir: 'main/solo', name: 'solo', needs: [] },
  ],
  // solo's arch= leaves it out of aarch64
  aarch64: [
    { dir: 'main/liba', name: 'liba', needs: [] },
    { dir: 'main/libb', name: 'libb', needs: ['main/liba'] },
    { dir: 'main/app', name: 'app', needs: ['main/libb'] },
  ],
};

describe('the package × arch matrix of a chained build', () => {
  test('has one row per package in plan order, each with the arches whose plan holds it, all queued', () => {
    const m = new ChainMatrix('/src/aports', PLAN);
    assert.deepEqual(m.rows.map((r) => [r.dir, r.arches.join(' ')]), [['main/liba', 'x86_64 aarch64'], ['main/libb', 'x86_64 aarch64'], ['main/app', 'x86_64 aarch64'], ['main/solo', 'x86_64']]);
    assert.ok(m.all().every((c) => c.result.status === 'queued'));
    assert.equal(m.cell('main/solo', 'aarch64'), undefined);
    assert.equal(m.apkbuildOf('main/libb'), '/src/aports/main/libb/APKBUILD');
  });

  test('absolute plan dirs and relative ones name the same row', () => {
    const m = new ChainMatrix('/src/aports', { x86_64: [{ dir: '/src/aports/main/liba', name: 'liba', needs: [] }] });
    assert.deepEqual(m.rows.map((r) => r.dir), ['main/liba']);
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: '/src/aports/main/liba', name: 'liba', status: 'passed', files: [] } });
    assert.equal(m.cell('main/liba', 'x86_64')?.result.status, 'passed');
  });

  test('cells follow the runner\'s events: running with elapsed time, passed with its .apk, failed with the first error, skipped with what it needs', () => {
    const m = new ChainMatrix('/src/aports', PLAN);
    let changes = 0;
    m.onChange(() => changes++);
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'running', files: [] } }, 1_000);
    assert.deepEqual(cellView(m.cell('main/liba', 'x86_64')!, 4_500), { label: 'x86_64', description: 'running 3s', tooltip: 'liba x86_64: building', icon: 'sync~spin' });
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'passed', durationMs: 2_300, files: ['/p/main/x86_64/liba-1.0-r0.apk'] } });
    assert.equal(cellView(m.cell('main/liba', 'x86_64')!, 0).description, 'passed in 2s: liba-1.0-r0.apk');
    m.apply({
      type: 'package',
      result: {
        arch: 'x86_64', dir: 'main/libb', name: 'libb', status: 'failed', durationMs: 900, files: [],
        error: { kind: 'shell', message: 'frobnicate: not found', apkbuild: '/src/aports/main/libb/APKBUILD', range: { start: { line: 11, character: 1 }, end: { line: 11, character: 20 } } },
      },
    });
    const failed = cellView(m.cell('main/libb', 'x86_64')!, 0);
    assert.equal(failed.description, 'failed after <1s: frobnicate: not found');
    assert.equal(failed.tooltip, 'frobnicate: not found (APKBUILD line 12)');
    assert.equal(failed.icon, 'error');
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/app', name: 'app', status: 'skipped', reason: 'needs libb', files: [] } });
    assert.equal(cellView(m.cell('main/app', 'x86_64')!, 0).description, 'skipped: needs libb');
    m.apply({ type: 'package', result: { arch: 'aarch64', dir: 'main/liba', name: 'liba', status: 'up-to-date', version: '1.0-r0', files: [] } });
    assert.equal(cellView(m.cell('main/liba', 'aarch64')!, 0).description, 'up to date (1.0-r0)');
    assert.equal(changes, 5);
    assert.equal(rowSummary(m, m.rows[0]), 'main/liba: 2 passed');
    assert.equal(rowSummary(m, m.rows[1]), 'main/libb: 1 failed, 1 queued');
  });

  test('log lines go to their package\'s cell and do not count as a change of the view', () => {
    const m = new ChainMatrix('/src/aports', PLAN);
    let changes = 0;
    m.onChange(() => changes++);
    m.apply({ type: 'line', arch: 'aarch64', dir: 'main/libb', line: '>>> libb: Building' });
    m.apply({ type: 'line', arch: 'aarch64', dir: undefined, line: 'preparing' });
    assert.deepEqual(m.cell('main/libb', 'aarch64')!.log, ['>>> libb: Building']);
    assert.deepEqual(m.cell('main/libb', 'x86_64')!.log, []);
    assert.equal(changes, 0);
  });

  test('an arch that cannot run here skips its queued cells with the reason; finishing cancels what never ran', () => {
    const m = new ChainMatrix('/src/aports', PLAN);
    m.apply({ type: 'arch', arch: 'aarch64', state: 'unavailable', reason: 'no QEMU for aarch64' });
    assert.equal(m.cell('main/app', 'aarch64')!.result.reason, 'not runnable here: no QEMU for aarch64');
    assert.equal(m.unavailableReason('aarch64'), 'no QEMU for aarch64');
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'passed', files: [] } });
    m.finish();
    assert.ok(m.finished);
    assert.equal(m.cell('main/libb', 'x86_64')!.result.status, 'cancelled');
    assert.match(matrixSummary(m), /^passed: liba x86_64; skipped: liba aarch64, libb aarch64, app aarch64; cancelled: libb x86_64, app x86_64, solo x86_64$/);
  });
});

describe('rebuilding from a cell', () => {
  const finished = (statuses: Record<string, string>) => {
    const m = new ChainMatrix('/src/aports', PLAN);
    for (const [key, status] of Object.entries(statuses)) {
      const [arch, name] = key.split(' ');
      m.apply({ type: 'package', result: { arch, dir: `main/${name}`, name, status: status as 'passed', files: [] } });
    }
    m.finish();
    return m;
  };

  test('takes the failed package and, on its arch, what was skipped because it needs it, in plan order', () => {
    const m = finished({ 'x86_64 liba': 'passed', 'x86_64 libb': 'failed', 'x86_64 app': 'skipped', 'x86_64 solo': 'failed', 'aarch64 liba': 'failed', 'aarch64 libb': 'skipped', 'aarch64 app': 'skipped' });
    assert.deepEqual(m.rebuildFrom('main/libb', 'x86_64'), ['/src/aports/main/libb', '/src/aports/main/app']);
    // through libb, app needs liba too
    assert.deepEqual(m.rebuildFrom('/src/aports/main/liba', 'aarch64'), ['/src/aports/main/liba', '/src/aports/main/libb', '/src/aports/main/app']);
    assert.deepEqual(m.rebuildFrom('main/solo', 'x86_64'), ['/src/aports/main/solo']);
  });

  test('leaves out what passed, and gives nothing for a passed cell, an arch the package is not planned for, or a run still going', () => {
    const m = finished({ 'x86_64 liba': 'failed', 'x86_64 libb': 'up-to-date', 'x86_64 app': 'cancelled', 'x86_64 solo': 'passed' });
    // app needs liba only through libb, which is up to date
    assert.deepEqual(m.rebuildFrom('main/liba', 'x86_64'), ['/src/aports/main/liba']);
    const cancelled = finished({ 'x86_64 liba': 'failed', 'x86_64 libb': 'cancelled', 'x86_64 app': 'cancelled', 'x86_64 solo': 'cancelled' });
    assert.deepEqual(cancelled.rebuildFrom('main/liba', 'x86_64'), ['/src/aports/main/liba', '/src/aports/main/libb', '/src/aports/main/app']);
    assert.deepEqual(m.rebuildFrom('main/solo', 'x86_64'), []);
    assert.deepEqual(m.rebuildFrom('main/solo', 'aarch64'), []);
    const running = new ChainMatrix('/src/aports', PLAN);
    running.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'failed', files: [] } });
    assert.deepEqual(running.rebuildFrom('main/liba', 'x86_64'), []);
  });
});

describe('the diagnostics of a chained build', () => {
  test('each failed cell gives its first error in that package\'s APKBUILD, at the line the log named, with the arch', () => {
    const m = new ChainMatrix('/src/aports', PLAN);
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'passed', files: [] } });
    m.apply({
      type: 'package',
      result: {
        arch: 'x86_64', dir: 'main/libb', name: 'libb', status: 'failed', files: [],
        error: { kind: 'shell', message: 'frobnicate: not found', apkbuild: '/src/aports/main/libb/APKBUILD', range: { start: { line: 11, character: 1 }, end: { line: 11, character: 20 } } },
      },
    });
    m.apply({ type: 'package', result: { arch: 'aarch64', dir: 'main/app', name: 'app', status: 'failed', reason: 'the container exited 137', files: [] } });
    m.apply({ type: 'package', result: { arch: 'x86_64', dir: 'main/app', name: 'app', status: 'skipped', reason: 'needs libb', files: [] } });
    assert.deepEqual(chainDiagnostics(m), [
      { file: '/src/aports/main/libb/APKBUILD', range: { start: { line: 11, character: 1 }, end: { line: 11, character: 20 } }, message: 'frobnicate: not found (x86_64)', kind: 'shell' },
      { file: '/src/aports/main/app/APKBUILD', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: 'the container exited 137 (aarch64)', kind: 'build' },
    ]);
  });
});
