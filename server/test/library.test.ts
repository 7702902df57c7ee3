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

test('the package main plans a set of packages, as the build runner will import it', async () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  const tree = path.resolve(__dirname, '..', '..', '..', 'test-fixtures', 'plan');
  await lib.initParser();
  const set = lib.findPackageSet({ cwd: tree, env: {}, paths: ['community/app', 'main/libcore', 'main/libmid'] });
  const plan = lib.planPackageSet(set, await lib.indexTree(set.treeRoot), ['aarch64']);
  assert.deepEqual(plan.arches[0].order.map((o) => o.dir), ['main/libcore', 'main/libmid', 'community/app']);
  assert.equal(lib.archAllows(['all', '!aarch64'], 'aarch64'), false);
});
