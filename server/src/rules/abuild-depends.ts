import { removeItemSpan } from './fix';
import { Apkbuild } from '../apkbuild/apkbuild';
import { refersToUnassigned, valueOf } from '../apkbuild/facts';
import { Assignment, ListItem } from '../apkbuild/model';
import { Span } from '../apkbuild/span';
import { Dependency, isValidVersion, parseDependency as parse } from '../apkbuild/version';
import { defOf, hasOption, isAssigned, perApkbuild } from './abuild-metadata';
import { Rule, RuleFinding } from './types';
import { detached } from '../detached';

// Dependency lists as abuild checks them (check_depver, check_provides, check_depends_dev) and
// as apk parses them when it installs the build dependencies or reads .PKGINFO.

/** Lists of dependency entries: what goes to apk (install) or into .PKGINFO. */
const DEPENDENCY_VARIABLES = [
  'depends', 'makedepends', 'makedepends_build', 'makedepends_host', 'checkdepends',
  'depends_dev', 'depends_doc', 'depends_lang', 'depends_libs', 'depends_static', 'depends_openrc',
  'depends_systemd', 'depends_udev', 'provides', 'replaces', 'install_if',
];
const DEPENDENCY_SET = new Set(DEPENDENCY_VARIABLES);
/** Lists abuild runs check_depver on: only these operators pass it. */
const ABUILD_CHECKED = new Set(['depends', 'makedepends', 'provides', 'depends_dev', 'depends_doc', 'depends_lang', 'depends_libs', 'depends_static', 'depends_openrc', 'depends_systemd', 'depends_udev']);
/** Lists that end up in a package's .PKGINFO from inside a split function too. */
const SPLIT_FUNCTION_VARIABLES = new Set(['depends', 'provides', 'replaces', 'install_if']);
const ABUILD_OPERATORS = new Set(['<', '>', '=', '~', '>=', '<=', '>~', '<~']);
const OPERATOR = /[<>=~]+/;
const SELF_REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

const parsed = new Map<string, Dependency | undefined>();

/** parseDependency, remembered: the same entries come back in thousands of APKBUILDs. */
function parseDependency(entry: string): Dependency | undefined {
  if (parsed.has(entry)) return parsed.get(entry);
  if (parsed.size >= 50000) return parse(entry);
  const key = detached(entry);
  const dep = parse(key);
  parsed.set(key, dep);
  return dep;
}

export interface DependencyEntry {
  variable: string;
  item: ListItem;
  value: string;
}

/**
 * Every known dependency entry written in the file: each top-level assignment's own items (items
 * that only repeat a dependency list through `$depends` are left out: they are checked where that
 * list is written) and, for depends/provides/replaces/install_if, the ones set in split functions.
 */
export const dependencyEntries = perApkbuild(computeDependencyEntries);

function computeDependencyEntries(apkbuild: Apkbuild): DependencyEntry[] {
  const out: DependencyEntry[] = [];
  for (const a of apkbuild.assignments) if (DEPENDENCY_SET.has(a.name)) addEntries(apkbuild, a, false, out);
  for (const a of apkbuild.functionAssignments) if (SPLIT_FUNCTION_VARIABLES.has(a.name) && a.declaration !== 'local') addEntries(apkbuild, a, true, out);
  return out;
}

/** The dependency entries of one assignment, as dependencyEntries takes them. */
function addEntries(apkbuild: Apkbuild, a: Assignment, inFunction: boolean, out: DependencyEntry[]): void {
  for (const item of a.items) {
    if (item.value === undefined || item.value === '' || item.value.includes('$')) continue;
    if (item.text.includes('$') && (refersToList(item.text) || refersToUnassigned(apkbuild, item.text, inFunction ? Infinity : item.span.start))) continue;
    out.push({ variable: a.name, item, value: item.value });
  }
}

/**
 * A list whose words are all plain package names (only the characters apk allows in a name, no
 * `!`, no operator): every entry parses, has no version and no operator, so AB21 and AB22 have
 * nothing to say about it. Blanks are the ones the model splits items on.
 */
const PLAIN_NAMES = /^[A-Za-z0-9+\-._,:/[\] \t\n]*$/;

/**
 * The dependency entries AB21 and AB22 may report, in the order of dependencyEntries: the entries
 * of the assignments that have a word either rule could object to (an assignment's item values
 * are the words of its value, when that is known), without the plain names.
 */
