import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import type { CompletionItem, CompletionList, TextEdit } from 'vscode-languageserver-types';
import { completion, MAX_PACKAGE_ITEMS } from '../src/features/completion';
import { PackageIndex } from '../src/workspace/package-index';
import { atCaret, featureDoc, FIXTURE_TREE, fixtureTreeIndex, initParser } from './feature-helpers';

before(initParser);

const labels = (list: CompletionList) => list.items.map((i) => i.label);
const complete = (marked: string, index?: PackageIndex, fsPath?: string) => {
  const { doc, position } = atCaret(marked, fsPath);
  return completion(doc, position, index);
};
const item = (list: CompletionList, label: string): CompletionItem => {
  const found = list.items.find((i) => i.label === label);
  assert.ok(found, `${label} in ${labels(list).slice(0, 20).join(' ')}`);
  return found;
};
const edit = (i: CompletionItem) => i.textEdit as TextEdit;

describe('completion at the top level', () => {
  it('offers the metadata variables the file does not set yet, as name= snippets', () => {
    const list = complete('pkgname=foo\npkgv‸\n');
    assert.ok(!labels(list).includes('pkgname'));
    const pkgver = item(list, 'pkgver');
    assert.equal(edit(pkgver).newText, 'pkgver="$1"');
    assert.deepEqual(edit(pkgver).range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
    assert.equal(edit(item(list, 'pkgrel')).newText, 'pkgrel=${1:0}');
    assert.ok(labels(list).includes('makedepends'));
  });

  it('offers the standard functions the file lacks, prepare() calling default_prepare', () => {
    const list = complete('pkgname=foo\nbuild() {\n\t:\n}\n‸');
    assert.ok(!labels(list).includes('build()'));
    assert.match(edit(item(list, 'prepare()')).newText, /default_prepare/);
    assert.ok(labels(list).includes('package()'));
  });

  it('offers a whole APKBUILD skeleton named after the package directory in an empty file', () => {
    const list = complete('‸', undefined, path.join('/tmp', 'my-tool', 'APKBUILD'));
    const skeleton = edit(item(list, 'APKBUILD skeleton')).newText;
    for (const line of ['pkgname=${2:my-tool}', 'pkgrel=0', 'build() {', 'check() {', 'package() {', 'subpackages="\\$pkgname-doc"']) assert.ok(skeleton.includes(line), line);
    assert.ok(!labels(complete('pkgname=x\n‸')).includes('APKBUILD skeleton'));
  });
});

describe('completion of values', () => {
  it('offers arches, their ! exclusions, all and noarch inside arch=, not those already there', () => {
    const list = complete('pkgname=foo\narch="all !‸"\n');
    for (const l of ['noarch', 'x86_64', '!s390x', '!riscv64']) assert.ok(labels(list).includes(l), l);
    assert.ok(!labels(list).includes('all'));
    assert.deepEqual(edit(item(list, '!s390x')).range, { start: { line: 1, character: 10 }, end: { line: 1, character: 11 } });
  });

  it('offers the options the linter knows inside options=, not those already there', () => {
    const list = complete('pkgname=foo\noptions="net ‸"\n');
    for (const l of ['!check', 'suid', '!strip']) assert.ok(labels(list).includes(l), l);
    assert.ok(!labels(list).includes('net'));
    assert.ok(item(list, '!check').documentation);
  });

  it('offers SPDX ids with their names, operators after an id, and exceptions after WITH', () => {
    const first = complete('pkgname=foo\nlicense="‸"\n');
    assert.equal(item(first, 'GPL-2.0-or-later').detail, 'GNU General Public License v2.0 or later');
    assert.ok(!labels(first).includes('AND'));
    const after = complete('pkgname=foo\nlicense="MIT ‸"\n');
    for (const op of ['AND', 'OR', 'WITH']) assert.ok(labels(after).includes(op), op);
    const exceptions = complete('pkgname=foo\nlicense="GPL-2.0-only WITH ‸"\n');
    assert.ok(labels(exceptions).includes('Classpath-exception-2.0'));
    assert.ok(!labels(exceptions).includes('MIT'));
  });

  it('offers $pkgname- subpackages not present yet, and the :split:noarch form', () => {
    const list = complete('pkgname=foo\nsubpackages="$pkgname-doc ‸"\n');
    assert.ok(!labels(list).includes('$pkgname-doc'));
    assert.ok(labels(list).includes('$pkgname-dev'));
    assert.ok(labels(list).includes('$pkgname-openrc'));
    assert.match(edit(item(list, '$pkgname-name:split:noarch')).newText, /:\$\{2:split\}:noarch/);
  });

  it('offers the file\'s functions after a subpackage name and a colon', () => {
    const list = complete('pkgname=foo\nsubpackages="$pkgname-tools:‸"\n_tools() {\n\t:\n}\n');
    assert.equal(edit(item(list, '_tools')).newText, '$pkgname-tools:_tools');
  });

  it('offers packages, subpackages and provided names from the index with their descriptions', async () => {
    const index = await fixtureTreeIndex();
    const list = complete('pkgname=foo\nmakedepends="libkv‸"\n', index);
    const dev = item(list, 'libkv-dev');
    assert.match(dev.detail ?? '', /^main\/libkv .*\(subpackage\)$/);
    assert.equal(dev.documentation, index.lookup('libkv')[0].entry.pkgdesc);
    assert.equal(item(list, 'libkv').kind, 9 /* Module */);
    const conflict = complete('pkgname=foo\ndepends="!libk‸"\n', index);
    assert.equal(edit(item(conflict, 'libkv')).newText, '!libkv');
  });

  it('offers so:, cmd: and pc: names the index knows', async () => {
    const index = new PackageIndex([]);
    index.updateText(path.join(FIXTURE_TREE, 'main', 'zz', 'APKBUILD'), 'pkgname=zz\nprovides="so:libzz.so.1 cmd:zz pc:zz"\n');
    const list = complete('pkgname=foo\ndepends="so:‸"\n', index);
    assert.deepEqual(labels(list), ['so:libzz.so.1']);
    assert.equal(item(list, 'so:libzz.so.1').detail, 'main/zz (provided)');
  });

  it('caps the package list and marks it incomplete', () => {
    const index = new PackageIndex([]);
    for (let i = 0; i < MAX_PACKAGE_ITEMS + 50; i++) index.updateText(`/tree/main/p${i}/APKBUILD`, `pkgname=p${i}\n`);
    const list = complete('pkgname=foo\ndepends="p‸"\n', index);
    assert.equal(list.isIncomplete, true);
    assert.equal(list.items.length, MAX_PACKAGE_ITEMS);
  });

  it('offers this file\'s own subpackages in install_if without an index', () => {
    const list = complete('pkgname=foo\nsubpackages="$pkgname-doc"\ninstall_if="foo-‸"\n');
    assert.deepEqual(labels(list), ['foo-doc']);
  });
});

describe('completion in functions and comments', () => {
  it('offers abuild, environment and the file\'s variables after $ in a function', () => {
    const list = complete('pkgname=foo\n_commit=abc\nbuild() {\n\tlocal _x=1\n\tcd "$‸"\n}\n');
    for (const l of ['srcdir', 'pkgdir', 'builddir', 'subpkgdir', 'CARCH', 'CHOST', 'JOBS', 'CFLAGS', 'pkgname', '_commit', '_x']) assert.ok(labels(list).includes(l), l);
    assert.equal(item(list, '_commit').detail, '= abc');
  });

  it('replaces only the name after ${', () => {
    const list = complete('pkgname=foo\nbuild() {\n\techo "${pkgn‸}"\n}\n');
    assert.deepEqual(edit(item(list, 'pkgname')).range, { start: { line: 2, character: 9 }, end: { line: 2, character: 13 } });
  });

  it('offers abuild helpers and the file\'s functions at a command position, nothing in arguments', () => {
    const list = complete('pkgname=foo\n_helper() {\n\t:\n}\npackage() {\n\tam‸\n}\n');
    for (const l of ['amove', 'default_prepare', 'default_dev', 'msg', '_helper']) assert.ok(labels(list).includes(l), l);
    assert.deepEqual(labels(complete('pkgname=foo\npackage() {\n\tinstall -Dm644 am‸\n}\n')), []);
  });

  it('offers the next secfixes version line with the current version, and a CVE line', () => {
    const list = complete('pkgname=foo\npkgver=2.0.1\npkgrel=3\n\n# secfixes:\n#   2.0.0-r0:\n#     - CVE-2024-0001\n#‸\n');
    const version = item(list, '#   2.0.1-r3:');
    assert.equal(edit(version).newText, '#   2.0.1-r3:\n#     - ${2:CVE-}');
    assert.deepEqual(edit(version).range, { start: { line: 7, character: 0 }, end: { line: 7, character: 1 } });
    assert.ok(labels(list).includes('#     - CVE-'));
    assert.deepEqual(labels(complete('pkgname=foo\n# just a comment ‸\n')), []);
  });

  it('offers rule codes in a suppression comment', () => {
    const list = complete('pkgname=foo\n# apkbuild-lint disable=AL5,AL‸\n');
    assert.equal(item(list, 'AL13').detail, 'superfluous-cd-builddir');
  });
});

describe('completion on bad input', () => {
  it('returns nothing or top-level items, never throws, for positions past the end and empty documents', () => {
    const doc = featureDoc('pkgname=foo\n');
    for (const position of [{ line: 99, character: 0 }, { line: 0, character: 999 }, { line: -1, character: -5 }]) {
      assert.doesNotThrow(() => completion(doc, position));
    }
    assert.ok(completion(featureDoc(''), { line: 0, character: 0 }).items.length > 0);
  });

  it('offers nothing for an unknown variable\'s value', () => {
    assert.deepEqual(labels(complete('pkgname=foo\n_mine="a‸"\n')), []);
  });
});

describe('completion of install scripts', () => {
  it('offers the install script names of the package and of each subpackage', () => {
    const list = complete('pkgname=foo\nsubpackages="$pkgname-openrc"\ninstall="‸"\n');
    for (const l of ['$pkgname.pre-install', '$pkgname.post-upgrade', '$pkgname-openrc.post-install']) assert.ok(labels(list).includes(l), l);
  });
});

describe('completion in split functions', () => {
  it('offers packages in a depends= a split function sets', async () => {
    const index = await fixtureTreeIndex();
    const list = complete('pkgname=foo\nsubpackages="$pkgname-x"\nx() {\n\tdepends="libk‸"\n}\n', index);
    assert.ok(labels(list).includes('libkv'));
  });
});
