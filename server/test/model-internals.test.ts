import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../src/lint';
import { definitionOf, memo, valueOf } from '../src/apkbuild/facts';
import { lexScript, lexText, lexWord } from '../src/apkbuild/shell-lexer';
import { sortByStart } from '../src/apkbuild/span';
import { initParser } from '../src/parser/parser';

before(() => initParser());

describe('variable scopes', () => {
  test("a function's assignments neither change the top-level values nor reach the next function", () => {
    const text = 'pkgname=x\na() {\n\tpkgname=y\n\tlocal z=1\n\t_v=$pkgname$z\n}\nb() {\n\t_w="$pkgname$z"\n}\n';
    const model = analyzeText(text);
    assert.deepEqual(model.functionAssignments.map((a) => [a.name, a.value]), [['pkgname', 'y'], ['z', '1'], ['_v', 'y1'], ['_w', 'x']]);
    assert.equal(valueOf(model, 'pkgname'), 'x');
    assert.equal(model.env.has('z'), false);
    assert.equal(model.env.has('_v'), false);
  });

  test("abuild's variables are known in every file, and one file's reassignment is its own", () => {
    const mine = analyzeText('srcdir=/here\nbuilddir="$srcdir/b"\nprepare() {\n\tCARCH=arm\n}\n');
    assert.equal(valueOf(mine, 'builddir'), '/here/b');
    assert.equal(valueOf(mine, 'srcdir'), '/here');
    assert.deepEqual(mine.env.get('CARCH'), { value: '$CARCH', symbolic: true }, 'a function reassigning it leaves the top level alone');
    const other = analyzeText('builddir="$srcdir/b"\n');
    assert.deepEqual(other.env.get('srcdir'), { value: '$srcdir', symbolic: true });
    assert.equal(other.env.has('srcdir'), true);
    assert.equal(valueOf(other, 'builddir'), '$srcdir/b', 'shown by name where it is not reassigned');
  });
});

describe('per-model caches', () => {
  test('are invisible on the model and kept per model', () => {
    const one = analyzeText('pkgname=one\n');
    const keys = Object.keys(one);
    assert.equal(definitionOf(one, 'pkgname')?.value, 'one');
    assert.equal(memo(one, 'test:value', () => 1), 1);
    assert.equal(memo(one, 'test:value', () => 2), 1, 'computed once per model');
    assert.deepEqual(Object.keys(one), keys);
    const two = analyzeText('pkgname=two\n');
    assert.equal(memo(two, 'test:value', () => 2), 2);
    assert.equal(definitionOf(two, 'pkgname')?.value, 'two');
  });
});

describe('sortByStart', () => {
  test('sorts by start, keeping the order of equal starts', () => {
    const items = [{ id: 'c', span: { start: 5, end: 6 } }, { id: 'a', span: { start: 1, end: 2 } }, { id: 'b1', span: { start: 3, end: 9 } }, { id: 'b2', span: { start: 3, end: 4 } }];
    sortByStart(items);
    assert.deepEqual(items.map((i) => i.id), ['a', 'b1', 'b2', 'c']);
  });
});

describe('word lexing', () => {
  const literals = (src: string) => lexWord(src, 0).parts.map((p) => (p.kind === 'literal' ? [p.text, p.quote, src.slice(p.span.start, p.span.end)] : [p.kind]));

  test('keeps plain, quoted and escaped pieces of a word apart, each with its exact source', () => {
    assert.deepEqual(literals(`a"b c"'d'\\e$x`), [['a', 'none', 'a'], ['b c', 'double', 'b c'], ['d', 'single', "'d'"], ['e', 'escape', '\\e'], ['param']]);
  });

  test('merges adjacent single-quoted pieces into one literal spanning both', () => {
    assert.deepEqual(literals(`'a''b'`), [['ab', 'single', `'a''b'`]]);
  });

  test('keeps carriage returns and other non-blank spaces inside a plain literal', () => {
    assert.deepEqual(literals('a\r\u00a0b c'), [['a\r\u00a0b', 'none', 'a\r\u00a0b']]);
  });

  test('reads escapes inside double quotes as pieces of their own', () => {
    assert.deepEqual(literals('"a\\$b\\qc"'), [['a', 'double', 'a'], ['$', 'double', '\\$'], ['b\\qc', 'double', 'b\\qc']]);
  });

  test('ends a word at a blank, but not text read as an operand', () => {
    assert.equal(lexWord('ab cd', 0).raw, 'ab');
    assert.deepEqual(lexText('a b$c d', 0, 7).parts.map((p) => p.kind), ['literal', 'param', 'literal']);
  });

  test('reads parameters, substitutions and arithmetic as parts', () => {
    const word = lexWord('${x:-y}$1$(echo)`date`$((1+2))${#n}$', 0);
    assert.deepEqual(word.parts.map((p) => (p.kind === 'param' ? [p.kind, p.name, p.op ?? '', p.length] : [p.kind])), [
      ['param', 'x', ':-', false], ['param', '1', '', false], ['command'], ['command'], ['arith'], ['param', 'n', '', true], ['literal'],
    ]);
  });
});
