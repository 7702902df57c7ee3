import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { Hover, MarkupContent } from 'vscode-languageserver-types';
import { ABUILD_SET_VARIABLES } from '../src/apkbuild/expand';
import { archDoc, optionDoc } from '../src/features/docs/values';
import { variableDoc } from '../src/features/docs/variables';
import { hover } from '../src/features/hover';
import { KNOWN_ARCHES } from '../src/rules/arch';
import { KNOWN_VARIABLES } from '../src/rules/custom-variable';
import { KNOWN_OPTIONS } from '../src/rules/options';
import { PackageIndex } from '../src/workspace/package-index';
import { atCaret, featureDoc, FIXTURE_TREE, fixtureTreeIndex, initParser } from './feature-helpers';

before(initParser);

const hoverAt = (marked: string, index?: PackageIndex) => {
  const { doc, position } = atCaret(marked);
  return hover(doc, position, index);
};
const text = (h: Hover | null) => {
  assert.ok(h, 'a hover');
  return (h.contents as MarkupContent).value;
};

describe('hover', () => {
  it('documents a metadata variable and shows its expanded value', () => {
    const h = hoverAt('pkgname=foo\npkgver=1.2\n_v=${pkgver%.*}\nsource="x-$_v‸.tar"\n');
    assert.match(text(h), /\*\*_v\*\*/);
    assert.match(text(h), /```sh\n1\n```/);
    assert.deepEqual(h!.range, { start: { line: 3, character: 11 }, end: { line: 3, character: 13 } });
    assert.match(text(hoverAt('pkgn‸ame=foo\n')), /The package name/);
  });

  it('shows a top-level read the value assigned above it, not the one a later line assigns', () => {
    const t = (m: string) => text(hoverAt(m));
    assert.match(t('pkgname=foo\n_v=1\n_v="$_v.2"\nsource="x-$_v‸.tar"\n_v=3\n'), /```sh\n1\.2\n```/);
    assert.match(t('pkgname=foo\npkgdesc="a $_na‸me tool"\n_name=kv\n'), /Not assigned yet at this line \(first assigned at line 3\): empty here/);
    assert.match(t('pkgname=foo\n_v=1\nbuild() {\n\techo $_‸v\n}\n_v=2\n'), /```sh\n2\n```/);
  });

  it('says a value is only known at build time when it comes from a command', () => {
    assert.match(text(hoverAt('pkgname=foo\n_date=$(date)\nbuild() {\n\techo $_da‸te\n}\n')), /only known at build time/);
  });

  it('documents variables abuild sets, without a value', () => {
    const t = text(hoverAt('pkgname=foo\npackage() {\n\tcd "$pkg‸dir"\n}\n'));
    assert.match(t, /set by abuild/);
    assert.doesNotMatch(t, /Value/);
  });

  it('documents phases, helpers and split functions, and says where the file defines one', () => {
    assert.match(text(hoverAt('pkgname=foo\nprepare() {\n\tdefault_prep‸are\n}\n')), /Applies every `\*\.patch`/);
    const t = text(hoverAt('pkgname=foo\nsubpackages="$pkgname-tools"\ntoo‸ls() {\n\tamove usr/bin\n}\n'));
    assert.match(t, /line 3; split function of `foo-tools`/);
    assert.match(text(hoverAt('pkgname=foo\npackage() {\n\tamo‸ve usr/bin\n}\n')), /Moves paths/);
  });

  it('documents an option and an arch exclusion', () => {
    assert.match(text(hoverAt('pkgname=foo\noptions="!che‸ck"\n')), /Do not run check\(\)/);
    assert.match(text(hoverAt('pkgname=foo\narch="all !s390‸x"\n')), /Excludes s390x/);
    assert.match(text(hoverAt('pkgname=foo\narch="vax‸"\n')), /not an architecture abuild knows/);
  });

  it('gives the full SPDX name of a license, the meaning of an operator, and flags unknown ids', () => {
    const h = hoverAt('pkgname=foo\nlicense="(MIT OR Apache-2.0‸) AND BSD-3-Clause"\n');
    assert.match(text(h), /Apache License 2\.0/);
    assert.deepEqual(h!.range, { start: { line: 1, character: 17 }, end: { line: 1, character: 27 } });
    assert.match(text(hoverAt('pkgname=foo\nlicense="MIT O‸R GPL-2.0-only"\n')), /choose either/);
    assert.match(text(hoverAt('pkgname=foo\nlicense="GPL‸"\n')), /not an SPDX license id/);
  });

  it('shows a dependency\'s description, version and location from the index', async () => {
    const index = await fixtureTreeIndex();
    const libkv = index.lookup('libkv')[0].entry;
    const t = text(hoverAt('pkgname=foo\nmakedepends="libkv-de‸v>=2"\n', index));
    assert.ok(t.includes(`main/libkv ${libkv.pkgver}-r${libkv.pkgrel} (subpackage of libkv)`), t);
    assert.ok(t.includes(libkv.pkgdesc!));
    assert.ok(t.includes(path.join(FIXTURE_TREE, 'main', 'libkv', 'APKBUILD')));
    assert.match(text(hoverAt('pkgname=foo\ndepends="nosuchpk‸g"\n', index)), /Not found in the workspace index/);
  });

  it('shows where a source comes from and the name it is saved as', () => {
    const t = text(hoverAt('pkgname=foo\npkgver=1.0\nsource="$pkgname-$pkgver.tar.gz::https://e.org/archive/v$pkg‸ver.tar.gz"\n'));
    assert.match(t, /\*\*pkgver\*\*/);
    const s = text(hoverAt('pkgname=foo\npkgver=1.0\nsource="$pkgname-$pkgver.tar.gz::https://e.org/archive/v$pkgver.tar‸.gz"\n'));
    assert.match(s, /Downloads https:\/\/e\.org\/archive\/v1\.0\.tar\.gz/);
    assert.match(s, /Saved as `foo-1\.0\.tar\.gz` \(renamed/);
  });

  it('explains a subpackage and its split function', () => {
    assert.match(text(hoverAt('pkgname=foo\nsubpackages="$pkgname-op‸enrc"\n')), /\*\*foo-openrc\*\*\n\nSplit function: `openrc\(\)` \(built into abuild\)/);
  });

  it('documents a rule code in a suppression comment', () => {
    const h = hoverAt('pkgname=foo\n# apkbuild-lint disable=AL5,AL1‸3\n');
    assert.match(text(h), /\*\*AL13\*\* `superfluous-cd-builddir`/);
  });

  it('returns null for plain text, unknown words, past-the-end positions and empty documents', () => {
    assert.equal(hoverAt('pkgname=foo\n# a comm‸ent\n'), null);
    assert.equal(hoverAt('pkgname=foo\nbuild() {\n\tmak‸e\n}\n'), null);
    const doc = featureDoc('pkgname=foo\n');
    assert.doesNotThrow(() => hover(doc, { line: 50, character: 3 }));
    assert.equal(hover(featureDoc(''), { line: 0, character: 0 }), null);
  });
});

describe('the docs table', () => {
  it('documents every variable the linter knows and every variable abuild sets', () => {
    const missing = [...KNOWN_VARIABLES, ...ABUILD_SET_VARIABLES].filter((n) => !variableDoc(n));
    assert.deepEqual(missing, []);
  });

  it('documents every option and every arch the linter knows', () => {
    assert.deepEqual([...KNOWN_OPTIONS].filter((o) => !optionDoc(o)), []);
    assert.deepEqual([...KNOWN_ARCHES, 'all', 'noarch'].filter((a) => !archDoc(a)), []);
  });
});

describe('hover in split functions', () => {
  it('shows the value a function assigned itself rather than the top-level one', () => {
    const t = text(hoverAt('pkgname=foo\n_dir=/usr\npackage() {\n\tlocal _dir=/opt\n\tcd $_d‸ir\n}\n'));
    assert.match(t, /```sh\n\/opt\n```/);
  });

  it('shows a dependency a split function adds', async () => {
    const index = await fixtureTreeIndex();
    assert.match(text(hoverAt('pkgname=foo\nsubpackages="$pkgname-x"\nx() {\n\tdepends="lib‸kv"\n}\n', index)), /main\/libkv/);
  });
});
