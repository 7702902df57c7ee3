import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import { analyze } from '../src/apkbuild/apkbuild';
import { definitionOf } from '../src/apkbuild/facts';
import { codeActions, combinedFixEdits } from '../src/features/code-actions';
import { toDiagnostic } from '../src/features/diagnostics';
import { formattingEdits } from '../src/features/formatting';
import { sortItems, sortListEdit } from '../src/features/list-sort';
import { bumpPkgrel, bumpPkgver } from '../src/features/version-bump';
import { analyzeText } from '../src/lint';
import { DocumentStore } from '../src/lsp/document-store';
import { DocumentLinter } from '../src/lsp/lint-document';
import { offsetAt } from '../src/features/positions';
import { parseText } from '../src/parser/parser';
import { applyEdits } from '../src/rules/fix';
import { findApkbuilds, FIXTURES, initParser, lintString } from './helpers';

before(() => initParser());

const format = (text: string) => applyEdits(text, formattingEdits(analyzeText(text)));

describe('formatting', () => {
  test('indents with tabs, removes trailing blanks and leaves heredocs and quoted strings alone', () => {
    const text = 'pkgname=a \nbuild() {\n    make  \n    cat > x <<-EOF\n    keep   \n    EOF\n\techo "a  \n    b  "\n}\n';
    assert.equal(format(text), 'pkgname=a\nbuild() {\n\tmake\n\tcat > x <<-EOF\n    keep   \n    EOF\n\techo "a  \n    b  "\n}\n');
  });

  test('puts one item per tab-indented line, keeping a first item on the opening line and the closing quote where it was', () => {
    const text = 'makedepends="b a\n  c d"\nsource="https://x/a.tar.gz\n\tfix.patch"\ndepends="\n\tx\n\n\n\ty\n"\noptions="\n    u v\n    "\n';
    assert.equal(format(text), 'makedepends="b\n\ta\n\tc\n\td"\nsource="https://x/a.tar.gz\n\tfix.patch"\ndepends="\n\tx\n\n\ty\n"\noptions="\n\tu\n\tv\n\t"\n');
  });

  test('leaves single-line lists, lists inside functions and lists with substitutions as they are', () => {
    const text = 'depends="a  b"\n_f() {\n\tdepends="a\n  b"\n}\nsource="$(echo a\n  b)"\n';
    assert.deepEqual(formattingEdits(analyzeText(text)).filter((e) => text.slice(e.span.start, e.span.end).includes('a')), []);
  });

  test('is idempotent and keeps the shell syntax of every fixture APKBUILD', () => {
    const files = findApkbuilds(FIXTURES);
    assert.ok(files.length > 50);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const once = format(text);
      assert.equal(format(once), once, file);
      assert.ok(analyzeText(once).syntaxProblems.length <= analyzeText(text).syntaxProblems.length, file);
    }
  });
});

describe('dependency list sort', () => {
  test('keeps variable references first, sorts names and drops exact repeats', () => {
    assert.deepEqual(sortItems(['zlib-dev', '$depends_dev', 'cmake', 'zlib-dev', 'bash']), ['$depends_dev', 'bash', 'cmake', 'zlib-dev']);
  });

  test('rewrites a multi-line list in the aports layout and a single-line one on its line', () => {
    const model = analyzeText('makedepends="\n\tzlib-dev\n\tcmake\n\tcmake\n\t"\ndepends="b a"\n');
    const multi = sortListEdit(model, definitionOf(model, 'makedepends')!);
    assert.equal(multi?.newText, '"\n\tcmake\n\tzlib-dev\n\t"');
    assert.equal(sortListEdit(model, definitionOf(model, 'depends')!)?.newText, '"a b"');
    assert.equal(sortListEdit(analyzeText('depends="a b"\n'), definitionOf(analyzeText('depends="a b"\n'), 'depends')!), undefined);
  });
});

describe('version bumps', () => {
  test('bumpPkgrel increments the number inside its quotes', () => {
    const text = 'pkgver=1.0\npkgrel="4"\n';
    const r = bumpPkgrel(analyzeText(text));
    assert.ok('edits' in r);
    assert.equal(applyEdits(text, r.edits), 'pkgver=1.0\npkgrel="5"\n');
  });

  test('bumpPkgver sets the version and resets pkgrel; an invalid version or pkgrel is refused', () => {
    const text = 'pkgver=1.0\npkgrel=3\n';
    const r = bumpPkgver(analyzeText(text), '1.2_rc1');
    assert.ok('edits' in r);
    assert.equal(applyEdits(text, r.edits), 'pkgver=1.2_rc1\npkgrel=0\n');
    assert.match((bumpPkgver(analyzeText(text), '1.0-r1') as { error: string }).error, /not a valid pkgver/);
    assert.match((bumpPkgrel(analyzeText('pkgrel=$x\n')) as { error: string }).error, /not a plain number/);
  });
});

