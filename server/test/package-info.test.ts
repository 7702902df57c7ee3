import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../src/lint';
import { packageInfoOf } from '../src/features/package-info';
import { pathToFileURL } from 'node:url';
import { FIXTURES, initParser } from './helpers';
import { LspClient, SERVER_BUNDLE } from './lsp-client';

before(() => initParser());

describe('package info for the status bar', () => {
  test('labels a fixture package as pkgname pkgver-rpkgrel', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'aports/testing/demo-mistakes/APKBUILD'), 'utf8');
    const info = packageInfoOf(analyzeText(text));
    assert.deepEqual(info, { pkgname: 'demo-mistakes', pkgver: '1.0.2', pkgrel: '1', label: 'demo-mistakes 1.0.2-r1' });
  });

  test('expands variables in the values and marks what cannot be known with ?', () => {
    const info = packageInfoOf(analyzeText('_base=foo\npkgname=py3-$_base\npkgver=$(cat VERSION)\npkgrel=0\n'));
    assert.equal(info?.label, 'py3-foo ?-r0');
  });

  test('answers null for a file that names no package', () => {
    assert.equal(packageInfoOf(analyzeText('# just a comment\n')), null);
  });
});

describe('apkbuild/packageInfo over stdio', () => {
  test('answers the package of an open document and null for a document that is not open', async () => {
    const file = path.join(FIXTURES, 'aports/testing/demo-mistakes/APKBUILD');
    const uri = pathToFileURL(file).href;
    const client = LspClient.start([SERVER_BUNDLE, '--stdio']);
    try {
      await client.initialize();
      await client.open(uri, fs.readFileSync(file, 'utf8'));
      const info = await client.connection.sendRequest('apkbuild/packageInfo', { textDocument: { uri } });
      assert.deepEqual(info, { pkgname: 'demo-mistakes', pkgver: '1.0.2', pkgrel: '1', label: 'demo-mistakes 1.0.2-r1' });
      assert.equal(await client.connection.sendRequest('apkbuild/packageInfo', { textDocument: { uri: uri + '.missing' } }), null);
      assert.equal(await client.stop(), 0);
    } finally {
      client.kill();
    }
  });
});
