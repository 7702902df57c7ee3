import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeText } from '../src/lint';
import { definitionOf, valueOf } from '../src/apkbuild/facts';
import { initParser } from '../src/parser/parser';

before(() => initParser());

const slice = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('variables', () => {
  test('reads every top-level variable with its value, quoting and exact name range', () => {
    const text = 'pkgname=foo\npkgver="1.2"\npkgdesc=\'a b\'\n_x=$pkgname-$pkgver\n';
    const a = analyzeText(text);
    assert.deepEqual(a.assignments.map((x) => [x.name, x.value, x.quoting]), [
      ['pkgname', 'foo', 'none'], ['pkgver', '1.2', 'double'], ['pkgdesc', 'a b', 'single'], ['_x', 'foo-1.2', 'none'],
    ]);
    assert.equal(slice(text, a.assignments[1].nameSpan), 'pkgver');
    assert.equal(slice(text, a.assignments[1].valueSpan), '"1.2"');
  });

  test('gives each item of a multi-line list its own range', () => {
    const text = 'depends="\n\tfoo>=1\n\tbar\n\t$pkgname-dev\n\t"\npkgname=x\n';
    const a = analyzeText(text);
    const items = definitionOf(a, 'depends')!.items;
    assert.deepEqual(items.map((i) => i.text), ['foo>=1', 'bar', '$pkgname-dev']);
    assert.deepEqual(items.map((i) => slice(text, i.span)), ['foo>=1', 'bar', '$pkgname-dev']);
    assert.equal(items[2].value, '-dev', 'pkgname is not yet set where depends is assigned');
  });

  test('keeps reading values that tree-sitter-bash splits wrongly', () => {
    const text = 'pkgname=foo\npkgver=2\nbuilddir="$srcdir"/$pkgname-$pkgver\nurl=x\n';
    const a = analyzeText(text);
    assert.equal(valueOf(a, 'builddir'), '$srcdir/foo-2');
    assert.equal(slice(text, definitionOf(a, 'builddir')!.valueSpan), '"$srcdir"/$pkgname-$pkgver');
    assert.deepEqual(a.commands, [], 'no phantom command');
    assert.equal(valueOf(a, 'url'), 'x');
  });

  test('marks assignments inside case and if blocks as conditional and their value unknown', () => {
    const text = 'makedepends="a"\ncase "$CARCH" in\nx86_64) makedepends="$makedepends b" ;;\nesac\nif true; then _x=1; fi\n';
    const a = analyzeText(text);
    assert.deepEqual(a.assignments.map((x) => [x.name, x.conditional]), [['makedepends', false], ['makedepends', true], ['_x', true]]);
    assert.equal(valueOf(a, 'makedepends'), undefined);
    assert.equal(definitionOf(a, 'makedepends')!.value, 'a');
  });

  test('treats a for loop variable as unknown', () => {
    const a = analyzeText('_vers="5.1 5.4"\nfor _v in $_vers; do\n\tmakedepends="$makedepends lua$_v-dev"\ndone\n');
    assert.deepEqual(a.assignments[1].items.map((i) => [i.text, i.value]), [['lua$_v-dev', undefined]], 'an empty $makedepends is no item');
  });

  test('expands values inside a function with the function\'s own assignments', () => {
    const a = analyzeText('pkgname=foo\n_plugin() {\n\tlocal deps="a b"\n\tdepends="${deps// / $pkgname-}"\n}\n');
    assert.equal(a.functionAssignments[1].value, 'a foo-b');
  });

  test('reads export and readonly declarations at top level', () => {
    const a = analyzeText('export CFLAGS="$CFLAGS -O2"\nexport GOFLAGS=-trimpath\n');
    assert.deepEqual(a.assignments.map((x) => [x.name, x.declaration, x.value]), [['CFLAGS', 'export', undefined], ['GOFLAGS', 'export', '-trimpath']]);
  });

  test('reads local variables in functions separately from the top level', () => {
    const a = analyzeText('pkgname=x\nbuild() {\n\tlocal _a=1 _b\n\t_c=2\n}\n');
    assert.deepEqual(a.functionAssignments.map((x) => [x.name, x.declaration, x.functionName]), [['_a', 'local', 'build'], ['_c', undefined, 'build']]);
    assert.deepEqual(a.assignments.map((x) => x.name), ['pkgname']);
  });
});

describe('functions', () => {
  test('reads functions with their keyword, parentheses, body and commands', () => {
    const text = 'function build() {\n\tcd "$builddir" || return 1\n\tmake `nproc`\n}\npackage(){ make install; }\n';
    const a = analyzeText(text);
    assert.deepEqual(a.functions.map((f) => [f.name, f.keyword]), [['build', true], ['package', false]]);
    const cmds = a.functions[0].script.commands.map((c) => [c.name?.raw, c.precededBy ?? '']);
    assert.deepEqual(cmds, [['cd', ''], ['return', '||'], ['make', ''], ['nproc', '']]);
    assert.equal(slice(text, a.functions[1].parens!), '()');
  });

  test('keeps the operator of a line that ends with && or ||', () => {
    const a = analyzeText('build() {\n\tmake ||\n\t\treturn 1\n\ta &&\n\tb\n\tc\n}\n');
    assert.deepEqual(a.functions[0].script.commands.map((c) => [c.name?.raw, c.precededBy ?? '']), [['make', ''], ['return', '||'], ['a', ''], ['b', '&&'], ['c', '']]);
  });

  test('finds the body brace after a comment on the header line', () => {
    const text = 'build() # no configure\n{\n\tmake\n}\n';
    const a = analyzeText(text);
    assert.equal(text[a.functions[0].bodySpan.start], '{');
    assert.deepEqual(a.functions[0].script.commands.map((c) => c.name?.raw), ['make']);
  });

  test('finds heredoc bodies and does not read them as commands', () => {
    const text = 'package() {\n\tcat > x <<-EOF\n\tnot_a_command $x\n\tEOF\n\tdone_here\n}\n';
    const a = analyzeText(text);
    assert.deepEqual(a.functions[0].script.commands.map((c) => c.name?.raw), ['cat', 'done_here']);
    assert.equal(slice(text, a.heredocs[0].body), '\tnot_a_command $x\n');
  });
});