const suspectEntries = perApkbuild((apkbuild: Apkbuild): DependencyEntry[] => {
  let out: DependencyEntry[] | undefined;
  for (const a of apkbuild.assignments) {
    if (DEPENDENCY_SET.has(a.name) && !harmless(a)) addEntries(apkbuild, a, false, (out ??= []));
  }
  for (const a of apkbuild.functionAssignments) {
    if (SPLIT_FUNCTION_VARIABLES.has(a.name) && a.declaration !== 'local' && !harmless(a)) addEntries(apkbuild, a, true, (out ??= []));
  }
  return out ? out.filter((e) => !PLAIN_NAMES.test(e.value)) : NO_ENTRIES;
});
const NO_ENTRIES: DependencyEntry[] = [];

// What AB21 and AB22 find wrong with one entry (a word without `$`).
const INVALID = 1;
const CONFLICT = 2;
const BAD_OPERATOR = 4;
const BAD_VERSION = 8;
const WORD = /[^ \t\n]+/g;

/** Which of the problems above count for the entries of a variable. */
function problemMask(variable: string): number {
  return INVALID | BAD_VERSION | (variable === 'provides' || variable === 'replaces' ? CONFLICT : 0) | (ABUILD_CHECKED.has(variable) ? BAD_OPERATOR : 0);
}

/**
 * An entry neither rule objects to, in its common forms: a plain name with an operator abuild
 * accepts and a version in apk's grammar (digits, dots, one letter, _suffixes, ~hash, -rN).
 */
const SAFE_ENTRY = /^[A-Za-z0-9+\-._,:/[\]]+(?:(?:[<>]?[=~]|[<>])[0-9]+(?:\.[0-9]+)*[a-z]?(?:_(?:alpha|beta|pre|rc|cvs|svn|git|hg|p)[0-9]*)*(?:~[0-9a-f]+)?(?:-r[0-9]+)?)?$/;

function problemsOf(value: string): number {
  let bits = 0;
  const dep = parse(value);
  if (!dep) bits = INVALID;
  else {
    if (dep.conflict) bits |= CONFLICT;
    const op = OPERATOR.exec(value.slice(dep.conflict ? 1 + dep.name.length : dep.name.length))?.[0];
    if (op !== undefined && !ABUILD_OPERATORS.has(op)) bits |= BAD_OPERATOR;
    if (dep.version !== undefined && dep.op !== '><' && !isValidVersion(dep.version)) bits |= BAD_VERSION;
  }
  return bits;
}

/** The assignment's value is known and none of its words gives AB21 or AB22 something to report. */
function harmless(a: Assignment): boolean {
  const value = a.value;
  if (value === undefined) return false;
  if (PLAIN_NAMES.test(value)) return true;
  const mask = problemMask(a.name);
  WORD.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD.exec(value))) {
    const word = m[0];
    if (SAFE_ENTRY.test(word) || word.includes('$')) continue;
    if (problemsOf(word) & mask) return false;
  }
  return true;
}

function refersToList(text: string): boolean {
  SELF_REFERENCE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SELF_REFERENCE.exec(text))) if (DEPENDENCY_SET.has(m[1])) return true;
  return false;
}

/** Whether the item is the only one written at its place (not one of several a `$var` expands to). */
export function ownsSpan(items: readonly ListItem[], item: ListItem): boolean {
  return items.every((i) => i === item || i.span.start !== item.span.start);
}

/** a blank-separated word whose part before the first `:` ends with -dev */
const DEV_SUBPACKAGE = /(?:^|\s)[^\s:]*-dev(?=:|\s|$)/;

