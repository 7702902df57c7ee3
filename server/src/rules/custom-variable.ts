import { Rule, RuleFinding } from './types';

/**
 * Names of top-level variables (aports CODINGSTYLE.md, "Variable Names": lower-case, and every
 * non-metadata variable prefixed with `_`).
 *
 * AL6 custom-variable: atools greps `^(?!(known))[^\s=-]+=`, a line starting with an assignment
 * to a name outside its list of metadata variables; `export NAME=` lines never match that
 * pattern, so exported environment variables are not reported, and neither are they here.
 * Unlike the grep, assignments indented inside a top-level `if`/`case` are read too, and
 * nothing inside heredocs, strings or functions is.
 */

/** Variables abuild reads from an APKBUILD, from APKBUILD(5) (abuild's own man page). */
const METADATA = [
  'maintainer', 'pkgname', 'pkgver', 'pkgrel', 'pkgdesc', 'url', 'arch', 'license',
  'depends', 'depends_dev', 'depends_doc', 'depends_lang', 'depends_libs', 'depends_static',
  'depends_openrc', 'depends_systemd', 'depends_udev',
  'makedepends', 'makedepends_build', 'makedepends_host', 'checkdepends',
  'pkgusers', 'pkggroups', 'provides', 'provider_priority', 'replaces', 'replaces_priority',
  'install_if', 'install', 'triggers', 'subpackages', 'source', 'builddir', 'options',
  'ldpath', 'sonameprefix', 'pcprefix', 'somask', 'langdir', 'giturl', 'disturl', 'reporev',
  'sha512sums', 'sha256sums', 'md5sums', 'sha1sums',
  // read by abuild's default_prepare (`patch ${patch_args:--p1}`)
  'patch_args',
];

/** Set by abuild (assigning them is a different mistake, not a custom variable). */
const ABUILD_SET = [
  'srcdir', 'pkgdir', 'subpkgdir', 'subpkgname', 'subpkgarch', 'subpkgtriplet', 'startdir', 'tmpdir',
  'APKBUILD', 'CBUILD', 'CHOST', 'CTARGET', 'CARCH', 'CBUILD_ARCH', 'CTARGET_ARCH', 'CLIBC',
  'CTARGET_LIBC', 'BOOTSTRAP', 'SOURCE_DATE_EPOCH', 'JOBS', 'CBUILDROOT', 'CROSS_COMPILE',
];

/** Environment variables abuild or the build tools read, as set by abuild's default.conf and
 * abuild.conf (compiler flags, job counts, Go/Cargo/Hare caches, abuild's cleanup lists). */
const ENVIRONMENT = [
  'CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'DFLAGS', 'GOFLAGS', 'RUSTFLAGS', 'MAKEFLAGS',
  'SAMUFLAGS', 'CARGO_BUILD_JOBS', 'CMAKE_BUILD_PARALLEL_LEVEL', 'CTEST_PARALLEL_LEVEL',
  'CMAKE_GENERATOR', 'CTEST_OUTPUT_ON_FAILURE', 'CTEST_NO_TESTS_ACTION', 'PERL_MM_USE_DEFAULT',
  'CC', 'CXX', 'CPP', 'LD', 'AR', 'NM', 'RANLIB', 'STRIP', 'OBJCOPY', 'HOSTCC', 'HOSTCXX', 'HOSTLD',
  'GOCACHE', 'GOMODCACHE', 'GOTMPDIR', 'GOPATH', 'CARGO_HOME', 'HARECACHE',
  'SRCDEST', 'REPODEST', 'PACKAGER', 'CLEANUP', 'ERROR_CLEANUP', 'USE_CCACHE', 'DEBUG',
  'PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ',
];
/** Families of build-tool environment variables (`CARGO_PROFILE_RELEASE_LTO`, ...). */
const ENVIRONMENT_PREFIXES = ['CARGO_', 'RUST_', 'GO', 'CGO_'];

export const KNOWN_VARIABLES: ReadonlySet<string> = new Set([...METADATA, ...ABUILD_SET, ...ENVIRONMENT]);

const STARTS_UPPER = /^[A-Z]/;

export function isKnownVariable(name: string): boolean {
  if (KNOWN_VARIABLES.has(name)) return true;
  if (!STARTS_UPPER.test(name)) return false;
  for (const p of ENVIRONMENT_PREFIXES) if (name.startsWith(p)) return true;
  return false;
}

