#!/usr/bin/env node
// Chained build benchmark (npm run bench:chain [-- --runs N]), on the local test images that
// client/test/containers/setup.sh makes (podman, stand-in abuild): the three-package chain
// liba ← libb ← app on x86_64 and aarch64 in parallel, warm (builder images and volumes exist).
//  - total wall of a forced run (everything built);
//  - the runner's overhead per package build: per arch, the time from runChain's call to the
//    arch's last package, minus the time abuild itself ran (from its "Building" line to the end
//    of its exec), divided by the packages;
//  - the same three packages as three single-package builds (a container each), for comparison;
//  - an unchanged second run (nothing rebuilt).
// Timings are wall clock on a shared machine: compare the figures printed side by side.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const out = path.join(root, 'server', 'out', 'src', 'build');
const { runChain } = await import(path.join(out, 'chain.js'));
const { runBuild } = await import(path.join(out, 'scheduler.js'));
const { preparedImageSource } = await import(path.join(out, 'image.js'));

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!process.env.CONTAINERS_CONF && process.getuid?.() === 0) process.env.CONTAINERS_CONF = path.join(root, 'client', 'test', 'containers', 'containers.conf');
const PREFIX = 'apkbuild-chainbench-';
const containers = path.join(root, 'client', 'test', 'containers');
// the images this checkout's setup.sh made (see build-helpers.ts)
const stamp = createHash('sha256').update(readFileSync(path.join(containers, 'setup.sh'))).update(readFileSync(path.join(containers, 'standin-abuild.sh'))).digest('hex').slice(0, 16);
const source = preparedImageSource(`localhost/apkbuild-test-base:{arch}-${stamp}`, `localhost/apkbuild-test-builder-${stamp}`);
const ARCHES = ['x86_64', 'aarch64'];
if (spawnSync('podman', ['--version']).status !== 0 || ARCHES.some((a) => spawnSync('podman', ['image', 'exists', `localhost/apkbuild-test-base:${a}-${stamp}`]).status !== 0)) {
  console.error('needs podman and the test images: run client/test/containers/setup.sh as root');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-chain-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const aports = path.join(dir, 'aports');
cpSync(path.join(root, 'test-fixtures', 'build', 'chain'), aports, { recursive: true });
const repodest = path.join(dir, 'packages');
const ITEMS = [
  { dir: 'main/liba', name: 'liba', needs: [] },
  { dir: 'main/libb', name: 'libb', needs: ['main/liba'] },
  { dir: 'main/app', name: 'app', needs: ['main/libb'] },
];
const plan = Object.fromEntries(ARCHES.map((a) => [a, ITEMS]));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

async function chain(force) {
  const t0 = performance.now();
  const abuildStart = new Map();
  const abuildTime = new Map(ARCHES.map((a) => [a, 0]));
  const archEnd = new Map();
  const r = await runChain({ aportsDir: aports, plan, release: 'edge', source, endpoint: { engine: 'podman' }, repodest, namePrefix: PREFIX, concurrency: 2, cpus: 2, force }, (e) => {
    const now = performance.now();
    if (e.type === 'line' && e.dir && /^>>> \S+: Building /.test(e.line)) abuildStart.set(`${e.arch} ${e.dir}`, now);
    if (e.type === 'package' && ['passed', 'up-to-date', 'failed'].includes(e.result.status)) {
      const started = abuildStart.get(`${e.result.arch} ${e.result.dir}`);
      if (started !== undefined) abuildTime.set(e.result.arch, abuildTime.get(e.result.arch) + (now - started));
      archEnd.set(e.result.arch, now - t0);
    }
  });
  if (!r.ok) throw new Error(`bench chain failed: ${JSON.stringify(r.packages.filter((p) => p.status === 'failed'))}`);
  const wall = performance.now() - t0;
  const overhead = Object.fromEntries(ARCHES.map((a) => [a, (archEnd.get(a) - abuildTime.get(a)) / ITEMS.length]));
  const abuildSum = [...abuildTime.values()].reduce((x, y) => x + y, 0);
  return { wall, overhead, abuildSum };
}

async function separately() {
  const t0 = performance.now();
  for (const item of ITEMS) {
    const r = await runBuild({ apkbuild: path.join(aports, item.dir, 'APKBUILD'), arches: ARCHES, release: 'edge', source, endpoint: { engine: 'podman' }, repodest: path.join(dir, 'packages-separate'), namePrefix: PREFIX, concurrency: 2, cpus: 2 });
    if (r.outcomes.some((o) => o.status !== 'passed')) throw new Error(`separate build of ${item.dir} failed`);
  }
  return performance.now() - t0;
}

console.log(`chained build benchmark: podman, local test images (stand-in abuild), ${ITEMS.length} packages × ${ARCHES.join(' + ')}, ${RUNS} runs each (medians)\n`);
await chain(true); // warm: builder images checked or built, volumes and signing key made
await separately();
const forced = [];
const separate = [];
for (let i = 0; i < RUNS; i++) {
  forced.push(await chain(true));
  separate.push(await separately());
}
const wall = median(forced.map((r) => r.wall));
console.log(`chain, everything built:        total wall ${ms(wall)}, abuild itself ${ms(median(forced.map((r) => r.abuildSum)))} summed over ${ITEMS.length * ARCHES.length} builds`);
for (const a of ARCHES) console.log(`  runner overhead per package build, ${a.padEnd(7)}: ${ms(median(forced.map((r) => r.overhead[a])))} (target <= 1000 ms)`);
console.log(`same packages, one container per package build (runBuild × ${ITEMS.length}): ${ms(median(separate))} (chain/separate ${(wall / median(separate)).toFixed(2)}x)`);
const unchanged = [];
for (let i = 0; i < RUNS; i++) unchanged.push((await chain(false)).wall);
console.log(`unchanged second run (nothing rebuilt): ${ms(median(unchanged))} (target <= 2000 ms)`);
spawnSync('podman', ['volume', 'rm', '-f', ...spawnSync('podman', ['volume', 'ls', '--format', '{{.Name}}'], { encoding: 'utf8' }).stdout.split('\n').filter((v) => v.startsWith(PREFIX))], { stdio: 'ignore' });