export const rules: Rule[] = [
  {
    code: 'AB21',
    label: 'invalid-dependency',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a depends/makedepends/checkdepends/provides/replaces/install_if entry apk or abuild cannot parse',
    docs: 'A dependency entry is `[!]name[op version]` with a name of letters, digits and `+-._:/` (so:, cmd:, pc: and py3.x: providers included) and, for depends, makedepends and provides, one of the operators abuild accepts: `< > = ~ >= <= >~ <~`. apk refuses anything else when it installs the build dependencies, and abuild stops with "Invalid version separator" or "Invalid version in dependency". provides and replaces name packages: they can not be `!conflicts`.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const { variable, item, value } of suspectEntries(apkbuild)) {
        const dep = parseDependency(value);
        if (!dep) {
          out.push({ span: item.span, message: `"${value}" in ${variable} is not a valid dependency` });
          continue;
        }
        if (dep.conflict && (variable === 'provides' || variable === 'replaces')) {
          out.push({ span: item.span, message: `"${value}" in ${variable}: a conflict (\`!name\`) belongs in depends` });
          continue;
        }
        const op = OPERATOR.exec(value.slice(dep.conflict ? 1 + dep.name.length : dep.name.length))?.[0];
        if (op !== undefined && ABUILD_CHECKED.has(variable) && !ABUILD_OPERATORS.has(op)) {
          out.push({ span: item.span, message: `"${value}" in ${variable}: abuild does not accept the operator \`${op}\` (use one of < > = ~ >= <= >~ <~)` });
        }
      }
      return out;
    },
  },
  {
    code: 'AB22',
    label: 'invalid-dependency-version',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the version in a dependency entry is not a valid apk version',
    docs: 'The version after the operator of a dependency entry (`foo>=1.2`, `so:libfoo.so.1=1.2.3-r0`) must be a valid apk version: `1.2.3`, `1.2_rc1`, `1.2-r3`, ... abuild stops with "Invalid version: ... in ..." and apk refuses the entry.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const { variable, item, value } of suspectEntries(apkbuild)) {
        const dep = parseDependency(value);
        if (!dep || dep.version === undefined || dep.op === '><' || isValidVersion(dep.version)) continue;
        out.push({ span: item.span, message: `"${dep.version}" in ${variable} entry "${value}" is not a valid version` });
      }
      return out;
    },
  },
  {
    code: 'AB23',
    label: 'provides-pkgname',
    severity: 'serious',
    certainty: 'certain',
    summary: 'provides lists the package itself',
    docs: 'Every package already provides its own name and version; abuild stops with "provides must not contain <pkgname>". Remove the entry.',
    fixable: true,
    check(apkbuild) {
      const pkgname = valueOf(apkbuild, 'pkgname');
      const def = defOf(apkbuild, 'provides');
      if (!pkgname || !def) return [];
      const out: RuleFinding[] = [];
      for (const item of def.items) {
        if (item.value === undefined || item.value.split(/[<>=~]/)[0] !== pkgname || refersToUnassigned(apkbuild, item.text, item.span.start)) continue;
        out.push({
          span: item.span,
          message: `provides must not contain ${pkgname}`,
          fix: ownsSpan(def.items, item) ? { title: `Remove ${item.text} from provides`, edits: [{ span: removeItemSpan(apkbuild.text, item.span), newText: '' }] } : undefined,
        });
      }
      return out;
    },
  },
  {
    code: 'AB24',
    label: 'depends-dev-without-dev',
    severity: 'minor',
    certainty: 'certain',
    summary: 'depends_dev is set but there is no -dev subpackage',
    docs: 'depends_dev is the depends of the -dev subpackage made by the built-in dev() split function; without a `$pkgname-dev` subpackage it is used by nothing (abuild warns "depends_dev found but no development subpackage found"). Add the -dev subpackage or move the entries where they belong.',
    fixable: false,
    check(apkbuild) {
      const value = valueOf(apkbuild, 'depends_dev');
      if (value === '' || (value !== undefined && value.trim() === '') || !isAssigned(apkbuild, 'depends_dev')) return [];
      const subpackages = isAssigned(apkbuild, 'subpackages') ? valueOf(apkbuild, 'subpackages') : '';
      const pkgname = valueOf(apkbuild, 'pkgname');
      if (subpackages === undefined || pkgname === undefined) return [];
      // pkgname or a word of subpackages whose name (before a `:`) ends with -dev
      const colon = pkgname.indexOf(':');
      if ((colon === -1 ? pkgname : pkgname.slice(0, colon)).endsWith('-dev') || DEV_SUBPACKAGE.test(subpackages)) return [];
      return [{ span: defOf(apkbuild, 'depends_dev')!.nameSpan, message: 'depends_dev is set but there is no -dev subpackage' }];
    },
  },
  {
    code: 'AB25',
    label: 'gxx-in-makedepends',
    severity: 'minor',
    certainty: 'certain',
    summary: 'g++ in makedepends (it comes with build-base) without the toolchain option',
    docs: 'build-base, which abuild always installs, already pulls in g++; abuild warns "g++ should not be in makedepends" unless the package is part of the toolchain (`options="toolchain"`). Remove g++ from makedepends.',
    fixable: true,
    check(apkbuild) {
      const def = defOf(apkbuild, 'makedepends');
      // every item's value is a word of the known value
      if (!def || (def.value !== undefined && !def.value.includes('g++'))) return [];
      if (hasOption(apkbuild, 'toolchain')) return [];
      const out: RuleFinding[] = [];
      for (const item of def.items) {
        if (item.value === undefined || item.value.replace(/[<>=~].*$/s, '') !== 'g++') continue;
        out.push({
          span: item.span,
          message: 'g++ should not be in makedepends (build-base brings it)',
          fix: ownsSpan(def.items, item) ? { title: 'Remove g++ from makedepends', edits: [{ span: removeItemSpan(apkbuild.text, item.span), newText: '' }] } : undefined,
        });
      }
      return out;
    },
  },
];