/** Leftovers of old apkbuild-cpan templates (`depends="$cpandepends"`). */
const CPAN_VARIABLES = new Set(['cpandepends', 'cpanmakedepends', 'cpancheckdepends']);

/** Names abuild itself rejects, reported with abuild's message by AB16 misspelled-variable and
 * AB17 conflicts-variable; AL6 leaves them to those rules rather than report the line twice. */
const ABUILD_REJECTS = new Set(['depend', 'makedepend', 'checkdepend', 'pkguser', 'pkggroup', 'subpackage', 'conflicts']);

/** Misspellings that silently do nothing, with what was meant. */
const TYPOS = new Map([
  ['makedepends_dev', 'depends_dev'],
  ['sources', 'source'],
  ['option', 'options'],
  ['provide', 'provides'],
  ['replace', 'replaces'],
  ['maintainers', 'maintainer'],
  ['licence', 'license'],
  ['licenses', 'license'],
  ['sha512sum', 'sha512sums'],
]);

const HAS_UPPER = /[A-Z]/;

export const rules: Rule[] = [
  {
    code: 'AL6',
    label: 'custom-variable',
    severity: 'important',
    certainty: 'certain',
    summary: 'a top-level variable that abuild does not know lacks the `_` prefix',
    docs: 'Top-level variables that are not abuild metadata (APKBUILD(5)) must start with `_` (`_commit`, `_pyname`): abuild owns the plain namespace, may start using a name in a later release, and a misspelt metadata variable (`option=`, `sources=`, `maintainers=`) would otherwise silently do nothing. Rename the variable with a leading underscore, or fix the spelling. Exported environment variables (`export GOFLAGS=...`) are not reported, nor are the misspellings abuild itself rejects (`depend`, `makedepend`, `conflicts`, ...: see AB16 and AB17).',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const a of apkbuild.assignments) {
        if (a.declaration || a.name.startsWith('_') || isKnownVariable(a.name) || CPAN_VARIABLES.has(a.name) || ABUILD_REJECTS.has(a.name)) continue;
        const meant = TYPOS.get(a.name);
        out.push({
          span: a.nameSpan,
          message: meant ? `unknown variable ${a.name}: did you mean ${meant}?` : `prefix custom variable with _: ${a.name}`,
        });
      }
      return out;
    },
  },
  {
    code: 'AL30',
    label: 'double-underscore-in-variable',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a custom variable starts with a double underscore (`__foo`)',
    docs: 'Custom variables take exactly one leading underscore (`_foo`); names starting with two are the convention for shell internals and helper scripts, and aports\' coding style asks for lower-case names with a single `_` prefix. Rename the variable (and its uses) to a single leading underscore.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const a of apkbuild.assignments) {
        if (a.name.startsWith('__')) out.push({ span: a.nameSpan, message: `double underscore on variables are reserved: ${a.name}` });
      }
      return out;
    },
  },
  {
    code: 'AL31',
    label: 'variable-capitalized',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a custom variable has upper-case letters (`_FOO`)',
    docs: 'aports\' coding style: variable names are lower-case with underscores between words, and custom ones start with `_` (`_gitrev`, not `_GITREV`). Upper-case names are left to the environment (CFLAGS, GOFLAGS), so a capitalised custom variable reads as if the build tool used it. Rename it to lower case. Exported environment variables are not reported.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const a of apkbuild.assignments) {
        if (a.declaration || !a.name.startsWith('_') || !HAS_UPPER.test(a.name)) continue;
        out.push({ span: a.nameSpan, message: `variables must not have capital letters: ${a.name}` });
      }
      return out;
    },
  },
  {
    code: 'AL35',
    label: 'cpan-variable',
    severity: 'minor',
    certainty: 'certain',
    summary: 'leftover `cpandepends`/`cpanmakedepends`/`cpancheckdepends` from apkbuild-cpan',
    docs: 'Old apkbuild-cpan templates put the CPAN dependencies in `cpandepends`, `cpanmakedepends` and `cpancheckdepends` and then wrote `depends="$cpandepends"`. abuild does not know these variables, and current templates list the packages in `depends`, `makedepends` and `checkdepends` directly. Move the entries there and delete the cpan variables.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const a of apkbuild.assignments) {
        if (CPAN_VARIABLES.has(a.name)) out.push({ span: a.nameSpan, message: `${a.name} is a leftover of apkbuild-cpan: put its entries in ${a.name.slice(4)} instead` });
      }
      return out;
    },
  },
];
