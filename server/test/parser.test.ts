import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { applyEdit, bashLanguage, initParser, parseText, query } from '../src/parser/parser';
import { locateWasm } from '../src/parser/wasm';

before(() => initParser());

test('loads the shipped tree-sitter-bash wasm with a supported ABI', () => {
  const { bash } = locateWasm();
  assert.ok(fs.statSync(bash).size > 500_000, 'the grammar wasm is the real one');
  const abi = bashLanguage().abiVersion;
  assert.ok(abi >= 14 && abi <= 15, `ABI ${abi}`);
});

test('parses an APKBUILD into a program with assignments and functions', () => {
  const tree = parseText('pkgname=foo\nbuild() {\n\tmake\n}\n');
  try {
    assert.equal(tree.rootNode.type, 'program');
    assert.deepEqual(tree.rootNode.namedChildren.map((n) => n?.type), ['variable_assignment', 'function_definition']);
  } finally {
    tree.delete();
  }
});

test('re-parses incrementally after an edit and reflects the new text', () => {
  const before = 'pkgname=foo\npkgver=1\n';
  const after = 'pkgname=foobar\npkgver=1\n';
  const old = parseText(before);
  applyEdit(old, {
    startIndex: 11, oldEndIndex: 11, newEndIndex: 14,
    startPosition: { row: 0, column: 11 }, oldEndPosition: { row: 0, column: 11 }, newEndPosition: { row: 0, column: 14 },
  });
  const tree = parseText(after, old);
  try {
    assert.equal(tree.rootNode.namedChildren[0]?.text, 'pkgname=foobar');
    assert.equal(tree.rootNode.namedChildren[1]?.startIndex, 15);
  } finally {
    old.delete();
    tree.delete();
  }
});

test('compiles a query once and returns the same object afterwards', () => {
  const a = query('(function_definition name: (word) @name)');
  assert.equal(query('(function_definition name: (word) @name)'), a);
  const tree = parseText('a() { :; }\nb() { :; }\n');
  try {
    assert.deepEqual(a.captures(tree.rootNode).map((c) => c.node.text), ['a', 'b']);
  } finally {
    tree.delete();
  }
});
