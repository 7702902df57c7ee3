import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discoverApkbuilds } from '../src/cli/discover';
import { lintPath, lintPaths } from '../src/cli/lint-file';
import { detached } from '../src/detached';
import { FIXTURES, initParser } from './helpers';

const TREE = path.join(FIXTURES, 'aports');

test('discovery keeps the listing of the directory of every APKBUILD it finds, in readdir order', () => {
  const found = discoverApkbuilds([TREE]);
  assert.ok(found.files.length > 5);
  for (const file of found.files) assert.deepEqual(found.listings.get(file), fs.readdirSync(path.dirname(file)), file);
});

test('discovery reports its progress after each file it finds', () => {
  const counts: number[] = [];
  const found = discoverApkbuilds([TREE], (n) => counts.push(n));
  assert.deepEqual(counts, found.files.map((_, i) => i + 1));
});

test('a file named on the command line comes without a listing: the linter lists its directory itself', () => {
  const file = path.join(TREE, 'main', 'libkv', 'APKBUILD');
  const found = discoverApkbuilds([file]);
  assert.deepEqual(found.files, [file]);
  assert.equal(found.listings.get(file), undefined);
});

test('linting with the listings from discovery reports exactly what linting without them does', async () => {
  await initParser();
  const found = discoverApkbuilds([TREE]);
  let findings = 0;
  for (const file of found.files) {
    const given = lintPath(file, undefined, {}, { packageFiles: found.listings.get(file) });
    const listed = lintPath(file, undefined, {});
    assert.deepEqual(given, listed, file);
    if ('findings' in given) findings += given.findings.length;
  }
  assert.ok(findings > 0);
  const withPackageFiles = [...found.listings.values()].filter((names) => names.some((n) => /\.(patch|initd)$/.test(n)));
  assert.ok(withPackageFiles.length > 0, 'some packages have patches or init scripts the rules read');
});

test('linting a batch in two passes (all analysed, then all checked) reports per file what linting one by one does, errors included', async () => {
  await initParser();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-batch-'));
  try {
    fs.writeFileSync(path.join(scratch, 'APKBUILD'), Buffer.from([0x70, 0x00, 0x71]));
    const files = [...discoverApkbuilds([TREE]).files, path.join(scratch, 'APKBUILD'), path.join(scratch, 'missing', 'APKBUILD')];
    const batch = lintPaths(files, undefined, {}, files.map(() => ({})));
    assert.deepEqual(batch, files.map((f) => lintPath(f, undefined, {})));
    assert.match(JSON.stringify(batch.at(-2)), /binary file/);
    assert.match(JSON.stringify(batch.at(-1)), /cannot read/);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});

test('detached returns an equal string, short or long', () => {
  const text = 'makedepends="linux-headers openssl-dev zlib-dev"';
  for (const s of [text.slice(13, 26), text.slice(13, 20), '', text]) assert.equal(detached(s), s);
});
