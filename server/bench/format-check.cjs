#!/usr/bin/env node
// Formatting check over a real tree: `node bench/format-check.cjs [TREE] [--show N]` (after a build).
// Formats every APKBUILD in memory (nothing is written) and reports how many would change, split by
// what changes (list layout, indentation, trailing blanks), plus whether formatting is idempotent.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { initParser, parseText } = require('../out/src/parser/parser');
const { analyze } = require('../out/src/apkbuild/apkbuild');
const { formattingEdits } = require('../out/src/features/formatting');
const { applyEdits } = require('../out/src/rules/fix');
const { findRule } = require('../out/src/rules/registry');

const args = process.argv.slice(2);
const showAt = args.indexOf('--show');
const show = showAt === -1 ? 0 : Number(args.splice(showAt, 2)[1]);
const tree = path.resolve(args[0] ?? path.join(__dirname, '..', '..', 'test-fixtures'));

function analyzed(text) {
  const t = parseText(text);
  try {
    return analyze(text, t);
  } finally {
    t.delete();
  }
}

(async () => {
  await initParser();
  const files = execFileSync('find', [tree, '-name', 'APKBUILD', '-type', 'f', '-not', '-path', '*/.git/*'], { maxBuffer: 1 << 28 })
    .toString().trim().split('\n').filter(Boolean).sort();
  const ctx = { path: 'APKBUILD', extraOptions: new Set(), extraArches: new Set() };
  let changed = 0, listOnly = 0, withBlanks = 0, notIdempotent = 0, newProblems = 0, shown = 0;
  const started = performance.now();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const model = analyzed(text);
    const edits = formattingEdits(model);
    if (!edits.length) continue;
    changed++;
    const blanks = findRule('AL7').check(model, ctx).length + findRule('AL8').check(model, ctx).length;
    if (blanks) withBlanks++;
    else listOnly++;
    const out = applyEdits(text, edits);
    const again = analyzed(out);
    if (formattingEdits(again).length) notIdempotent++;
    if (again.syntaxProblems.length > model.syntaxProblems.length) newProblems++;
    if (shown < show) {
      shown++;
      console.log(`--- ${path.relative(tree, file)}`);
      for (const e of edits) console.log(`  ${model.lines.lineOf(e.span.start) + 1}: ${JSON.stringify(text.slice(e.span.start, e.span.end))} -> ${JSON.stringify(e.newText)}`);
    }
  }
  const ms = performance.now() - started;
  console.log(`${files.length} APKBUILDs under ${tree} in ${(ms / 1000).toFixed(1)} s`);
  console.log(`would change: ${changed} (${((100 * changed) / files.length).toFixed(2)}%)`);
  console.log(`  with AL7/AL8 findings (space indentation, trailing blanks): ${withBlanks}`);
  console.log(`  list layout only: ${listOnly}`);
  console.log(`not idempotent: ${notIdempotent}; new shell syntax problems after formatting: ${newProblems}`);
  process.exitCode = notIdempotent || newProblems ? 1 : 0;
})();