describe('diagnostics and code actions', () => {
  test('maps rule tags to diagnostic tags and links the docs only with an absolute URL', () => {
    const [f] = lintString('pkgname=a\npkgver=1\nbuilddir="$srcdir/$pkgname-$pkgver"\n', { only: new Set(['AL1']) });
    const d = toDiagnostic(f, { path: 'APKBUILD', docsUrl: 'file:///x/docs/rules.md' });
    assert.deepEqual(d.tags, [1]);
    assert.equal(d.codeDescription?.href, 'file:///x/docs/rules.md#al1');
    assert.equal(toDiagnostic(f, { path: 'APKBUILD', docsUrl: 'docs/rules.md' }).codeDescription, undefined);
  });

  test('fix-all keeps the first of overlapping edits and applies every fix of a fixture', () => {
    const text = fs.readFileSync(`${FIXTURES}/aports/testing/demo-mistakes/APKBUILD`, 'utf8');
    const findings = lintString(text);
    const fixed = applyEdits(text, combinedFixEdits(findings));
    assert.deepEqual(lintString(fixed).filter((f) => f.fix), []);
  });

  test('offers the dependency sort as a refactoring on an unsorted list only', () => {
    const text = 'pkgname=a\nmakedepends="zlib-dev cmake"\n';
    const apkbuild = analyzeText(text);
    const doc = { uri: 'untitled:a', fsPath: undefined, version: 1, text, apkbuild, tree: undefined };
    const at = { start: { line: 1, character: 14 }, end: { line: 1, character: 14 } };
    const actions = codeActions(doc, [], { range: at, only: ['refactor'] }, { path: 'APKBUILD' });
    assert.deepEqual(actions.map((a) => a.title), ['Sort and deduplicate makedepends']);
    assert.deepEqual(codeActions(doc, [], { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, only: ['refactor'] }, { path: 'APKBUILD' }), []);
  });
});

describe('per-version lint', () => {
  test('an unsaved buffer is not checked against the files of the current directory', () => {
    const cwd = process.cwd();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-ls-cwd-'));
    try {
      fs.writeFileSync(path.join(dir, 'APKBUILD'), 'pkgname=x\n');
      fs.writeFileSync(path.join(dir, 'stray.patch'), 'x');
      process.chdir(dir);
      const text = 'pkgname=x\npkgver=1\npkgrel=0\nsource="missing.patch"\n';
      const doc = { uri: 'untitled:1', fsPath: undefined, version: 1, text, apkbuild: analyzeText(text), tree: undefined };
      const codes = new DocumentLinter(() => undefined, {}).findings(doc).map((f) => f.code);
      assert.ok(!codes.includes('AB38'), codes.join(' ')); // missing-source-file needs the package directory
      assert.ok(!codes.includes('AB48'), codes.join(' ')); // unused-package-file likewise
    } finally {
      process.chdir(cwd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a file on disk gets its tree index from the provider and its package files read', () => {
    const file = `${FIXTURES}/aports/testing/demo-mistakes/APKBUILD`;
    const text = fs.readFileSync(file, 'utf8');
    const asked: string[] = [];
    const doc = { uri: 'file://' + file, fsPath: file, version: 1, text, apkbuild: analyzeText(text), tree: undefined };
    const linter = new DocumentLinter((p) => (asked.push(p), undefined), {});
    assert.deepEqual(linter.findings(doc).map((f) => f.code), lintString(text, { path: file }).map((f) => f.code));
    assert.deepEqual(asked, [file]);
  });
});

describe('document store', () => {
  test('incremental edits give the same text and model as a fresh parse, for random edits', () => {
    const original = fs.readFileSync(`${FIXTURES}/aports/testing/demo-mistakes/APKBUILD`, 'utf8');
    const store = new DocumentStore();
    store.open('untitled:r', 1, original);
    let text = original;
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pieces = ['x', '\n', '"', 'é', '\u{1F600}', '$(', ')', ' ', '}', '\t'];
    for (let v = 2; v < 120; v++) {
      store.get('untitled:r');
      const lines = analyzeText(text).lines;
      // offsets between the halves of a surrogate pair are clamped by the store: keep clear of them
      const whole = (o: number) => (o > 0 && o < text.length && /[\udc00-\udfff]/.test(text[o]) ? o - 1 : o);
      const start = whole(rand(text.length + 1));
      const end = whole(Math.min(text.length, start + rand(4)));
      const insert = pieces[rand(pieces.length)];
      store.change('untitled:r', v, [{ range: lines.range({ start, end }), text: insert }]);
      text = text.slice(0, start) + insert + text.slice(end);
      if (v % 10 === 0) {
        const doc = store.get('untitled:r')!;
        assert.equal(doc.text, text);
        const fresh = parseText(text);
        assert.equal(doc.tree!.rootNode.toString(), fresh.rootNode.toString());
        assert.deepEqual(doc.apkbuild.assignments.map((a) => a.raw), analyze(text, fresh).assignments.map((a) => a.raw));
        fresh.delete();
      }
    }
    store.closeAll();
  });

  test('clamps positions past the end, negative or inside a surrogate pair', () => {
    const lines = analyzeText('a="\u{1F600}"\nb\n').lines;
    assert.equal(offsetAt(lines, { line: 0, character: 4 }), 3);
    assert.equal(offsetAt(lines, { line: 0, character: 99 }), 6);
    assert.equal(offsetAt(lines, { line: 99, character: 0 }), 9);
    assert.equal(offsetAt(lines, { line: -1, character: -5 }), 0);
  });
});
