import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { FIXTURES } from './helpers';
import { LspClient, SERVER_BUNDLE } from './lsp-client';

const TREE = path.join(FIXTURES, 'aports');
// a package that is not on disk yet: features read the open text, the index knows the tree around it
const NEW_URI = pathToFileURL(path.join(TREE, 'community', 'kvnew', 'APKBUILD')).href;
const NEW_TEXT = ['pkgname=kvnew', 'pkgver=1.0', 'pkgrel=0', 'depends="libk"', 'makedepends="libkv-dev"', '', 'package() {', '\tmkdir -p "$pkgdir"', '}', ''].join('\n');

describe('the language server with an aports workspace folder', () => {
  let client: LspClient;
  before(async () => {
    client = LspClient.start([SERVER_BUNDLE, '--stdio']);
    await client.initialize({}, undefined, [{ uri: pathToFileURL(TREE).href, name: 'aports' }]);
    await client.waitFor(() => client.progress.some((p) => p.value?.kind === 'end'), 'the end of the index progress');
    await client.open(NEW_URI, NEW_TEXT);
    await client.diagnosticsFor(NEW_URI, 1);
  });
  after(() => client.kill());

  test('reports the index build through $/progress, from begin to end, on a token it created', () => {
    const kinds = client.progress.map((p) => p.value?.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(client.progressTokens.includes(client.progress[0].token));
    assert.ok(client.messages.some((m) => /aports index: \d+ APKBUILDs/.test(m.message)), 'an index log line');
  });

  test('completes a dependency with a package of the tree and its pkgdesc', async () => {
    const list = await client.request('textDocument/completion', { textDocument: { uri: NEW_URI }, position: { line: 3, character: 13 } });
    const libkv = list.items.find((i: { label: string }) => i.label === 'libkv');
    assert.ok(libkv, JSON.stringify(list.items.map((i: { label: string }) => i.label)));
    assert.match(JSON.stringify(libkv), /Small embeddable key-value storage library/);
  });

  test('hovers a subpackage dependency with its package from the index', async () => {
    const result = await client.request('textDocument/hover', { textDocument: { uri: NEW_URI }, position: { line: 4, character: 15 } });
    assert.match(JSON.stringify(result.contents), /libkv/);
    assert.match(JSON.stringify(result.contents), /main/);
  });

  test('goes from a dependency to the APKBUILD that provides it', async () => {
    const result = await client.request('textDocument/definition', { textDocument: { uri: NEW_URI }, position: { line: 4, character: 15 } });
    assert.deepEqual(result.map((l: { uri: string }) => l.uri), [pathToFileURL(path.join(TREE, 'main', 'libkv', 'APKBUILD')).href]);
  });

  test('lists document symbols and finds packages of the tree as workspace symbols', async () => {
    const symbols = await client.request('textDocument/documentSymbol', { textDocument: { uri: NEW_URI } });
    assert.ok(JSON.stringify(symbols).includes('package'), JSON.stringify(symbols));
    const found = await client.request('workspace/symbol', { query: 'kvs' });
    const names = found.map((s: { name: string }) => s.name);
    assert.ok(names.includes('kvsh') && names.includes('kvsync'), names.join(' '));
  });

  test('answers a request for a document that is not open with an empty result, not an error', async () => {
    const result = await client.request('textDocument/hover', { textDocument: { uri: 'file:///nowhere/APKBUILD' }, position: { line: 0, character: 0 } });
    assert.equal(result, null);
  });
});
