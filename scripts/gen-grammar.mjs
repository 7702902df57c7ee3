// Writes syntaxes/apkbuild.tmLanguage.json: node scripts/gen-grammar.mjs > syntaxes/apkbuild.tmLanguage.json
// Run after `tsc -b`: the option and arch names come from the engine and the arch table.
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const metaVars = 'maintainer pkgname pkgver pkgrel pkgdesc url arch license depends depends_dev depends_doc depends_lang depends_libs depends_static depends_openrc depends_systemd depends_udev makedepends makedepends_build makedepends_host checkdepends pkgusers pkggroups provides provider_priority replaces replaces_priority install_if install triggers subpackages source builddir options ldpath sonameprefix pcprefix somask langdir giturl disturl reporev'.split(' ');
const abuildVars = 'srcdir pkgdir subpkgdir subpkgname subpkgarch startdir tmpdir APKBUILD CBUILD CHOST CTARGET CARCH CBUILD_ARCH CTARGET_ARCH BOOTSTRAP SOURCE_DATE_EPOCH JOBS pkgname pkgver pkgrel builddir'.split(' ');
const options = [...require('../server/out/src/rules/options.js').KNOWN_OPTIONS].sort();
const arches = ['all', 'noarch', ...require('../server/out/src/build/arches.js').ALPINE_ARCHES.map((a) => a.name)];
const esc = (s) => s.replace(/[.!+]/g, (c) => '\\' + c);
const alt = (xs) => xs.map(esc).join('|');
const varRef = {
  match: `(\\$)(?:(${alt(abuildVars)})\\b|\\{(${alt(abuildVars)})\\})`,
  captures: { 0: { name: 'variable.language.abuild' }, 1: { name: 'punctuation.definition.variable.shell' } },
};
const valueList = (name, values, scope) => ({
  name: `meta.assignment.${name}.abuild`,
  begin: `^(${name})(=)(["'])`,
  beginCaptures: { 1: { name: 'variable.other.abuild.metadata' }, 2: { name: 'keyword.operator.assignment.shell' }, 3: { name: 'punctuation.definition.string.begin.shell' } },
  end: '\\3',
  endCaptures: { 0: { name: 'punctuation.definition.string.end.shell' } },
  contentName: 'string.quoted.double.shell',
  patterns: [
    { match: `(?<=^|[\\s"'])(!?-?(?:[\\w.+-]+::)?)(${alt(values)})(?=[\\s"']|$)`, captures: { 1: { name: 'keyword.operator.negation.abuild' }, 2: { name: scope } } },
    ...(name === 'arch' ? [{ match: `(?<=^|[\\s"'])(!)([\\w]+)(?=[\\s"']|$)`, captures: { 1: { name: 'keyword.operator.negation.abuild' }, 2: { name: scope } } }] : []),
    varRef,
  ],
});
const grammar = {
  $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
  name: 'APKBUILD',
  scopeName: 'source.apkbuild',
  comment: 'Alpine APKBUILD: shell (source.shell) plus abuild variables, phase functions, options/arch values, secfixes comments and checksum lines. Made by scripts/gen-grammar.mjs from the engine option list and the arch table; do not edit by hand.',
  patterns: [
    { include: '#secfixes' },
    { include: '#maintainer-comment' },
    { include: '#checksums' },
    { include: '#options' },
    { include: '#arch' },
    { include: '#metadata-assignment' },
    { include: '#phase-function' },
    { include: '#abuild-variable' },
    { include: 'source.shell' },
  ],
  repository: {
    secfixes: {
      name: 'meta.secfixes.abuild',
      begin: '^(#)\\s*(secfixes)(:)\\s*$',
      beginCaptures: { 0: { name: 'comment.line.number-sign.shell' }, 1: { name: 'punctuation.definition.comment.shell' }, 2: { name: 'keyword.other.secfixes.abuild' } },
      end: '^(?!#)',
      patterns: [
        {
          match: '^(#)(\\s+)([^\\s:]+)(:)\\s*$',
          name: 'comment.line.number-sign.shell',
          captures: { 1: { name: 'punctuation.definition.comment.shell' }, 3: { name: 'constant.numeric.version.secfixes.abuild' } },
        },
        {
          match: '^(#)(\\s+)(-)\\s+(\\S+)(.*)$',
          name: 'comment.line.number-sign.shell',
          captures: { 1: { name: 'punctuation.definition.comment.shell' }, 3: { name: 'punctuation.definition.list.secfixes.abuild' }, 4: { name: 'constant.other.security-id.secfixes.abuild' } },
        },
        { match: '^#.*$', name: 'comment.line.number-sign.shell' },
      ],
    },
    'maintainer-comment': {
      match: '^(#)\\s*(Maintainer|Contributor)(:)(.*)$',
      name: 'comment.line.number-sign.shell',
      captures: { 1: { name: 'punctuation.definition.comment.shell' }, 2: { name: 'keyword.other.maintainer.abuild' }, 4: { name: 'string.unquoted.maintainer.abuild' } },
    },
    checksums: {
      name: 'meta.checksums.abuild',
      begin: '^(sha512sums|sha256sums|sha1sums|md5sums)(=)(["\'])',
      beginCaptures: { 1: { name: 'variable.other.abuild.checksums' }, 2: { name: 'keyword.operator.assignment.shell' }, 3: { name: 'punctuation.definition.string.begin.shell' } },
      end: '\\3',
      endCaptures: { 0: { name: 'punctuation.definition.string.end.shell' } },
      patterns: [
        {
          match: '^\\s*([0-9a-fA-F]{32,128})(\\s+)(\\S+)\\s*$',
          name: 'meta.checksum-line.abuild',
          captures: { 1: { name: 'constant.numeric.hash.checksum.abuild' }, 3: { name: 'string.unquoted.filename.checksum.abuild' } },
        },
      ],
    },
    options: valueList('options', options, 'constant.language.option.abuild'),
    arch: valueList('arch', arches, 'constant.language.arch.abuild'),
    'metadata-assignment': {
      match: `^(${alt(metaVars)})(?==)`,
      captures: { 1: { name: 'variable.other.abuild.metadata' } },
    },
    'phase-function': {
      match: '^\\s*(prepare|build|check|package|unpack|fetch|snapshot|[a-z_][\\w-]*)\\s*(\\(\\))',
      captures: { 1: { name: 'entity.name.function.abuild.phase' }, 2: { name: 'punctuation.definition.arguments.shell' } },
    },
    'abuild-variable': varRef,
  },
};
// phase functions proper vs split functions: keep one scope name per kind
grammar.repository['phase-function'] = {
  patterns: [
    { match: '^(prepare|build|check|package|unpack|fetch|snapshot)\\s*(\\(\\))', captures: { 1: { name: 'entity.name.function.phase.abuild' }, 2: { name: 'punctuation.definition.arguments.shell' } } },
    { match: '^([A-Za-z_][\\w-]*)\\s*(\\(\\))', captures: { 1: { name: 'entity.name.function.split.abuild' }, 2: { name: 'punctuation.definition.arguments.shell' } } },
  ],
};
const text = JSON.stringify(grammar, null, 2) + '\n';
if (process.argv[2] === '--check') {
  const { readFileSync } = await import('node:fs');
  const current = readFileSync(new URL('../syntaxes/apkbuild.tmLanguage.json', import.meta.url), 'utf8');
  if (current !== text) { console.error('syntaxes/apkbuild.tmLanguage.json is out of date: run node scripts/gen-grammar.mjs > syntaxes/apkbuild.tmLanguage.json'); process.exit(1); }
} else process.stdout.write(text);
