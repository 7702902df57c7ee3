import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import type { Location, Range } from 'vscode-languageserver-types';
import { definition } from '../src/features/definition';
import { references } from '../src/features/references';
import { prepareRename, rename } from '../src/features/rename';
import { atCaret, featureDoc, FIXTURE_TREE, fixtureTreeIndex, initParser } from './feature-helpers';

before(initParser);

const r = (l1: number, c1: number, l2: number, c2: number): Range => ({ start: { line: l1, character: c1 }, end: { line: l2, character: c2 } });
const ranges = (locations: Location[]) => locations.map((l) => l.range);
const KVD = path.join(FIXTURE_TREE, 'main', 'kvd', 'APKBUILD');

describe('definition', () => {
  it('goes from $var to its top-level assignment and from a function-local read to the local one', () => {
    const { doc, position } = atCaret('pkgname=foo\n_v=1\nbuild() {\n\techo $_‸v\n}\n');
    assert.deepEqual(ranges(definition(doc, position)), [r(1, 0, 1, 2)]);
    const local = atCaret('pkgname=foo\n_v=1\nbuild() {\n\tlocal _v=2\n\techo "${_‸v}"\n}\n');
    assert.deepEqual(ranges(definition(local.doc, local.position)), [r(3, 7, 3, 9)]);
  });

  it('goes from a call and from a subpackage entry to the function', () => {
    const text = 'pkgname=foo\nsubpackages="$pkgname-tools $pkgname-x:_split"\n_split() {\n\t:\n}\ntools() {\n\t_spl‸it\n}\n';
    const call = atCaret(text);
    assert.deepEqual(ranges(definition(call.doc, call.position)), [r(2, 0, 2, 6)]);
    const entry = atCaret(text.replace('_spl‸it\n', '_split\n').replace('$pkgname-to', '$pkgname-to‸'));
    assert.deepEqual(ranges(definition(entry.doc, entry.position)), [r(5, 0, 5, 5)]);
    const named = atCaret(text.replace('_spl‸it\n', '_split\n').replace('x:_sp', 'x:_sp‸'));
    assert.deepEqual(ranges(definition(named.doc, named.position)), [r(2, 0, 2, 6)]);
  });

  it('goes from a local source or install script to the file in the package directory', () => {
    const text = fs.readFileSync(KVD, 'utf8');
    const mark = (needle: string) => {
      const at = text.indexOf(needle) + needle.length - 2;
      return atCaret(text.slice(0, at) + '‸' + text.slice(at), KVD);
    };
    const initd = mark('.initd');
    assert.deepEqual(definition(initd.doc, initd.position), [{ uri: pathToFileURL(path.join(path.dirname(KVD), 'kvd.initd')).href, range: r(0, 0, 0, 0) }]);
    const install = mark('.pre-install');
    assert.equal(definition(install.doc, install.position)[0].uri, pathToFileURL(path.join(path.dirname(KVD), 'kvd.pre-install')).href);
    const remote = mark('releases/kvd');
    assert.deepEqual(definition(remote.doc, remote.position), []);
  });

  it('goes from a dependency to the APKBUILD that builds it', async () => {
    const index = await fixtureTreeIndex();
    const { doc, position } = atCaret('pkgname=foo\nmakedepends="libkv-d‸ev"\n');
    assert.deepEqual(definition(doc, position, index).map((l) => l.uri), [pathToFileURL(path.join(FIXTURE_TREE, 'main', 'libkv', 'APKBUILD')).href]);
    const unknown = atCaret('pkgname=foo\nmakedepends="nosuch‸thing"\n');
    assert.deepEqual(definition(unknown.doc, unknown.position, index), []);
  });

  it('finds nothing for abuild variables, unknown names, empty documents and positions past the end', () => {
    const { doc, position } = atCaret('pkgname=foo\nbuild() {\n\tcd "$src‸dir"\n\tmake\n}\n');
    assert.deepEqual(definition(doc, position), []);
    assert.deepEqual(definition(featureDoc(''), { line: 0, character: 0 }), []);
    assert.deepEqual(definition(doc, { line: 100, character: 100 }), []);
  });
});

