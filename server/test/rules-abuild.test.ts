import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { initParser, lintString } from './helpers';
import { analyzeText } from '../src/lint';
import { refersToUnassigned } from '../src/apkbuild/facts';
import { pkgnameProblem } from '../src/rules/abuild-metadata';
import { isRemoteSource, sourceFileName } from '../src/rules/abuild-sources';
import { forbiddenFilenameChars } from '../src/rules/abuild-subpackages';
import { splitFunctionOf } from '../src/apkbuild/subpackages';

before(() => initParser());

const codes = (text: string, only: string[]) => lintString(text, { only: new Set(only) }).map((f) => `${f.code}:${f.range.start.line + 1}`);

describe('abuild helpers', () => {
  test('names source files as filename_from_uri does', () => {
    assert.equal(sourceFileName('https://example.org/a/foo-1.0.tar.gz'), 'foo-1.0.tar.gz');
    assert.equal(sourceFileName('foo-1.0.tar.gz::https://example.org/v1.0.tar.gz'), 'foo-1.0.tar.gz');
    assert.equal(sourceFileName('dir/name.tar.gz::https://example.org/x'), 'name.tar.gz');
    assert.equal(sourceFileName('patches/fix.patch'), 'fix.patch');
  });

  test('treats only lower-case http, https and ftp URLs as downloads', () => {
    assert.equal(isRemoteSource('https://example.org/x.tar.gz'), true);
    assert.equal(isRemoteSource('x.tar.gz::ftp://example.org/x.tar.gz'), true);
    assert.equal(isRemoteSource('git://example.org/x.git'), false);
    assert.equal(isRemoteSource('HTTPS://example.org/x.tar.gz'), false);
    assert.equal(isRemoteSource('fix.patch'), false);
  });

  test('checks package names like verify_pkgname', () => {
    assert.equal(pkgnameProblem('py3-foo_bar+x.1'), undefined);
    assert.match(pkgnameProblem('-foo')!, /start with/);
    assert.match(pkgnameProblem('foo@bar')!, /`@`/);
    assert.match(pkgnameProblem('')!, /empty/);
  });

  test('picks the split function as subpkg_set does', () => {
    const sub = (name: string, splitFunction?: string) => ({ name, splitFunction, known: true, span: { start: 0, end: 0 }, nameSpan: { start: 0, end: 0 } });
    assert.equal(splitFunctionOf(sub('foo-dev')), 'dev');
    assert.equal(splitFunctionOf(sub('foo-bash-completion')), 'bashcomp');
    assert.equal(splitFunctionOf(sub('foo-zsh-completion')), 'zshcomp');
    assert.equal(splitFunctionOf(sub('foo-fish-completion')), 'fishcomp');
    assert.equal(splitFunctionOf(sub('libfoo')), 'libfoo');
    assert.equal(splitFunctionOf(sub('foo-x', '_x')), '_x');
  });

  test('lists the characters ensure_valid_filename refuses', () => {
    assert.equal(forbiddenFilenameChars('foo+bar@1~2_3.tar.gz'), '');
    assert.equal(forbiddenFilenameChars('download?id=1&x=2'), '?=&');
  });

  test('knows a loop variable or a later assignment is not a value to judge', () => {
    const text = 'for _v in 1 2; do\n\tdepends="$depends lua$_v"\ndone\n_late=1\n';
    const a = analyzeText(text);
    const item = a.assignments[0].items.find((i) => i.text.includes('_v'))!;
    assert.equal(refersToUnassigned(a, item.text, item.span.start), true);
    assert.equal(refersToUnassigned(a, '$_late', 0), true);
    assert.equal(refersToUnassigned(a, '$_late', text.length), false);
    assert.equal(refersToUnassigned(a, '$CARCH', 0), false);
  });
});

describe('abuild rules on tricky files', () => {
  test('subpackages built in a loop are not reported as empty, duplicate or without split function', () => {
    const text = [
      'pkgname=lua-foo', 'pkgver=1.0', 'pkgrel=0', 'pkgdesc="x"', 'url="https://example.org"', 'arch="noarch"', 'license="MIT"',
      'for _v in 5.1 5.4; do', '\tsubpackages="$subpackages lua$_v-${pkgname#lua-}:_split"', 'done',
      'package() {', '\tmkdir -p "$pkgdir"', '}', '_split() {', '\t:', '}',
    ].join('\n');
    assert.deepEqual(codes(text, ['AB26', 'AB27', 'AB28', 'AB29']), []);
  });

  test('checksum lines written with $pkgname match the sources they expand to', () => {
    const hash = 'a'.repeat(128);
    const text = `pkgname=foo\npkgver=1.0\nsource="https://example.org/foo-$pkgver.tar.gz"\nsha512sums="${hash}  $pkgname-$pkgver.tar.gz"\n`;
    assert.deepEqual(codes(text, ['AB40', 'AB41', 'AB42', 'AB43', 'AB44']), []);
  });

  test('a package disabled with a comment is not an empty-arch mistake', () => {
    assert.deepEqual(codes('pkgname=foo\narch="" # blocked by bar\n', ['AB19']), []);
    assert.deepEqual(codes('pkgname=foo\narch=""\n', ['AB19']), ['AB19:2']);
  });

  test('the explicitly empty Maintainer comment of an unmaintained package is accepted', () => {
    assert.deepEqual(codes('# Maintainer:\npkgname=foo\n', ['AB50', 'AB51']), []);
    assert.deepEqual(codes('pkgname=foo\n', ['AB50']), ['AB50:1']);
  });

  test('license checks are skipped with options="!spdx" and accept LicenseRef/AdditionRef', () => {
    assert.deepEqual(codes('pkgname=foo\nlicense="custom"\noptions="!spdx"\n', ['AB52', 'AB53']), []);
    assert.deepEqual(codes('pkgname=foo\nlicense="custom"\noptions="foo::!spdx"\n', ['AB52', 'AB53']), []);
    assert.deepEqual(codes('pkgname=foo\nlicense="LicenseRef-Foo WITH AdditionRef-Bar"\n', ['AB52', 'AB53']), []);
    assert.deepEqual(codes('pkgname=foo\nlicense="GPL-2.0-or-later WITH Classpath-exception-2.0 OR MIT"\n', ['AB52', 'AB53']), []);
  });
});
