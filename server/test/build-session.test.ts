import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { BuildSession, summaryOf, viewOf } from '../src/build/session';

const LOGS = path.join(__dirname, '..', '..', '..', 'test-fixtures', 'build', 'logs');

function feed(session: BuildSession, arch: string, file: string): void {
  for (const line of readFileSync(path.join(LOGS, file), 'utf8').split('\n').slice(0, -1)) session.apply({ type: 'line', arch, line });
}

test('an arch goes queued, preparing, running with elapsed time, then passed with its packages', () => {
  const s = new BuildSession('/t/main/hello/APKBUILD', ['x86_64', 'aarch64'], 0);
  assert.equal(viewOf(s.entry('x86_64')!, 0).description, 'queued');
  s.apply({ type: 'preparing', arch: 'x86_64', endpoint: 'podman' });
  assert.equal(s.entry('x86_64')!.status, 'preparing');
  s.apply({ type: 'started', arch: 'x86_64', at: 1000, container: 'c1', jobs: 1 });
  assert.equal(viewOf(s.entry('x86_64')!, 66_000).description, 'running 1m05s');
  s.apply({ type: 'finished', arch: 'x86_64', outcome: { arch: 'x86_64', status: 'passed', exitCode: 0, packages: ['/p/main/x86_64/hello-1.2.0-r0.apk'], durationMs: 4200 } });
  const v = viewOf(s.entry('x86_64')!, 0);
  assert.equal(v.icon, 'pass');
  assert.equal(v.description, 'passed in 4s: hello-1.2.0-r0.apk');
  assert.equal(s.finished, false, 'aarch64 is still queued');
});

test('a build shorter than a second is shown as taking under a second, not 0s', () => {
  const s = new BuildSession('/t/main/hello/APKBUILD', ['x86_64'], 0);
  s.apply({ type: 'started', arch: 'x86_64', at: 1000, container: 'c1', jobs: 1 });
  assert.equal(viewOf(s.entry('x86_64')!, 1400).description, 'running <1s');
  s.apply({ type: 'finished', arch: 'x86_64', outcome: { arch: 'x86_64', status: 'passed', exitCode: 0, packages: ['/p/main/x86_64/hello-1.2.0-r0.apk'], durationMs: 700 } });
  assert.equal(viewOf(s.entry('x86_64')!, 0).description, 'passed in <1s: hello-1.2.0-r0.apk');
});

test('a failed arch shows its first real error, and its problems carry the APKBUILD line', () => {
  const s = new BuildSession('/t/main/broken/APKBUILD', ['aarch64'], 0);
  s.apply({ type: 'started', arch: 'aarch64', at: 0, container: 'c', jobs: 1 });
  feed(s, 'aarch64', 'shell-error.log');
  s.apply({ type: 'finished', arch: 'aarch64', outcome: { arch: 'aarch64', status: 'failed', exitCode: 1, packages: [], durationMs: 10 } });
  const v = viewOf(s.entry('aarch64')!, 0);
  assert.equal(v.icon, 'error');
  assert.equal(v.description, 'failed: frobnicate-assets: not found');
  const problems = s.problems();
  assert.deepEqual(problems.map((p) => [p.arch, p.event.kind]), [['aarch64', 'shell'], ['aarch64', 'abuild-error']]);
  assert.equal(s.entry('aarch64')!.log.length, 19);
  assert.equal(s.finished, true);
});

test('abuild refusing the arch at run time makes it skipped, not failed', () => {
  const s = new BuildSession('/t/main/noarm/APKBUILD', ['aarch64'], 0);
  feed(s, 'aarch64', 'not-for-arch.log');
  s.apply({ type: 'finished', arch: 'aarch64', outcome: { arch: 'aarch64', status: 'failed', exitCode: 1, packages: [], durationMs: 10 } });
  assert.equal(s.entry('aarch64')!.status, 'skipped');
  assert.deepEqual(s.problems(), []);
});

test('skipped and unreachable arches keep their reasons; the summary names every outcome', () => {
  const s = new BuildSession('/t/main/x/APKBUILD', ['x86_64', 'aarch64', 's390x', 'riscv64'], 0);
  s.apply({ type: 'skipped', arch: 'aarch64', reason: 'not for this arch: arch="all !aarch64"' });
  s.apply({ type: 'unavailable', arch: 's390x', reason: 's390x is not runnable here' });
  s.apply({ type: 'finished', arch: 'x86_64', outcome: { arch: 'x86_64', status: 'passed', exitCode: 0, packages: [], durationMs: 1 } });
  s.cancelQueued();
  assert.equal(viewOf(s.entry('s390x')!, 0).tooltip, 's390x is not runnable here');
  assert.equal(s.entry('riscv64')!.status, 'cancelled');
  assert.equal(summaryOf(s), 'passed: x86_64; skipped: aarch64; not runnable: s390x; cancelled: riscv64');
});

test('re-running an arch forgets its previous log and result, and listeners hear every change', () => {
  const s = new BuildSession('/t/main/broken/APKBUILD', ['x86_64'], 0);
  const heard: string[] = [];
  s.onChange((arch) => heard.push(arch));
  feed(s, 'x86_64', 'shell-error.log');
  s.apply({ type: 'finished', arch: 'x86_64', outcome: { arch: 'x86_64', status: 'failed', exitCode: 1, packages: [], durationMs: 10 } });
  s.restart('x86_64');
  assert.equal(s.entry('x86_64')!.status, 'queued');
  assert.deepEqual(s.entry('x86_64')!.log, []);
  assert.deepEqual(s.problems(), []);
  assert.equal(heard.length, 21);
});
