import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decodeText, readInside, readText } from '../src/lint';

describe('reading a file of the package directory', () => {
  it('reads a package file by plain name and refuses names that leave the directory', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'normal-path-')));
    fs.mkdirSync(path.join(root, 'pkg'));
    fs.writeFileSync(path.join(root, 'pkg', 'foo.initd'), '#!/sbin/openrc-run\n');
    fs.writeFileSync(path.join(root, 'secret'), 'outside\n');
    const dir = path.join(root, 'pkg');
    assert.equal(readInside(dir, 'foo.initd'), '#!/sbin/openrc-run\n');
    assert.equal(readInside(dir + '/', 'foo.initd'), '#!/sbin/openrc-run\n');
    assert.equal(readInside(dir, '../secret'), undefined);
    assert.equal(readInside(dir, '..'), undefined);
    assert.equal(readInside(dir, '.'), undefined);
    assert.equal(readInside(dir, 'missing'), undefined);
  });

  it('gives what the strict decoder gives for each kind of byte sequence', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'read-inside-')));
    const cases: Record<string, number[]> = {
      'plain': [0x61, 0x0a],
      'bom': [0xef, 0xbb, 0xbf, 0x61],
      'two-boms': [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61],
      'invalid-byte': [0x61, 0xff, 0x62],
      'surrogate': [0xed, 0xa0, 0x80],
      'overlong': [0xc0, 0xaf],
      'beyond-unicode': [0xf4, 0x90, 0x80, 0x80],
      'truncated': [0x61, 0xe2, 0x82],
      'replacement-char': [0x61, 0xef, 0xbf, 0xbd],
      'nul': [0x61, 0x00, 0x62],
      'empty': [],
      'multibyte': [0x68, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80],
    };
    for (const [name, bytes] of Object.entries(cases)) {
      fs.writeFileSync(path.join(dir, name), Buffer.from(bytes));
      assert.equal(readInside(dir, name), decodeText(Buffer.from(bytes)), name);
    }
    for (const name of Object.keys(cases)) {
      const strict = decodeText(Buffer.from(cases[name]));
      const expected = strict ?? { notText: cases[name].includes(0) ? 'binary file (NUL bytes): not linted' : 'not valid UTF-8: not linted' };
      assert.deepEqual(readText(path.join(dir, name)), expected, `an APKBUILD of bytes ${name}`);
    }
    assert.equal(readInside(dir, 'bom'), 'a');
    assert.equal(readInside(dir, 'two-boms'), '\uFEFFa');
    assert.equal(readInside(dir, 'replacement-char'), 'a\uFFFD');
    assert.equal(readInside(dir, 'invalid-byte'), undefined);
    assert.equal(readInside(dir, 'nul'), undefined);
  });

  it('gives nothing for a directory', () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'read-inside-')));
    fs.mkdirSync(path.join(dir, 'sub'));
    assert.equal(readInside(dir, 'sub'), undefined);
  });
});
