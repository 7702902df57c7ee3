#!/usr/bin/env node
// Index benchmark: `npm run bench:index -- [PATH] [--runs K]`
// Builds the aports index of PATH (default test-fixtures/aports) K times in this process and
// prints the wall time of each build, the number of entries and names, and the RSS and heap
// after the last build (with the index still held). Needs `npm run build` first.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const { PackageIndex } = require('../out/src/workspace/package-index.js');

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 1 : Number(args.splice(runsAt, 2)[1]);
const root = path.resolve(args[0] ?? path.join(here, '..', '..', 'test-fixtures', 'aports'));

const rssBefore = process.memoryUsage().rss;
let index;
const times = [];
let maxTick = 0;
for (let i = 0; i < runs; i++) {
  index = new PackageIndex([root]);
  // how long the event loop is held up while building: the longest gap between timer ticks
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    maxTick = Math.max(maxTick, now - last);
    last = now;
  }, 1);
  let progressCalls = 0;
  const t0 = performance.now();
  await index.build({ onProgress: () => progressCalls++ });
  times.push(performance.now() - t0);
  clearInterval(ticker);
  if (i === runs - 1) console.log(`progress reports: ${progressCalls}`);
}
globalThis.gc?.();
const mem = process.memoryUsage();
let names = 0;
for (const _ of index.names()) names++;
const sorted = [...times].sort((a, b) => a - b);
console.log(`path: ${root}`);
console.log(`entries: ${index.size}, names: ${names}`);
console.log(`build: ${times.map((t) => t.toFixed(0)).join(' ')} ms (median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms)`);
console.log(`longest event-loop stall during build: ${maxTick.toFixed(1)} ms`);
console.log(`RSS: ${(mem.rss / 2 ** 20).toFixed(0)} MB (process start ${(rssBefore / 2 ** 20).toFixed(0)} MB), heap used ${(mem.heapUsed / 2 ** 20).toFixed(0)} MB`);
