import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ruleRegistry } from '../src/rules/registry';
import { applyEdits } from '../src/rules/fix';
import { baseFromDirectories } from '../src/review/directory-base';
import { lintWithBase } from '../src/review/lint-with-base';
import { FIXTURES, findApkbuilds, initParser, lintFile, where } from './helpers';

/**
 * Every rule has test-fixtures/rules/<CODE>/ with
 *   bad/…/APKBUILD    files (or an aports-shaped tree) on which the rule fires
 *   expected.txt      one `relative/path/APKBUILD:line:col-line:col` per finding, 1-based
 *   good/…/APKBUILD   files on which it stays silent
 *   fixed/…/APKBUILD  (fixable rules) bad/ with every fix of the rule applied
 *   base/…/APKBUILD   (change rules, AC*) each case's package before the change: the base of
 *                     bad/X/ and good/X/ is base/X/ (or base/<other repo>/<name>/ for a move)
 */
const RULES_DIR = path.join(FIXTURES, 'rules');

before(() => initParser());

test('every registered rule has a fixture directory', () => {
  const missing = ruleRegistry.filter((r) => !fs.existsSync(path.join(RULES_DIR, r.code, 'expected.txt')) && r.code !== 'AB1');
  assert.deepEqual(missing.map((r) => r.code), []);
});

test('rule codes and labels are unique and labels are kebab-case', () => {
  const codes = new Set(ruleRegistry.map((r) => r.code));
  const labels = new Set(ruleRegistry.map((r) => r.label));
  assert.equal(codes.size, ruleRegistry.length);
  assert.equal(labels.size, ruleRegistry.length);
  for (const r of ruleRegistry) assert.match(r.label, /^[a-z0-9_]+(-[a-z0-9_]+)*$/, r.code);
});

function findingsOf(r: ReturnType<typeof lintWithBase>) {
  if ('error' in r) throw new Error(r.error);
  return r.findings;
}

for (const rule of ruleRegistry) {
  const dir = path.join(RULES_DIR, rule.code);
  if (!fs.existsSync(dir)) continue;
  const only = new Set([rule.code]);
  const baseRoot = path.join(dir, 'base');
  const lint = (file: string, side: string) =>
    fs.existsSync(baseRoot) ? findingsOf(lintWithBase(file, baseFromDirectories(file, path.join(dir, side), baseRoot), { only, env: {} })) : lintFile(file, { only });
  describe(`${rule.code} ${rule.label}`, () => {
    test('fires on the bad cases at the exact ranges', () => {
      const bad = path.join(dir, 'bad');
      const got = findApkbuilds(bad).flatMap((file) =>
        lint(file, 'bad').map((f) => `${path.relative(bad, f.path.startsWith('/') ? f.path : path.resolve(path.dirname(file), f.path))}:${where(f)}`),
      );
      const expected = fs.readFileSync(path.join(dir, 'expected.txt'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      assert.ok(expected.length > 0, 'expected.txt lists at least one finding');
      assert.deepEqual(got.sort(), expected.sort());
    });
    test('stays silent on the good cases', () => {
      const good = findApkbuilds(path.join(dir, 'good'));
      assert.ok(good.length > 0, 'there is a good case');
      for (const file of good) assert.deepEqual(lint(file, 'good').map((f) => `${f.message} @${where(f)}`), [], file);
    });
    if (rule.fixable) {
      test('its fix produces the expected text', () => {
        const bad = path.join(dir, 'bad');
        const files = findApkbuilds(bad);
        assert.ok(files.length > 0);
        for (const file of files) {
          const text = fs.readFileSync(file, 'utf8');
          const edits = lint(file, 'bad').filter((f) => f.path === file).flatMap((f) => f.fix?.edits ?? []);
          const expected = fs.readFileSync(path.join(dir, 'fixed', path.relative(bad, file)), 'utf8');
          assert.equal(applyEdits(text, edits), expected);
        }
      });
    }
  });
}
