import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AbuildLogParser, firstError, parseLog, stripAnsi } from '../src/build/log-parser';
import { analyzeText, initParser } from '../src/index';
import { hostFileOf, locateTarget } from '../src/build/locate';

const LOGS = path.join(__dirname, '..', '..', '..', 'test-fixtures', 'build', 'logs');
const log = (name: string) => readFileSync(path.join(LOGS, name), 'utf8');

/** The text a range covers in `text`. */
function covered(text: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }): string {
  const lines = text.split('\n');
  assert.equal(range.start.line, range.end.line, 'single-line range');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

test('a shell error names the APKBUILD line, and is the first error rather than "build failed"', () => {
  const events = parseLog(log('shell-error.log'));
  assert.deepEqual(events.map((e) => e.kind), ['shell', 'abuild-error']);
  assert.deepEqual(events[0].target, { type: 'line', line: 13 });
  assert.equal(events[0].message, 'frobnicate-assets: not found');
  assert.equal(events[0].logLine, 14);
  assert.deepEqual(events[1].target, { type: 'function', name: 'build' });
  assert.equal(events[1].pkg, 'broken');
  assert.equal(firstError(events), events[0]);
});

test('coloured abuild output is read after its escape sequences are removed', () => {
  const events = parseLog(log('colored-warning.log'));
  assert.equal(events.length, 1);
  assert.equal(events[0].severity, 'warning');
  assert.equal(events[0].kind, 'abuild-warning');
  assert.equal(events[0].message, 'No arch specific binaries found so arch should probably be set to "noarch"');
  assert.equal(stripAnsi('\x1b[1;31m>>> ERROR:\x1b[0m x'), '>>> ERROR: x');
});

test('a failing patch is tied to that patch in source=', () => {
  const events = parseLog(log('patch-failure.log'));
  const patch = events.find((e) => e.kind === 'patch');
  assert.ok(patch);
  assert.deepEqual(patch.target, { type: 'source', name: 'fix-cross.patch' });
  assert.match(patch.message, /^fix-cross.patch does not apply: Hunk #1 FAILED at 88/);
  assert.equal(events.filter((e) => e.kind === 'patch').length, 1, 'one event per patch, not per line');
  assert.deepEqual(events.at(-1)!.target, { type: 'function', name: 'prepare' });
});

test('a package apk cannot find is tied to that dependency', () => {
  const events = parseLog(log('missing-dependency.log'));
  assert.deepEqual(events.map((e) => e.kind), ['missing-dependency', 'abuild-error']);
  assert.deepEqual(events[0].target, { type: 'dependency', name: 'libfrob-dev' });
  assert.equal(events[0].message, 'libfrob-dev: no such package');
  assert.equal(firstError(events)!.kind, 'missing-dependency');
});

test('a checksum mismatch is tied to the file that failed, not the ones that passed', () => {
  const events = parseLog(log('checksum-mismatch.log'));
  assert.deepEqual(events.map((e) => e.kind), ['checksum', 'abuild-error']);
  assert.deepEqual(events[0].target, { type: 'checksum', name: 'hello-1.2.0.tar.gz' });
});

test('compiler errors keep their file, line and column, fatal ones too', () => {
  const events = parseLog(log('compiler-error.log')).filter((e) => e.kind === 'compiler');
  assert.equal(events.length, 2);
  assert.deepEqual(events[0].file, { path: 'parse.c', line: 41, column: 17 });
  assert.match(events[0].message, /'tokn' undeclared/);
  assert.deepEqual(events[1].file, { path: '/home/builder/aports/testing/calc/src/calc-0.9/eval.c', line: 7, column: 10 });
  assert.equal(hostFileOf(events[1].file!.path, '/src/aports/testing/calc', 'testing/calc'), '/src/aports/testing/calc/src/calc-0.9/eval.c');
  assert.equal(hostFileOf('parse.c', '/src/aports/testing/calc', 'testing/calc', 'calc-0.9'), '/src/aports/testing/calc/src/calc-0.9/parse.c');
});

test('abuild refusing the arch is recognised as "not for this arch"', () => {
  const events = parseLog(log('not-for-arch.log'));
  assert.equal(events.length, 1);
  assert.equal(events[0].kind, 'not-for-arch');
  assert.deepEqual(events[0].target, { type: 'variable', name: 'arch' });
});

test('the parser reads a log streamed line by line the same as a whole one', () => {
  const text = log('patch-failure.log') + log('shell-error.log');
  const parser = new AbuildLogParser();
  const streamed = text.split('\n').slice(0, -1).flatMap((l) => parser.push(l));
  assert.deepEqual(streamed, parseLog(text));
});

test('a clean build log has no events', () => {
  const clean = '>>> hello: Building main/hello 1.2.0-r0\n>>> hello: Checking sha512sums...\nhello.sh: OK\n>>> hello: Creating hello-1.2.0-r0.apk...\n';
  assert.deepEqual(parseLog(clean), []);
});

const APKBUILD = `# Maintainer: A <a@example.org>
pkgname=zlib
pkgver=1.3.1
pkgrel=2
pkgdesc="A compression library"
url="https://zlib.net/"
arch="all"
license="Zlib"
makedepends="libfrob-dev>=2 meson"
source="https://zlib.net/zlib-$pkgver.tar.gz
	fix-cross.patch
	"

build() {
	./configure --prefix=/usr
	frobnicate-assets --all
}

sha512sums="
aaaa  zlib-1.3.1.tar.gz
bbbb  fix-cross.patch
"
`;

test('each kind of target maps to its place in the APKBUILD', async () => {
  await initParser();
  const model = analyzeText(APKBUILD);
  const at = (target: Parameters<typeof locateTarget>[1]) => {
    const r = locateTarget(model, target);
    assert.ok(r, JSON.stringify(target));
    return covered(APKBUILD, r);
  };
  assert.equal(at({ type: 'line', line: 16 }), 'frobnicate-assets --all');
  assert.equal(at({ type: 'function', name: 'build' }), 'build');
  assert.equal(at({ type: 'source', name: 'fix-cross.patch' }), 'fix-cross.patch');
  assert.equal(at({ type: 'source', name: 'zlib-1.3.1.tar.gz' }), 'https://zlib.net/zlib-$pkgver.tar.gz');
  assert.equal(at({ type: 'checksum', name: 'fix-cross.patch' }), 'bbbb  fix-cross.patch');
  assert.equal(at({ type: 'dependency', name: 'libfrob-dev' }), 'libfrob-dev>=2');
  assert.equal(at({ type: 'variable', name: 'arch' }), 'arch="all"');
  assert.equal(locateTarget(model, { type: 'dependency', name: 'nothere' }), undefined);
  assert.equal(locateTarget(model, { type: 'line', line: 999 }), undefined);
});
