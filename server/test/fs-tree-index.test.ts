import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FsTreeIndex, treeIndexFor } from '../src/workspace/fs-tree-index';
import { writeTree } from './helpers';

describe('FsTreeIndex', () => {
  const root = writeTree('fs-tree-index-', {
    'main/foo/APKBUILD': '',
    'community/foo/APKBUILD': '',
    'testing/bar/APKBUILD': '',
    'testing/empty/README': '',
    'other/baz/APKBUILD': '',
  });

  it('names the repository of a package directory however the directory is written', () => {
    const index = new FsTreeIndex(root);
    assert.equal(index.repoOf(path.join(root, 'main', 'foo')), 'main');
    assert.equal(index.repoOf(path.join(root, 'testing', 'bar') + '/'), 'testing');
    assert.equal(index.repoOf(`${root}/community/./foo`), 'community');
    assert.equal(index.repoOf(`${root}/main/../testing/bar`), 'testing');
    assert.equal(index.repoOf(`${root}//main/foo`), 'main');
    assert.equal(index.repoOf(path.relative(process.cwd(), path.join(root, 'main', 'foo'))), 'main');
  });

  it('gives no repository to directories that are not a package of a known repository', () => {
    const index = new FsTreeIndex(root);
    assert.equal(index.repoOf(path.join(root, 'other', 'baz')), undefined);
    assert.equal(index.repoOf(path.join(root, 'main')), undefined);
    assert.equal(index.repoOf(path.join(root, 'main', 'foo', 'files')), undefined);
    assert.equal(index.repoOf(`${root}/main/foo/..`), undefined);
    assert.equal(index.repoOf(`${root}/main/..`), undefined);
    assert.equal(index.repoOf(path.dirname(root)), undefined);
  });

  it('finds a package directory in every repository that has one with an APKBUILD', () => {
    const index = new FsTreeIndex(root);
    assert.deepEqual(index.packageDirs('foo').sort(), [path.join(root, 'community', 'foo'), path.join(root, 'main', 'foo')]);
    assert.deepEqual(index.packageDirs('bar'), [path.join(root, 'testing', 'bar')]);
    assert.deepEqual(index.packageDirs('empty'), []);
    assert.deepEqual(index.packageDirs('baz'), []);
    assert.deepEqual(index.packageDirs('..'), []);
    assert.deepEqual(index.packageDirs('no-such-package'), []);
  });

  it('works the same with a root written with a trailing slash', () => {
    const index = new FsTreeIndex(root + '/');
    assert.equal(index.repoOf(path.join(root, 'main', 'foo')), 'main');
    assert.deepEqual(index.packageDirs('bar'), [path.join(root, 'testing', 'bar')]);
  });
});

describe('treeIndexFor', () => {
  it('shares one index per tree for a whole run, and gives a new one when the last is older than asked', () => {
    const root = writeTree('fs-tree-index-', { 'main/app/APKBUILD': '', 'testing/lib/APKBUILD': '' });
    const file = path.join(root, 'main', 'app', 'APKBUILD');
    const first = treeIndexFor(file)!;
    assert.deepEqual(first.packageDirs('lib'), [path.join(root, 'testing', 'lib')]);
    // the package moves from testing to main
    fs.mkdirSync(path.join(root, 'main', 'lib'));
    fs.renameSync(path.join(root, 'testing', 'lib', 'APKBUILD'), path.join(root, 'main', 'lib', 'APKBUILD'));
    fs.rmdirSync(path.join(root, 'testing', 'lib'));
    assert.equal(treeIndexFor(file), first, 'a run keeps its index');
    assert.equal(treeIndexFor(file, 60_000), first, 'a young index is kept');
    assert.deepEqual(first.packageDirs('lib'), [path.join(root, 'testing', 'lib')], 'what the index read is remembered');
    const fresh = treeIndexFor(file, -1)!;
    assert.notEqual(fresh, first);
    assert.deepEqual(fresh.packageDirs('lib'), [path.join(root, 'main', 'lib')]);
  });
});
