import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, findApkbuilds, initParser, lintFile } from './helpers';
import { applyEdits } from '../src/rules/fix';

const TREE = path.join(FIXTURES, 'aports');
const DEMO = path.join(TREE, 'testing', 'demo-mistakes', 'APKBUILD');

test('the aports fixture tree is clean except for the six documented mistakes', async () => {
  await initParser();
  const found = findApkbuilds(TREE).flatMap((file) => lintFile(file).map((f) => `${path.relative(TREE, f.path)}:${f.range.start.line + 1}:${f.code}`));
  assert.deepEqual(found, [
    'testing/demo-mistakes/APKBUILD:5:AL28',
    'testing/demo-mistakes/APKBUILD:13:AL1',
    'testing/demo-mistakes/APKBUILD:16:AL13',
    'testing/demo-mistakes/APKBUILD:21:AL2',
    'testing/demo-mistakes/APKBUILD:25:AL7',
    'testing/demo-mistakes/APKBUILD:29:AL8',
  ]);
});

test('applying every fix to the demo package leaves nothing to report', async () => {
  await initParser();
  const text = fs.readFileSync(DEMO, 'utf8');
  const edits = lintFile(DEMO).flatMap((f) => f.fix?.edits ?? []);
  const fixed = applyEdits(text, edits);
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'demo-')), 'APKBUILD');
  fs.writeFileSync(tmp, fixed);
  assert.deepEqual(lintFile(tmp, {}).map((f) => `${f.code}:${f.range.start.line + 1}:${f.message}`), []);
});
