import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { discoverApkbuilds, searchApkbuilds } from '../src/cli/discover';
import { lintPath } from '../src/cli/lint-file';
import { LintPool } from '../src/cli/pool';
import { FIXTURES, initParser } from './helpers';

const TREE = path.join(FIXTURES, 'aports');

test('the pool lints files added a few at a time, with pauses between, and answers each once in the order added', async () => {
  await initParser();
  const found = discoverApkbuilds([TREE]);
  // more than two batches of 48 each, ending in a part batch
  const files = [...found.files, ...found.files, ...found.files, ...found.files].slice(0, 48 * 2 + 13);
  const distinct = [...new Set(files)];
  const pool = new LintPool(2, undefined, {});
  for (let i = 0; i < distinct.length; i++) {
    pool.add(distinct[i], found.listings.get(distinct[i]));
    if (i % 7 === 0) await new Promise((resolve) => setTimeout(resolve, 2));
  }
  const progress: number[] = [];
  const results = await pool.finish((done) => progress.push(done));
  assert.deepEqual(results.map((r) => r.file), distinct);
  assert.deepEqual(results, distinct.map((f) => lintPath(f, undefined, {}, { packageFiles: found.listings.get(f) })));
  assert.equal(progress.at(-1), distinct.length);
});

test('the pool hands out batches while files are still being added, before it is told the list is complete', async () => {
  const found = discoverApkbuilds([TREE]);
  const pool = new LintPool(1, undefined, {});
  let answered = 0;
  const added: string[] = [];
  // 48 files make a batch: the worker gets it at once and answers while more are coming
  while (answered === 0) {
    const file = path.join(path.dirname(found.files[added.length % found.files.length]), 'APKBUILD');
    if (added.length >= 48 * 20) break;
    added.push(`${file}#${added.length}`);
    pool.add(added.at(-1)!, undefined);
    await new Promise((resolve) => setTimeout(resolve, 1));
    answered = pool.linted;
  }
  assert.ok(answered >= 48, `a first batch was answered while adding (after ${added.length} files)`);
  const results = await pool.finish();
  assert.equal(results.length, added.length);
  // the made-up names do not exist: each is an I/O error of its own
  for (const [i, r] of results.entries()) assert.match('error' in r ? r.error : '', new RegExp(`#${i}: cannot read`));
});

test('a pool given no files lets its workers exit and answers nothing', async () => {
  const pool = new LintPool(2, undefined, {});
  assert.deepEqual(await pool.finish(), []);
});

test('the step-by-step search finds what the one-call search finds, pausing once per directory', () => {
  const search = searchApkbuilds([TREE]);
  let pauses = 0;
  let step = search.next();
  while (!step.done) {
    pauses++;
    step = search.next();
  }
  const whole = discoverApkbuilds([TREE]);
  assert.deepEqual(step.value, whole);
  assert.ok(pauses > whole.files.length, `${pauses} pauses for ${whole.files.length} package directories`);
});
