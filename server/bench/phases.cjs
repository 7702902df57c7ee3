// Per-phase CPU time of the lint pipeline on one thread: `node bench/phases.cjs TREE [--rules]`
// read+decode, tree-sitter parse, model (analyze), rules (each rule timed with --rules).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const out = process.env.APKBUILD_OUT ?? path.join(__dirname, '..', 'out', 'src'); // another build to compare
// as the CLI lints on one thread: baseline wasm code only, the CLI's inlining budget
const flags = require(path.join(out, 'cli', 'v8-flags.js'));
flags.useBaselineWasmOnly();
flags.useSmallInliningBudget();
const { initParser, parseText } = require(path.join(out, 'parser', 'parser.js'));
const { analyze } = require(path.join(out, 'apkbuild', 'apkbuild.js'));
const { decodeText, contextFor } = require(path.join(out, 'lint.js'));
const { ruleRegistry } = require(path.join(out, 'rules', 'registry.js'));
const { runRules } = require(path.join(out, 'rules', 'engine.js'));
const { treeIndexFor } = require(path.join(out, 'workspace', 'fs-tree-index.js'));
const { findConfig } = require(path.join(out, 'rules', 'config.js'));

const tree = path.resolve(process.argv[2]);
const perRule = process.argv.includes('--rules');
const files = execFileSync('find', [tree, '-name', 'APKBUILD', '-type', 'f'], { maxBuffer: 1 << 28 }).toString().trim().split('\n').sort();

// CPU time of this (single-threaded) process: steadier than wall time on a shared machine
const now = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
initParser().then(() => {
  const t = { read: 0, parse: 0, model: 0, rules: 0 };
  const ruleMs = new Map();
  for (const file of files) {
    let t0 = now();
    const text = decodeText(fs.readFileSync(file));
    const packageFiles = fs.readdirSync(path.dirname(file));
    let t1 = now();
    t.read += t1 - t0;
    const syntax = parseText(text);
    let t2 = now();
    t.parse += t2 - t1;
    const apkbuild = analyze(text, syntax);
    syntax.delete();
    let t3 = now();
    t.model += t3 - t2;
    const options = { path: file, tree: treeIndexFor(file), env: process.env, packageFiles };
    const config = findConfig(path.dirname(file), packageFiles);
    const context = contextFor(options, config);
    if (perRule) {
      // each rule's own check, in registry order (so a shared fact is charged to its first user)
      for (const rule of ruleRegistry) {
        const r0 = now();
        rule.check(apkbuild, context);
        ruleMs.set(rule.code, (ruleMs.get(rule.code) ?? 0) + now() - r0);
      }
    } else runRules(apkbuild, context, { ...options, config });
    t.rules += now() - t3;
  }
  const total = t.read + t.parse + t.model + t.rules;
  console.log(`${files.length} files, ${total.toFixed(0)} ms`);
  for (const [k, v] of Object.entries(t)) console.log(`${k.padEnd(6)} ${v.toFixed(0).padStart(6)} ms`);
  if (perRule) for (const [code, ms] of [...ruleMs].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${code.padEnd(6)} ${ms.toFixed(1)} ms`);
});
