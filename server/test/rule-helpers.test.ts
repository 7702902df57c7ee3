import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseDependency } from '../src/apkbuild/version';
import { dependencyOf } from '../src/rules/duplicate-depends';

describe('dependencyOf', () => {
  it('parses every kind of entry exactly as parseDependency does', () => {
    const entries = [
      'foo', 'py3-foo', 'so:libfoo.so.1', 'cmd:foo', 'pc:foo>=1.2', 'foo-dev', 'gtk+3.0', 'a,b', 'x/y', '[foo]', 'foo_bar',
      '!foo', '!', 'foo>=1.0', 'foo=1.0-r2', 'foo~1', 'foo<2', 'foo><1', 'foo=>1', 'foo>', '>=1', '', ' ', 'foo bar', 'foo\tbar',
      'fóo', 'foo!', 'foo$bar', 'foo*', 'foo=', '==1', 'Foo', '1', '-', 'foo\n', 'name:with:colons', 'foo;bar', 'foo@bar',
    ];
    for (const e of entries) assert.deepEqual(dependencyOf(e), parseDependency(e), JSON.stringify(e));
  });
});
