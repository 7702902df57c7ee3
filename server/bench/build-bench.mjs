#!/usr/bin/env node
// Build runner benchmark (npm run bench:build [-- --runs N]), on the local test images that
// client/test/containers/setup.sh makes (podman, stand-in abuild):
//  1. latency: from calling runBuild (what the command does after the arch pick) to the first
//     abuild log line, with a warm builder image;
//  2. two arches in parallel vs one after the other, each a single-threaded CPU-bound build:
//     x86_64 + x86 (both native speed) and x86_64 + aarch64 (QEMU).
// Timings are wall clock on a shared machine: compare the ratios printed side by side.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..', '..');
const out = path.join(root, 'server', 'out', 'src', 'build');
const { runBuild } = await import(path.join(out, 'scheduler.js'));
const { preparedImageSource } = await import(path.join(out, 'image.js'));

const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!process.env.CONTAINERS_CONF && process.getuid?.() === 0) process.env.CONTAINERS_CONF = path.join(root, 'client', 'test', 'containers', 'containers.conf');
const PREFIX = 'apkbuild-test-';
const source = preparedImageSource(`localhost/${PREFIX}base:{arch}`, `localhost/${PREFIX}builder`);

function imageExists(arch) {
  return spawnSync('podman', ['image', 'exists', `localhost/${PREFIX}base:${arch}`]).status === 0;
}
if (spawnSync('podman', ['--version']).status !== 0 || !imageExists('x86_64')) {
  console.error('needs podman and the test images: run client/test/containers/setup.sh as root');
  process.exit(2);
}

const dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-build-bench-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
const aports = path.join(dir, 'aports');
cpSync(path.join(root, 'test-fixtures', 'build', 'aports'), aports, { recursive: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${Math.round(x)} ms`;

async function timedBuild(pkg, arches, concurrency, cpus = 2) {
  const t0 = performance.now();
  let firstLine;
  let firstAbuild;
  const result = await runBuild({
    apkbuild: path.join(aports, pkg, 'APKBUILD'), arches, release: 'edge', source, endpoint: { engine: 'podman' },
    repodest: path.join(dir, 'packages'), namePrefix: PREFIX, concurrency, cpus,
  }, (e) => {
    if (e.type !== 'line') return;
    firstLine ??= performance.now() - t0;
    if (/^>>> \S+: Building /.test(e.line)) firstAbuild ??= performance.now() - t0;
  });
  const failed = result.outcomes.filter((o) => o.status !== 'passed');
  if (failed.length || result.unavailable.length) throw new Error(`bench build failed: ${JSON.stringify(result)}`);
  return { wall: performance.now() - t0, firstLine, firstAbuild };
}

console.log(`build runner benchmark: podman, local test images, ${RUNS} runs each (medians)\n`);
const { chooseEngine } = await import(path.join(out, 'detect.js'));
{
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const choice = await chooseEngine('podman');
    if (!choice.chosen) throw new Error('podman does not answer');
    times.push(performance.now() - t0);
  }
  console.log(`engine detection (once per window): ${ms(median(times))}`);
}
const arches = ['x86_64', 'aarch64'].filter(imageExists);
for (const arch of arches) {
  await timedBuild('main/hello', [arch], 1); // warm: builder image built or checked, volumes made
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await timedBuild('main/hello', [arch], 1));
  console.log(`first abuild line, warm image, ${arch.padEnd(7)}: ${ms(median(runs.map((r) => r.firstAbuild)))} (first output line ${ms(median(runs.map((r) => r.firstLine)))}, whole build ${ms(median(runs.map((r) => r.wall)))})`);
}
{
  // the first build in a new VS Code window also detects the engine (cached afterwards)
  const cold = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await chooseEngine('auto', {});
    const r = await timedBuild('main/hello', ['x86_64'], 1);
    cold.push(performance.now() - t0 - r.wall + r.firstAbuild);
  }
  console.log(`first abuild line, first build in a window (engine detection included), x86_64: ${ms(median(cold))}`);
}
console.log('');

const ROUNDS = /cpu-burn (\d+)/.exec(readFileSync(path.join(aports, 'main', 'cpuwork', 'APKBUILD'), 'utf8'))[1];
const PLATFORM = { x86_64: 'linux/amd64', x86: 'linux/386', aarch64: 'linux/arm64' };
function rawBurn(arch) {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', ['run', '--rm', '--platform', PLATFORM[arch], `localhost/${PREFIX}builder:edge-${arch}`, 'sh', '-c', `i=0; while [ $i -lt ${ROUNDS} ]; do i=$((i + 1)); done`], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`podman run exited ${code}`))));
  });
}

const pairs = [['x86_64', 'x86'], ['x86_64', 'aarch64']].filter((p) => p.every(imageExists));
const pairRuns = Math.max(1, Math.min(RUNS, 3));
for (const pair of pairs) {
  await timedBuild('main/cpuwork', pair, 2);
  const seq = [];
  const par = [];
  for (let i = 0; i < pairRuns; i++) {
    seq.push((await timedBuild('main/cpuwork', pair, 1)).wall);
    par.push((await timedBuild('main/cpuwork', pair, 2)).wall);
  }
  const s = median(seq);
  const p = median(par);
  // the same CPU work in bare `podman run`s, side by side: what the machine allows right now
  const rawSeq = [];
  const rawPar = [];
  for (let i = 0; i < pairRuns; i++) {
    let t0 = performance.now();
    for (const arch of pair) await rawBurn(arch);
    rawSeq.push(performance.now() - t0);
    t0 = performance.now();
    await Promise.all(pair.map(rawBurn));
    rawPar.push(performance.now() - t0);
  }
  const rs = median(rawSeq);
  const rp = median(rawPar);
  console.log(`${pair.join(' + ').padEnd(17)} sequential ${ms(s).padStart(9)}  parallel ${ms(p).padStart(9)}  ratio ${(p / s).toFixed(2)}x   (bare podman run: ${ms(rs)} vs ${ms(rp)}, ratio ${(rp / rs).toFixed(2)}x)`);
}
