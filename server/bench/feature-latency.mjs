#!/usr/bin/env node
// Completion and hover latency: `npm run bench:features -- [TREE] [--positions N]`
// Indexes TREE (default test-fixtures/aports), takes its largest APKBUILD, parses and analyses it
// once (as the server's document store does per version) and times completion and hover at N
// positions spread over the file (every line, several columns), with the index. Prints p50, p95
// and max per feature, and the parse+analyse time for comparison. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, '..', 'out', 'src');
const { initParser, parseText } = require(path.join(out, 'parser', 'parser.js'));
const { analyze } = require(path.join(out, 'apkbuild', 'apkbuild.js'));
const { completion } = require(path.join(out, 'features', 'completion.js'));
const { hover } = require(path.join(out, 'features', 'hover.js'));
const { PackageIndex } = require(path.join(out, 'workspace', 'package-index.js'));

const args = process.argv.slice(2);
const at = args.indexOf('--positions');
const positions = at === -1 ? 2000 : Number(args.splice(at, 2)[1]);
const tree = path.resolve(args[0] ?? path.join(here, '..', '..', 'test-fixtures', 'aports'));

const files = execFileSync('find', [tree, '-name', 'APKBUILD', '-type', 'f', '-not', '-path', '*/.git/*'], { maxBuffer: 1 << 28 })
  .toString().trim().split('\n').filter(Boolean);
const largest = files.map((f) => [f, fs.statSync(f).size]).sort((a, b) => b[1] - a[1])[0][0];
const text = fs.readFileSync(largest, 'utf8');

await initParser();
const index = new PackageIndex([tree]);
await index.build();

const parseTimes = [];
let doc;
for (let i = 0; i < 20; i++) {
  const t0 = performance.now();
  const t = parseText(text);
  const apkbuild = analyze(text, t);
  parseTimes.push(performance.now() - t0);
  t.delete();
  doc = { uri: pathToFileURL(largest).href, fsPath: largest, version: 1, text, apkbuild, tree: undefined };
}

const lines = doc.apkbuild.lines;
const points = [];
for (let k = 0; k < positions; k++) {
  const line = Math.floor((k * lines.lineCount) / positions);
  const len = lines.lineText(line).length;
  points.push({ line, character: len === 0 ? 0 : (k * 7) % (len + 1) });
}

function time(fn) {
  const times = [];
  for (const p of points) {
    const t0 = performance.now();
    fn(p);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}
const q = (xs, f) => xs[Math.min(xs.length - 1, Math.floor(xs.length * f))];
const fmt = (name, xs) => `${name.padEnd(16)} p50 ${q(xs, 0.5).toFixed(3)} ms  p95 ${q(xs, 0.95).toFixed(3)} ms  max ${xs[xs.length - 1].toFixed(3)} ms  (${xs.length} positions)`;

let items = 0;
let hovers = 0;
const c = time((p) => (items += completion(doc, p, index).items.length));
const h = time((p) => (hovers += hover(doc, p, index) ? 1 : 0));
// the heaviest case: dependency lists, where completion filters every name of the index
const depPoints = [];
for (const a of doc.apkbuild.assignments) {
  if (!/depends/.test(a.name)) continue;
  for (const item of a.items) depPoints.push(lines.position(item.span.start), lines.position(item.span.start + 1));
}
const depTimes = [];
for (let round = 0; round < 10; round++) {
  for (const p of depPoints) {
    const t0 = performance.now();
    completion(doc, p, index);
    depTimes.push(performance.now() - t0);
  }
}
depTimes.sort((a, b) => a - b);
console.log(`file: ${path.relative(tree, largest)} (${text.length} chars, ${lines.lineCount} lines); index: ${index.size} APKBUILDs`);
console.log(fmt('parse+analyze', parseTimes.sort((a, b) => a - b)));
console.log(fmt('completion', c) + `, ${(items / points.length).toFixed(0)} items on average`);
console.log(fmt('hover', h) + `, ${hovers} non-empty`);
if (depTimes.length) console.log(fmt('completion deps', depTimes) + ' (in depends/makedepends/checkdepends items, empty and 1-char prefixes, 10 rounds)');
