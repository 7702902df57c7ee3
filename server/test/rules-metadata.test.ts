import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../src/rules/fix';
import { initParser, lintString, where } from './helpers';

/** Focused cases for the metadata rules (quoting, variables, pkgname/pkgver, options, arch,
 * source URLs, deprecated packages) that the fixture directories do not show on their own. */

before(() => initParser());

const HEAD = 'pkgname=foo\npkgver=1.0\npkgrel=0\npkgdesc="Foo"\nurl="https://example.org/"\nlicense="MIT"\n';

function codes(text: string, only: string[], env: NodeJS.ProcessEnv = {}): string[] {
  return lintString(text, { only: new Set(only), env }).map((f) => `${f.code}@${where(f)}`);
}

function fixed(text: string, code: string): string {
  return applyEdits(text, lintString(text, { only: new Set([code]) }).flatMap((f) => f.fix?.edits ?? []));
}

describe('options and arch', () => {
  test('accepts options named in CUSTOM_VALID_OPTIONS, as atools does', () => {
    const text = HEAD + 'arch="all"\noptions="!check pmos-kernel"\n';
    assert.deepEqual(codes(text, ['AL49']), ['AL49@8:17-8:28']);
    assert.deepEqual(codes(text, ['AL49'], { CUSTOM_VALID_OPTIONS: 'foo pmos-kernel' }), []);
  });

  test('accepts arches named in CUSTOM_VALID_ARCHES, with or without !', () => {
    const text = HEAD + 'arch="x86_64 !armv9"\n';
    assert.deepEqual(codes(text, ['AL57']), ['AL57@7:14-7:20']);
    assert.deepEqual(codes(text, ['AL57'], { CUSTOM_VALID_ARCHES: 'armv9' }), []);
  });

  test('does not report the entries again where options="$options ..." repeats them', () => {
    const text = HEAD + 'arch="all"\noptions="!chek"\noptions="$options net"\n';
    assert.deepEqual(codes(text, ['AL49']), ['AL49@8:10-8:15']);
  });
});

describe('pkgver', () => {
  test('checks only the final step of a pkgver rewritten from itself', () => {
    const text = 'pkgname=foo\n_v=2.1-r4\npkgver=$_v\npkgver=${pkgver/-r/_p}\n';
    assert.deepEqual(codes(text, ['AL15', 'AL61']), []);
  });

  test('reports a pkgver with a pkgrel under both AL15 and AL61', () => {
    assert.deepEqual(codes('pkgname=foo\npkgver=1.0-r1\n', ['AL15', 'AL61']), ['AL15@2:8-2:14', 'AL61@2:8-2:14']);
  });
});

describe('empty-variable', () => {
  test('removes just the assignment when the line holds more', () => {
    const text = HEAD + 'install="" # nothing to install\n';
    assert.equal(fixed(text, 'AL5'), HEAD + '# nothing to install\n');
  });

  test('leaves an empty value that resets an earlier assignment', () => {
    assert.deepEqual(codes(HEAD + 'depends="foo"\ndepends=""\n', ['AL5']), []);
  });
});

describe('source URLs', () => {
  test('ignores $pkgname in the file-name segment of a GitHub /archive/<ref>/ URL', () => {
    const text = HEAD + 'source="https://github.com/foo/foo/archive/v$pkgver/$pkgname-$pkgver.tar.gz"\n';
    assert.deepEqual(codes(text, ['AL29']), []);
  });

  test('reports $pkgname in the tag of a GitHub /archive/refs/tags/ URL', () => {
    const text = HEAD + 'source="https://github.com/foo/foo/archive/refs/tags/$pkgname-$pkgver.tar.gz"\n';
    assert.deepEqual(codes(text, ['AL29']), ['AL29@7:54-7:62']);
  });

  test('replaces $pkgname with its value', () => {
    const text = HEAD + 'source="https://example.org/$pkgname/$pkgname-$pkgver.tar.gz"\n';
    assert.equal(fixed(text, 'AL29'), HEAD + 'source="https://example.org/foo/foo-$pkgver.tar.gz"\n');
  });

  test('reports a GitHub commit patch in a source appended for one arch', () => {
    const text = HEAD + 'source="foo.tar.gz"\ncase "$CARCH" in\nx86) source="$source https://github.com/a/b/commit/0123abc.patch" ;;\nesac\n';
    assert.deepEqual(codes(text, ['AL62']), ['AL62@9:22-9:65']);
  });
});

describe('deprecated packages', () => {
  test('keeps the version constraint when it swaps the name', () => {
    const text = HEAD + 'makedepends="pkgconfig>=1.0 meson"\n';
    assert.equal(fixed(text, 'AL58'), HEAD + 'makedepends="pkgconf>=1.0 meson"\n');
  });

  test('does not report a conflict with a deprecated package', () => {
    assert.deepEqual(codes(HEAD + 'depends="!python2"\n', ['AL58']), []);
  });
});

describe('custom-variable', () => {
  test('leaves the misspellings abuild rejects to AB16/AB17 and names the meant variable otherwise', () => {
    const text = HEAD + 'arch="all"\nmakedepend="nasm"\nconflicts="foo"\noption="!check"\n';
    assert.deepEqual(lintString(text, { only: new Set(['AL6']) }).map((f) => f.message), ['unknown variable option: did you mean options?']);
  });
});
