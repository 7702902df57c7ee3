import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initParser, lintString } from './helpers';
import { lintTextSync } from '../src/lint';
import { ConfigError, parseConfig } from '../src/rules/config';

before(() => initParser());

const codes = (text: string, env: NodeJS.ProcessEnv = {}) => lintString(text, { env }).map((f) => `${f.code}@${f.range.start.line + 1}`);
const BASE = 'pkgname=foo\npkgver=1.0\n';

describe('suppression comments', () => {
  test('a comment at the end of a line silences that line only', () => {
    const found = codes(BASE + 'pkgrel="1" # apkbuild-lint disable=AL28\n_a="2"\n');
    assert.ok(!found.includes('AL28@3'));
    assert.ok(found.includes('AL28@4'));
  });

  test('a comment line silences the line below it, by code or by label', () => {
    const found = codes(BASE + '# apkbuild-lint disable=literal-integer-is-quoted\npkgrel="1"\n_a="2"\n');
    assert.ok(!found.includes('AL28@4'));
    assert.ok(found.includes('AL28@5'));
  });

  test('disable-file silences a rule everywhere in the file', () => {
    const found = codes(BASE + 'pkgrel="1"\n_a="2"\n# apkbuild-lint disable-file=AL28,AL5\n_b=""\n');
    assert.ok(!found.some((c) => c.startsWith('AL28@') || c.startsWith('AL5@')));
  });
});

describe('environment switches as in atools', () => {
  test('SKIP_AL28 and SKIP_LITERAL_INTEGER_IS_QUOTED turn the rule off', () => {
    const text = BASE + 'pkgrel="1"\n';
    assert.ok(codes(text).includes('AL28@3'));
    assert.ok(!codes(text, { SKIP_AL28: '1' }).includes('AL28@3'));
    assert.ok(!codes(text, { SKIP_LITERAL_INTEGER_IS_QUOTED: '1' }).includes('AL28@3'));
    assert.ok(codes(text, { SKIP_AL28: '0' }).includes('AL28@3'), '0 means not skipped');
  });

  test('CUSTOM_VALID_OPTIONS and CUSTOM_VALID_ARCHES extend the known values', () => {
    const text = BASE + 'options="frobnicate"\narch="pdp11"\n';
    const before = codes(text);
    assert.ok(before.includes('AL49@3') && before.includes('AL57@4'));
    const after = codes(text, { CUSTOM_VALID_OPTIONS: 'frobnicate other', CUSTOM_VALID_ARCHES: 'pdp11' });
    assert.ok(!after.includes('AL49@3') && !after.includes('AL57@4'));
  });
});

describe('.apkbuild-lint.json', () => {
  test('changes severities, turns rules off and extends options and arches', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-config-'));
    fs.writeFileSync(path.join(root, '.apkbuild-lint.json'), JSON.stringify({ severity: { AL28: 'serious', 'empty-variable': 'off' }, options: ['frobnicate'], arches: ['pdp11'] }));
    const dir = path.join(root, 'main', 'foo');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'APKBUILD');
    const text = BASE + 'pkgrel="1"\n_x=""\noptions="frobnicate"\narch="pdp11"\n';
    fs.writeFileSync(file, text);
    const found = lintTextSync(text, { path: file, env: {} });
    assert.equal(found.find((f) => f.code === 'AL28')?.severity, 'serious');
    assert.ok(!found.some((f) => ['AL5', 'AL49', 'AL57'].includes(f.code)));
  });

  test('rejects unknown keys and severities with the file name', () => {
    assert.throws(() => parseConfig('{"severity":{"AL1":"loud"}}', 'x.json'), (e: Error) => e instanceof ConfigError && /x.json: severity of AL1/.test(e.message));
    assert.throws(() => parseConfig('{"rules":{}}', 'x.json'), /unknown key "rules"/);
    assert.throws(() => parseConfig('{', 'x.json'), /x.json: not valid JSON/);
  });
});
