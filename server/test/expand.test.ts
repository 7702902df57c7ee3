import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../src/lint';
import { valueOf } from '../src/apkbuild/facts';
import { initParser } from '../src/parser/parser';

before(() => initParser());

function expand(expr: string, setup = 'pkgname=foo-bar\npkgver=1.2.3_rc1\n'): string | undefined {
  return valueOf(analyzeText(`${setup}_r=${expr}\n`), '_r');
}

const cases: [string, string | undefined][] = [
  ['$pkgname', 'foo-bar'],
  ['${pkgname}', 'foo-bar'],
  ['"${pkgver%.*}"', '1.2'],
  ['${pkgver%%.*}', '1'],
  ['${pkgver#*.}', '2.3_rc1'],
  ['${pkgver##*.}', '3_rc1'],
  ['${pkgver/_rc/-rc}', '1.2.3-rc1'],
  ['${pkgver//./_}', '1_2_3_rc1'],
  ['${pkgver/#1/X}', 'X.2.3_rc1'],
  ['${pkgver/%rc1/final}', '1.2.3_final'],
  ['${_unset:-fallback}', 'fallback'],
  ['${pkgname:-fallback}', 'foo-bar'],
  ['${pkgname:+alt}', 'alt'],
  ['${#pkgname}', '7'],
  ['${pkgver:0:3}', '1.2'],
  ['${pkgname^^}', 'FOO-BAR'],
  ["'$pkgname'", '$pkgname'],
  ['"$pkgname"-\\$x', 'foo-bar-$x'],
  ['$srcdir/$pkgname', '$srcdir/foo-bar'],
  ['${srcdir%/*}', undefined],
  ['$(date)', undefined],
  ['`uname -m`', undefined],
  ['$CARCH', '$CARCH'],
  ['$HOME', undefined],
  ['${pkgver%_*}', '1.2.3'],
  ['${pkgver%[0-9]}', '1.2.3_rc'],
];

for (const [expr, expected] of cases) {
  test(`expands ${expr} to ${expected === undefined ? 'unknown' : JSON.stringify(expected)}`, () => {
    assert.equal(expand(expr), expected);
  });
}

test('uses the value a variable has at the point of use, like sourcing does', () => {
  assert.equal(valueOf(analyzeText('_a=1\n_b=$_a\n_a=2\n'), '_b'), '1');
});

test('appends with += ', () => {
  assert.equal(valueOf(analyzeText('_a=x\n_a+=y\n'), '_a'), 'xy');
});