describe('references', () => {
  const text = 'pkgname=foo\n_ver=1\nsource="x-$_ver.tar::https://e.org/${_ver}/a-$_ver.tgz"\nbuild() {\n\techo "$(printf %s $_ver)" ${_v‸er%.*}\n}\n';

  it('lists every read and assignment of a variable, operands and command substitutions included', () => {
    const { doc, position } = atCaret(text);
    const all = ranges(references(doc, position, { includeDeclaration: true }));
    assert.deepEqual(all, [r(1, 0, 1, 4), r(2, 11, 2, 15), r(2, 37, 2, 41), r(2, 46, 2, 50), r(4, 20, 4, 24), r(4, 29, 4, 33)]);
    assert.equal(references(doc, position, { includeDeclaration: false }).length, 5);
  });

  it('keeps a function\'s local variable apart from the top-level one of the same name', () => {
    const { doc, position } = atCaret('pkgname=foo\n_x=1\na() {\n\tlocal _x=2\n\techo $_‸x\n}\nb() {\n\techo $_x\n}\n');
    assert.deepEqual(ranges(references(doc, position)), [r(3, 7, 3, 9), r(4, 7, 4, 9)]);
  });

  it('lists a function\'s definition, calls and its name in subpackages', () => {
    const { doc, position } = atCaret('pkgname=foo\nsubpackages="$pkgname-x:_sp‸lit"\n_split() {\n\t:\n}\npackage() {\n\t_split\n}\n');
    assert.deepEqual(ranges(references(doc, position)), [r(1, 24, 1, 30), r(2, 0, 2, 6), r(6, 1, 6, 7)]);
  });

  it('finds reads in the bodies of expanding heredocs, not in quoted ones', () => {
    const text = 'pkgname=foo\n_port=80\npackage() {\n\tcat > x <<EOF\nlisten \'$_port\' ${_port:-1} $(echo $_port) \\$_port\nEOF\n\tcat > y <<\'EOF\'\n$_port\nEOF\n\techo $_po‸rt\n}\n';
    const { doc, position } = atCaret(text);
    assert.deepEqual(ranges(references(doc, position)), [r(1, 0, 1, 5), r(4, 9, 4, 14), r(4, 18, 4, 23), r(4, 36, 4, 41), r(9, 7, 9, 12)]);
    const edits = rename(doc, position, '_listen')!.changes![doc.uri];
    assert.equal(edits.length, 5);
  });

  it('finds nothing in comments, empty documents or past the end', () => {
    const { doc, position } = atCaret('pkgname=foo\n# $_ve‸r\n');
    assert.deepEqual(references(doc, position), []);
    assert.deepEqual(references(featureDoc(''), { line: 0, character: 0 }), []);
    assert.deepEqual(references(doc, { line: 40, character: 2 }), []);
    assert.equal(prepareRename(featureDoc(''), { line: 3, character: 3 }), null);
  });
});

describe('rename', () => {
  it('renames a custom variable everywhere it is read or assigned', () => {
    const { doc, position } = atCaret('pkgname=foo\n_ver=1\nsource="a-$_ver"\nbuild() {\n\techo ${_v‸er}\n}\n');
    assert.deepEqual(prepareRename(doc, position), { range: r(4, 8, 4, 12), placeholder: '_ver' });
    const edit = rename(doc, position, '_version')!;
    const edits = edit.changes![doc.uri];
    assert.deepEqual(edits.map((e) => e.range), [r(1, 0, 1, 4), r(2, 11, 2, 15), r(4, 8, 4, 12)]);
    assert.ok(edits.every((e) => e.newText === '_version'));
  });

  it('renames a custom function with its calls and its subpackage entry', () => {
    const { doc, position } = atCaret('pkgname=foo\nsubpackages="$pkgname-x:_split"\n_sp‸lit() {\n\t:\n}\n');
    assert.ok(prepareRename(doc, position));
    assert.equal(rename(doc, position, '_x_split')!.changes![doc.uri].length, 2);
  });

  it('refuses metadata and abuild variables, phases, and implicit split functions', () => {
    const cases = [
      'pkg‸name=foo\n',
      'pkgname=foo\nbuild() {\n\tcd $src‸dir\n}\n',
      'pkgname=foo\nbui‸ld() {\n\t:\n}\n',
      'pkgname=foo\nsubpackages="$pkgname-tools"\ntoo‸ls() {\n\t:\n}\n',
      'pkgname=foo\n_x=1\n# $_‸x\n',
    ];
    for (const c of cases) {
      const { doc, position } = atCaret(c);
      assert.equal(prepareRename(doc, position), null, c);
      assert.equal(rename(doc, position, '_new'), null, c);
    }
  });

  it('rejects new names that are not shell names or would make a custom variable without _', () => {
    const { doc, position } = atCaret('pkgname=foo\n_v‸=1\n');
    assert.throws(() => rename(doc, position, 'two words'), /not a shell name/);
    assert.throws(() => rename(doc, position, 'version'), /must start with `_`/);
    const taken = atCaret('pkgname=foo\n_v‸=1\n_w=2\n');
    assert.throws(() => rename(taken.doc, taken.position, '_w'), /already defined/);
  });
});
