import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits } from '../src/rules/fix';
import { initParser, lintString } from './helpers';

before(() => initParser());

const HEAD = 'pkgname=foo\npkgver=1.0\npkgrel=0\n';

/** The text after applying every fix of `code`. */
function fixed(text: string, code: string): string {
  return applyEdits(text, lintString(text, { only: new Set([code]) }).flatMap((f) => f.fix?.edits ?? []));
}

function codes(text: string, code: string): string[] {
  return lintString(text, { only: new Set([code]) }).map((f) => `${f.range.start.line + 1}:${f.range.start.character + 1}`);
}

describe('indent-tabs (AL7)', () => {
  test('converts two-space indentation level by level', () => {
    const text = HEAD + 'build() {\n  if true; then\n    make\n  fi\n}\n';
    assert.equal(fixed(text, 'AL7'), HEAD + 'build() {\n\tif true; then\n\t\tmake\n\tfi\n}\n');
  });

  test('keeps spaces that follow tabs (alignment) and blank lines alone', () => {
    const text = HEAD + 'build() {\n\tmake \\\n\t     V=1\n  \n}\n';
    assert.deepEqual(codes(text, 'AL7'), []);
  });

  test('does not touch a multi-line string given to a command', () => {
    const text = HEAD + 'build() {\n\techo "a\n    b" > x\n}\n';
    assert.deepEqual(codes(text, 'AL7'), []);
  });
});

describe('unnecessary-return-1 (AL2)', () => {
  test('is not reported in a function whose status is tested by its caller', () => {
    const text = HEAD + '_ok() {\n\t[ -f x ] || return 1\n}\nbuild() {\n\twhile _ok; do make; done\n}\n';
    assert.deepEqual(codes(text, 'AL2'), []);
  });

  test('is reported after a pipeline but not after an && list', () => {
    const text = HEAD + 'build() {\n\ta | b || return 1\n\ta && b || return 1\n}\n';
    assert.deepEqual(codes(text, 'AL2'), ['5:8']);
  });
});

describe('superfluous-cd-builddir (AL13)', () => {
  test('reports a cd inside an if block without offering to empty the block', () => {
    const text = HEAD + 'build() {\n\tif [ -n "$x" ]; then\n\t\tcd "$builddir"\n\tfi\n\tmake\n}\n';
    const found = lintString(text, { only: new Set(['AL13']) });
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });

  test('does not offer to empty a function whose only command is the cd', () => {
    const text = HEAD + 'check() {\n\tcd "$builddir"\n}\n';
    const found = lintString(text, { only: new Set(['AL13']) });
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });
});

describe('backticks-usage (AL25)', () => {
  test('keeps arithmetic from appearing when the body starts with a parenthesis', () => {
    const text = HEAD + 'build() {\n\tlocal d=`(cd src && pwd)`\n}\n';
    assert.equal(fixed(text, 'AL25'), HEAD + 'build() {\n\tlocal d=$( (cd src && pwd))\n}\n');
  });

  test('offers no fix when the body holds a comment', () => {
    const text = HEAD + 'build() {\n\tlocal d=`pwd # here`\n}\n';
    const found = lintString(text, { only: new Set(['AL25']) });
    assert.equal(found.length, 1);
    assert.equal(found[0].fix, undefined);
  });
});

describe('overwrite-xflags (AL36)', () => {
  test('accepts flags rebuilt from a helper variable that holds the old value', () => {
    const text = HEAD + 'build() {\n\tlocal f="$LDFLAGS -Wl,-z,now"\n\texport LDFLAGS="$f"\n}\n';
    assert.deepEqual(codes(text, 'AL36'), []);
  });
});

describe('missing-default-prepare (AL54)', () => {
  test('is not reported when a function called by prepare() runs default_prepare', () => {
    const text = HEAD + '_common() {\n\tdefault_prepare\n}\nprepare() {\n\t_common\n}\n';
    assert.deepEqual(codes(text, 'AL54'), []);
  });
});
