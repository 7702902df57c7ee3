#!/usr/bin/env node
// Lint benchmark: `npm run bench -- [TREE] [--jobs N] [--runs K]`
// Times whole processes, start to exit, side by side in one run: `apkbuild-ls lint` on every
// APKBUILD of TREE versus a bare tree-sitter parse of the same files with the same threads,
// and a single-file lint versus `node -e 0`. Prints figures and ratios (medians of K runs):
// wall time, files/s, peak RSS, and CPU time of all threads.
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = path.resolve(here, '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  if (i === -1) return dflt;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const jobs = Number(opt('--jobs', String(os.availableParallelism())));
const runs = Number(opt('--runs', '3'));
const tree = path.resolve(args[0] ?? path.join(server, '..', 'test-fixtures', 'aports'));

const files = execFileSync('find', [tree, '-name', 'APKBUILD', '-type', 'f', '-not', '-path', '*/.git/*'], { maxBuffer: 1 << 28 })
  .toString().trim().split('\n').filter(Boolean).sort();
if (!files.length) throw new Error(`no APKBUILD under ${tree}`);
const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
const list = path.join(os.tmpdir(), `apkbuild-bench-${process.pid}.txt`);
fs.writeFileSync(list, files.join('\n'));

function timed(argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const rss = /__MAXRSS_KB__ (\d+)/.exec(r.stderr ?? '');
  const cpu = /__CPU_US__ (\d+)/.exec(r.stderr ?? '');
  const main = /__MAIN_US__ (\d+)/.exec(r.stderr ?? '');
  const live = /__LIVE_US__ (\d+)/.exec(r.stderr ?? '');
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpuMs = cpu ? Number(cpu[1]) / 1000 : NaN;
  const mainMs = main ? Number(main[1]) / 1000 : NaN;
  const backgroundMs = live ? Number(live[1]) / 1000 : NaN;
  return { ms, rssMB: rss ? Number(rss[1]) / 1024 : NaN, cpuMs, mainMs, backgroundMs, workersMs: cpuMs - mainMs - backgroundMs, stdout: r.stdout };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const measure = path.join(here, 'measure.cjs');
const cli = path.join(server, 'dist', 'cli.js');
const lintRuns = [];
const parseRuns = [];
let findings = 0;
for (let i = 0; i < runs; i++) {
  const p = timed([measure, path.join(here, 'parse-only.cjs'), String(jobs), list]);
  const l = timed([measure, cli, 'lint', '--jobs', String(jobs), '--format', 'json', tree]);
  findings = JSON.parse(l.stdout).length;
  parseRuns.push(p);
  lintRuns.push(l);
}
const single = files.find((f) => f.includes(`${path.sep}main${path.sep}`)) ?? files[0];
const oneRuns = [];
const nodeRuns = [];
for (let i = 0; i < Math.max(5, runs); i++) {
  nodeRuns.push(timed(['-e', '0']).ms);
  oneRuns.push(timed([path.join(server, 'bin', 'apkbuild-ls.js'), 'lint', single]).ms);
}
fs.rmSync(list, { force: true });

const lintMs = median(lintRuns.map((r) => r.ms));
const parseMs = median(parseRuns.map((r) => r.ms));
const fmt = (n, d = 0) => n.toFixed(d);
console.log(`tree            ${tree}`);
console.log(`files           ${files.length} APKBUILDs, ${fmt(bytes / 1e6, 1)} MB; ${jobs} threads; median of ${runs} runs`);
console.log(`lint            ${fmt(lintMs)} ms wall, ${fmt(files.length / (lintMs / 1000))} files/s, peak RSS ${fmt(median(lintRuns.map((r) => r.rssMB)))} MB, ${findings} findings`);
console.log(`bare parse      ${fmt(parseMs)} ms wall, ${fmt(files.length / (parseMs / 1000))} files/s, peak RSS ${fmt(median(parseRuns.map((r) => r.rssMB)))} MB`);
const lintCpu = median(lintRuns.map((r) => r.cpuMs));
const parseCpu = median(parseRuns.map((r) => r.cpuMs));
console.log(`ratio           lint / bare parse = ${fmt(lintMs / parseMs, 2)}`);
// CPU time (all threads) is steadier than wall time when other work shares the machine
console.log(`cpu             lint ${fmt(lintCpu)} ms, bare parse ${fmt(parseCpu)} ms; ratio ${fmt(lintCpu / parseCpu, 2)}`);
// where the CPU time goes: worker threads, V8's background threads (optimising compiler, GC
// helpers, the grammar's optimised wasm tier), the main thread (tree search, output)
const split = (runs) => `workers ${fmt(median(runs.map((r) => r.workersMs)))} ms, background ${fmt(median(runs.map((r) => r.backgroundMs)))} ms, main ${fmt(median(runs.map((r) => r.mainMs)))} ms`;
if (!Number.isNaN(lintRuns[0].mainMs)) console.log(`cpu by thread   lint: ${split(lintRuns)}; bare parse: ${split(parseRuns)}`);
console.log(`one file        apkbuild-ls lint ${path.relative(tree, single)}: ${fmt(median(oneRuns))} ms wall; node -e 0: ${fmt(median(nodeRuns))} ms; ratio ${fmt(median(oneRuns) / median(nodeRuns), 2)}`);
