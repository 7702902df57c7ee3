import { before, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { initParser, lintFile, writeTree } from './helpers';
import { FsTreeIndex } from '../src/workspace/fs-tree-index';
import { TreeIndex } from '../src/rules/types';

before(() => initParser());

/** The same tree answering only the questions every TreeIndex answers (as the editor's index does). */
function plainIndex(index: FsTreeIndex): TreeIndex {
  return {
    repoOf: (dir) => index.repoOf(dir),
    providers: (name) => index.providers(name),
    packageDirs: (name) => index.packageDirs(name),
    repoRank: (repo) => index.repoRank(repo),
  };
}

const apkbuild = (name: string, deps: string) => `pkgname=${name}\npkgver=1\npkgrel=0\nmakedepends="${deps}"\n`;

describe('upper-repo lookups that look inside directories only where it decides', () => {
  // main/app needs: a package of testing (up), one whose testing directory has no APKBUILD
  // (not up), foo-dev and qux-dev whose own directories (in community, in main) have no APKBUILD
  // (so foo and qux in testing are found), bar-dev (no directory: bar in community is), baz-doc
  // with a package in main (so baz in testing is not tried), and an invalid name
  const root = writeTree('repo-lookups-', {
    'main/app/APKBUILD': apkbuild('app', 'up nopkg foo-dev bar-dev baz-doc qux-dev .hidden'),
    'community/app2/APKBUILD': apkbuild('app2', 'up nopkg foo-dev bar-dev qux-dev'),
    'testing/up/APKBUILD': apkbuild('up', ''),
    'testing/nopkg/README': '',
    'community/foo-dev/README': '',
    'testing/foo/APKBUILD': apkbuild('foo', ''),
    'community/bar/APKBUILD': apkbuild('bar', ''),
    'main/baz-doc/APKBUILD': apkbuild('baz-doc', ''),
    'testing/baz/APKBUILD': apkbuild('baz', ''),
    'main/qux-dev/README': '',
    'testing/qux/APKBUILD': apkbuild('qux', ''),
    'testing/.hidden/APKBUILD': apkbuild('hidden', ''),
  });
  const messages = (file: string, tree: TreeIndex) => lintFile(path.join(root, file), { tree }).filter((f) => f.code === 'AL18').map((f) => f.message);

  it('reports the dependencies of upper repositories found by name and by stripped name', () => {
    assert.deepEqual(messages('main/app/APKBUILD', new FsTreeIndex(root)), [
      "makedepends 'up' is in upper repo 'testing'; this package is in 'main'",
      "makedepends 'foo-dev' is in upper repo 'testing'; this package is in 'main'",
      "makedepends 'bar-dev' is in upper repo 'community'; this package is in 'main'",
      "makedepends 'qux-dev' is in upper repo 'testing'; this package is in 'main'",
    ]);
  });

  it('gives the answers of an index that looks inside every directory', () => {
    for (const file of ['main/app/APKBUILD', 'community/app2/APKBUILD']) {
      assert.deepEqual(messages(file, new FsTreeIndex(root)), messages(file, plainIndex(new FsTreeIndex(root))), file);
    }
  });
});

describe('duplicate-package lookups that leave the own repository out', () => {
  // dup is in main and testing; half exists in main, with an empty directory in community
  const root = writeTree('repo-lookups-', {
    'main/dup/APKBUILD': apkbuild('dup', ''),
    'testing/dup/APKBUILD': apkbuild('dup', ''),
    'main/half/APKBUILD': apkbuild('half', ''),
    'community/half/README': '',
    'community/renamed/APKBUILD': apkbuild('half', ''),
  });
  const messages = (file: string, tree: TreeIndex) => lintFile(path.join(root, file), { tree }).filter((f) => f.code === 'AL22').map((f) => f.message);

  it('reports the other repositories that have a package of the same name, and only those', () => {
    assert.deepEqual(messages('main/dup/APKBUILD', new FsTreeIndex(root)), ['package is already present in testing']);
    assert.deepEqual(messages('testing/dup/APKBUILD', new FsTreeIndex(root)), ['package is already present in main']);
    assert.deepEqual(messages('main/half/APKBUILD', new FsTreeIndex(root)), []);
    assert.deepEqual(messages('community/renamed/APKBUILD', new FsTreeIndex(root)), ['package is already present in main']);
  });

  it('gives the answers of an index that looks inside every directory', () => {
    for (const file of ['main/dup/APKBUILD', 'testing/dup/APKBUILD', 'main/half/APKBUILD', 'community/renamed/APKBUILD']) {
      assert.deepEqual(messages(file, new FsTreeIndex(root)), messages(file, plainIndex(new FsTreeIndex(root))), file);
    }
  });
});
