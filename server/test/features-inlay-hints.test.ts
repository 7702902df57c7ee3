import { strict as assert } from 'node:assert';
import { before, describe, it } from 'node:test';
import { inlayHints } from '../src/features/inlay-hints';
import { featureDoc, initParser } from './feature-helpers';

before(initParser);

const all = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
const shown = (text: string, range = all) => inlayHints(featureDoc(text), range).map((h) => `${h.position.line}:${h.position.character} ${h.label}`);

describe('inlay hints', () => {
  const text = [
    'pkgname=foo',
    'pkgver=1.2.3',
    '_commit=0123456789abcdef0123456789abcdef01234567',
    'source="https://e.org/$pkgname/archive/$_commit/$pkgname-$pkgver.tar.gz"',
    'builddir="$srcdir/$pkgname-${pkgver%.*}-$_commit"',
    '# $pkgver in a comment',
    'build() {',
    '\tlocal pkgver=9',
    '\tmake VERSION="$pkgver" \'$pkgver\' $(echo $pkgver)',
    '}',
    '',
  ].join('\n');

  it('show the value after each plain read, as that line sees it (substitutions included), and nothing for abuild\'s variables, $pkgname, operators, comments or single quotes', () => {
    assert.deepEqual(shown(text), [
      '3:47 = 0123456789abcdef0123456789abcdef01234567',
      '3:64 = 1.2.3',
      '4:48 = 0123456789abcdef0123456789abcdef01234567',
      '8:22 = 9',
      '8:48 = 9',
    ]);
  });

  it('shorten a long value to 40 characters and a multi-line one to a line', () => {
    assert.deepEqual(shown('pkgname=foo\n_long=0123456789012345678901234567890123456789xyz\n_list="a\n\tb"\nurl="$_long $_list"\n'), [
      '4:11 = 012345678901234567890123456789012345678…',
      '4:18 = a b',
    ]);
  });

  it('keep to the requested range and carry the whole value as a tooltip', () => {
    const hints = inlayHints(featureDoc(text), { start: { line: 4, character: 0 }, end: { line: 5, character: 0 } });
    assert.deepEqual(hints.map((h) => h.position.line), [4]);
    assert.equal(hints[0].tooltip, '0123456789abcdef0123456789abcdef01234567');
  });

  it('a top-level read before the first assignment, or of an unknown value, gets none', () => {
    assert.deepEqual(shown('pkgname=foo\npkgdesc="$_x"\n_x=1\n_d=$(date)\nurl="$_d"\n'), []);
  });
});
