import { test } from 'node:test';
import assert from 'node:assert/strict';

/** The package as other tools load it: its main, the esbuild bundle in dist/. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const lib = require('apkbuild-language-server') as typeof import('../src/index');

test('the package main exports lintText, compareVersions and isValidVersion', async () => {
  assert.ok(require.resolve('apkbuild-language-server').endsWith('dist/index.js'));
  const findings = await lib.lintText('pkgname=foo\npkgver=1.0\npkgrel="1"\n', { path: 'main/foo/APKBUILD', env: {} });
  const quoted = findings.find((f) => f.code === 'AL28');
  assert.ok(quoted, 'AL28 found');
  assert.equal(quoted.path, 'main/foo/APKBUILD');
  assert.deepEqual(quoted.range.start, { line: 2, character: 7 });
  assert.equal(lib.compareVersions('1.0_rc1', '1.0'), -1);
  assert.equal(lib.compareVersions('1.10', '1.9'), 1);
  assert.equal(lib.isValidVersion('1.0p1'), false);
  assert.equal(lib.isValidVersion('1.2.3_rc4-r5'), true);
});