describe('derived facts', () => {
  test('reads subpackages with split function and arch', () => {
    const a = analyzeText('pkgname=foo\nsubpackages="$pkgname-dev $pkgname-tools:_tools:noarch"\n');
    assert.deepEqual(a.subpackages.map((s) => [s.name, s.splitFunction, s.arch]), [['foo-dev', undefined, undefined], ['foo-tools', '_tools', 'noarch']]);
  });

  test('derives source file names as abuild does', () => {
    const a = analyzeText('pkgname=foo\npkgver=1.0\nsource="$pkgname-$pkgver.tar.gz::https://e.org/archive/v$pkgver.tar.gz\n\thttps://e.org/foo-$pkgver.tar.xz\n\tfix.patch\n\t"\n');
    assert.deepEqual(a.sources.map((s) => [s.fileName, s.remote, s.renamed]), [['foo-1.0.tar.gz', true, true], ['foo-1.0.tar.xz', true, false], ['fix.patch', false, false]]);
  });

  test('reads sha512sums lines and flags malformed ones', () => {
    const h = 'a'.repeat(128);
    const a = analyzeText(`sha512sums="\n${h}  foo.tar.gz\n${h} bar.patch\n"\n`);
    assert.deepEqual(a.checksums[0].lines.map((l) => [l.fileName, l.wellFormed]), [['foo.tar.gz', true], ['bar.patch', false]]);
  });

  test('reads the maintainer from the variable or the comment, and contributors', () => {
    const a = analyzeText('# Contributor: A <a@x.org>\n# Maintainer: B <b@x.org>\npkgname=x\n');
    assert.deepEqual(a.maintainers.map((m) => [m.name, m.email, m.from]), [['B', 'b@x.org', 'comment']]);
    assert.deepEqual(a.contributors.map((m) => m.email), ['a@x.org']);
    const b = analyzeText('maintainer="C D <c@x.org>"\npkgname=x\n');
    assert.deepEqual(b.maintainers.map((m) => [m.name, m.from]), [['C D', 'variable']]);
  });

  test('reads the secfixes block line by line', () => {
    const a = analyzeText('# secfixes:\n#   1.2-r0:\n#     - CVE-2024-1234\n#   0:\n#     - CVE-2019-0001\n\npkgname=x\n');
    assert.deepEqual(a.secfixes!.lines.map((l) => [l.kind, l.value]), [['header', ''], ['version', '1.2-r0'], ['id', 'CVE-2024-1234'], ['version', '0'], ['id', 'CVE-2019-0001']]);
  });
});

describe('bad input', () => {
  test('keeps facts after code tree-sitter cannot parse', () => {
    const text = 'pkgname=foo\npkgver=1\nbuild() {\n\tif then fi ( ;;\n}\npkgrel=0\npackage() {\n\tmake install\n}\n';
    const a = analyzeText(text);
    assert.ok(a.errors.length > 0, 'the broken part is reported');
    assert.equal(valueOf(a, 'pkgname'), 'foo');
    assert.equal(valueOf(a, 'pkgrel'), '0');
    assert.ok(a.functions.some((f) => f.name === 'package'));
  });

  test('recovers functions from shell that tree-sitter-bash misreads', () => {
    const text = [
      'pkgname=x',
      'case "$CARCH" in',
      '\taarch64) ;;',
      '\t*)_libs="$_libs+unwind";;',
      'esac',
      'check() {',
      '\truby -e x -- \\',
      '\t\t--ignore-name=/^test_a$/ \\',
      '\t\t--ignore-name=/^test_b$/',
      '}',
      '',
      'build() {',
      '\tgen --output-fd 3 3>&1 >&2',
      '}',
      '',
      'package() {',
      '\tlocal gemdir="$pkgdir/$(ruby -e \'puts 1\')"',
      '}',
      '',
    ].join('\n');
    const a = analyzeText(text);
    assert.deepEqual(a.functions.map((f) => f.name), ['check', 'build', 'package']);
    assert.deepEqual(a.syntaxProblems, []);
    assert.deepEqual(a.functionAssignments.map((x) => [x.name, x.functionName]), [['gemdir', 'package']]);
    assert.deepEqual(a.assignments.map((x) => [x.name, x.conditional]), [['pkgname', false], ['_libs', true]]);
  });

  test('reports what the shell would reject: unclosed quotes and blocks', () => {
    const a = analyzeText('pkgname=x\nbuild() {\n\tif true; then\n\t\tmake\n}\npkgdesc="open\n');
    assert.deepEqual(a.syntaxProblems.map((p) => p.message), ['`if` is never closed by `fi`', 'this " quote is never closed']);
  });

  test('survives an unbalanced quote without throwing', () => {
    const a = analyzeText('pkgname=foo\npkgdesc="never closed\npkgver=1\n');
    assert.equal(valueOf(a, 'pkgname'), 'foo');
  });

  test('reads an empty file as an empty model', () => {
    const a = analyzeText('');
    assert.equal(a.assignments.length, 0);
    assert.equal(a.functions.length, 0);
  });
});
