import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isNormalAbsolute, resolved } from '../src/rules/normal-path';
import { findConfig } from '../src/rules/config';

const SAMPLES = [
  '/', '//', '/a', '/a/', '/a//b', '/a/./b', '/a/../b', '/a/.', '/a/..', '/.', '/..', '/a/.b', '/a/..b', '/a/...',
  '/a/b.', '/a/b..', '/work/aports/main/foo/APKBUILD', 'a', 'a/b', './a', '../a', '', '.', '/a/b/c/', '/a b/c',
];

describe('normal absolute paths', () => {
  it('says a path is normal exactly when path.resolve returns it unchanged', { skip: path.sep !== '/' && 'POSIX paths only' }, () => {
    for (const p of SAMPLES) assert.equal(isNormalAbsolute(p), p !== '/' && path.isAbsolute(p) && path.resolve(p) === p, p);
  });

  it('resolves every path as path.resolve does', () => {
    for (const p of SAMPLES) assert.equal(resolved(p), path.resolve(p), p);
  });

  it('finds the config of a tree root from a package directory written either way', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'normal-path-')));
    fs.mkdirSync(path.join(root, 'main', 'foo'), { recursive: true });
    fs.writeFileSync(path.join(root, '.apkbuild-lint.json'), '{"options": ["frob"]}');
    const plain = findConfig(path.join(root, 'main', 'foo'), []);
    assert.deepEqual(plain?.options, ['frob']);
    assert.equal(findConfig(`${root}/main/./foo/`), plain);
    assert.equal(findConfig(path.join(root, 'main')), plain);
  });
});
