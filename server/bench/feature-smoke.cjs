#!/usr/bin/env node
// Robustness sweep: `node bench/feature-smoke.cjs [TREE] [--every N]`
// Runs every editor feature (completion, hover, definition, references, prepareRename, rename,
// document symbols, document links) at 40 positions spread over every Nth APKBUILD of TREE
// (default test-fixtures/aports, N=1) with the tree's index, and counts the calls that throw.
// Exits 1 if any does. Needs `npm run build` first.
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { pathToFileURL } = require('node:url');
const out = path.join(__dirname, '..', 'out', 'src');
const { initParser, parseText } = require(path.join(out, 'parser', 'parser'));
const { analyze } = require(path.join(out, 'apkbuild', 'apkbuild'));
const feature = (m) => require(path.join(out, 'features', m));
const { completion } = feature('completion');
const { hover } = feature('hover');
const { definition } = feature('definition');
const { references } = feature('references');
const { prepareRename, rename } = feature('rename');
const { documentSymbols } = feature('symbols');
const { documentLinks } = feature('document-links');
const { PackageIndex } = require(path.join(out, 'workspace', 'package-index'));

const args = process.argv.slice(2);
const at = args.indexOf('--every');
const every = at === -1 ? 1 : Number(args.splice(at, 2)[1]);
const tree = path.resolve(args[0] ?? path.join(__dirname, '..', '..', 'test-fixtures', 'aports'));
const files = execFileSync('find', [tree, '-name', 'APKBUILD', '-type', 'f'], { maxBuffer: 1 << 28 }).toString().trim().split('\n').filter(Boolean).sort();

(async () => {
  await initParser();
  const index = new PackageIndex([tree]);
  await index.build();
  let calls = 0;
  let errors = 0;
  const fail = (file, name, e) => {
    errors++;
    if (errors <= 10) console.log(`${file} ${name}: ${e.stack.split('\n').slice(0, 3).join(' | ')}`);
  };
  const t0 = Date.now();
  for (let k = 0; k < files.length; k += every) {
    const file = files[k];
    const text = fs.readFileSync(file, 'utf8');
    const t = parseText(text);
    const apkbuild = analyze(text, t);
    t.delete();
    const doc = { uri: pathToFileURL(file).href, fsPath: file, version: 1, text, apkbuild, tree: undefined };
    for (const [name, fn] of [['symbols', () => documentSymbols(doc)], ['links', () => documentLinks(doc)]]) {
      try {
        fn();
        calls++;
      } catch (e) {
        fail(file, name, e);
      }
    }
    const step = Math.max(1, Math.floor(text.length / 40));
    for (let offset = 0; offset <= text.length; offset += step) {
      const p = apkbuild.lines.position(offset);
      const run = {
        completion: () => completion(doc, p, index),
        hover: () => hover(doc, p, index),
        definition: () => definition(doc, p, index),
        references: () => references(doc, p, { includeDeclaration: true }),
        prepareRename: () => prepareRename(doc, p),
        // rename may refuse a name with a message for the user; anything else is a bug
        rename: () => {
          try {
            rename(doc, p, '_renamed');
          } catch (e) {
            if (!/shell name|must start|already defined|meaning/.test(e.message)) throw e;
          }
        },
      };
      for (const [name, fn] of Object.entries(run)) {
        try {
          fn();
          calls++;
        } catch (e) {
          fail(`${file}:${p.line + 1}:${p.character + 1}`, name, e);
        }
      }
    }
  }
  console.log(`${Math.ceil(files.length / every)} APKBUILDs, ${calls} calls, ${errors} threw, ${Date.now() - t0} ms`);
  process.exitCode = errors ? 1 : 0;
})();
