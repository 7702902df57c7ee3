#!/usr/bin/env node
// Build-plan benchmark: `npm run bench:plan -- [TREE] [--runs K] [DIR...]`
// Indexes the aports tree TREE (default /work/aports) once, then plans a set of its packages
// (default: 20 of a graphics stack, libpng and zlib up to gtk+3.0) for x86_64 and aarch64 K
// times (default 10), reading every APKBUILD of the set afresh each time. Prints the index time
// and the plan times separately, and the plan's size. Runs wasm as the CLI does (V8's baseline
// compiler only). Needs `npm run build` first.
import { createRequire } from 'node:module';
import * as v8 from 'node:v8';
import * as fs from 'node:fs';
import * as path from 'node:path';

v8.setFlagsFromString('--liftoff-only');
const require = createRequire(import.meta.url);
const { initParser } = require('../out/src/parser/parser.js');
const { findPackageSet } = require('../out/src/plan/package-set.js');
const { indexTree, planPackageSet } = require('../out/src/plan/plan-tree.js');

const DEFAULT_SET = [
  'main/zlib', 'main/libpng', 'main/freetype', 'main/fontconfig', 'main/pixman', 'main/cairo',
  'main/harfbuzz', 'main/graphite2', 'main/libwebp', 'main/openjpeg', 'main/gd', 'main/tk',
  'main/rrdtool', 'main/pango', 'main/gdk-pixbuf', 'main/gtk+3.0', 'main/graphviz',
  'main/ghostscript', 'main/conky', 'community/dillo',
];

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt === -1 ? 10 : Number(args.splice(runsAt, 2)[1]);
const tree = path.resolve(args.shift() ?? '/work/aports');
const dirs = args.length ? args : DEFAULT_SET;
for (const d of dirs) if (!fs.existsSync(path.join(tree, d, 'APKBUILD'))) throw new Error(`${d}: no APKBUILD in ${tree}`);

await initParser();
let t0 = performance.now();
const set = findPackageSet({ cwd: tree, env: process.env, paths: dirs });
const index = await indexTree(set.treeRoot);
const indexMs = performance.now() - t0;

const times = [];
let plan;
for (let i = 0; i < runs; i++) {
  t0 = performance.now();
  plan = planPackageSet(findPackageSet({ cwd: tree, env: process.env, paths: dirs }), index, ['x86_64', 'aarch64']);
  times.push(performance.now() - t0);
}
const sorted = [...times].sort((a, b) => a - b);
const x86 = plan.arches[0];
console.log(`tree: ${tree} (${index.size} APKBUILDs indexed)`);
console.log(`set: ${dirs.length} packages; x86_64: ${x86.order.length} builds in ${x86.levels.length} levels, ${plan.edges.length} edges, ${plan.problems.length} problems, ${plan.notes.length} notes`);
console.log(`index: ${indexMs.toFixed(0)} ms (once)`);
console.log(`plan: first (cold) ${times[0].toFixed(1)} ms, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms over ${runs} runs`);
