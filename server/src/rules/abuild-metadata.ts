import { Apkbuild } from '../apkbuild/apkbuild';
import { valueOf } from '../apkbuild/facts';
import { Assignment } from '../apkbuild/model';
import { Span } from '../apkbuild/span';
import { Rule, RuleFinding } from './types';

// Checks of abuild's `default_validate` (abuild.in) on the package's global metadata.

/**
 * Memoizes a fact per analysed APKBUILD, for the rules of a family that all need it. The rules run
 * over one file after the other: the facts of the last APKBUILD asked about are kept (one slot per
 * fact), those of an earlier one are computed again when it comes back. A weak table per fact
 * would cost more than the facts themselves.
 */
export function perApkbuild<T>(compute: (apkbuild: Apkbuild) => T): (apkbuild: Apkbuild) => T {
  const slot = slotValues.length;
  slotValues.push(undefined);
  slotGenerations.push(-1);
  return (apkbuild) => {
    if (apkbuild !== slotsApkbuild) {
      // another file: every slot is stale
      slotsApkbuild = apkbuild;
      generation++;
    }
    if (slotGenerations[slot] !== generation) {
      const v = compute(apkbuild);
      slotValues[slot] = v;
      slotGenerations[slot] = generation;
    }
    return slotValues[slot] as T;
  };
}

let slotsApkbuild: Apkbuild | undefined;
/** the file the slots are for changes: a slot holds a value when its generation is the current one */
let generation = 0;
const slotValues: unknown[] = [];
const slotGenerations: number[] = [];

// The top-level assignments are few (about 14 per file): the rules look a name up by a scan of
// them, cheaper than building a table per file.

/** The assignment that defines a variable: the same as facts' definitionOf (the last unconditional one, else the first). */
export function defOf(apkbuild: Apkbuild, name: string): Assignment | undefined {
  let def: Assignment | undefined;
  for (const a of apkbuild.assignments) if (a.name === name && (def === undefined || !a.conditional)) def = a;
  return def;
}

/** Whether a variable is assigned at the top level at all. */
export function isAssigned(apkbuild: Apkbuild, name: string): boolean {
  for (const a of apkbuild.assignments) if (a.name === name) return true;
  return false;
}

/** The top-level assignments of a variable in file order: the same as facts' assignmentsOf. */
export function assignmentsNamed(apkbuild: Apkbuild, name: string): Assignment[] {
  if (!isAssigned(apkbuild, name)) return NONE;
  return apkbuild.assignments.filter((a) => a.name === name);
}
const NONE: Assignment[] = [];

/** Where a finding about something that is absent from the file goes: the start of the file. */
export const FILE_START: Span = { start: 0, end: 0 };

const PKGNAME_BAD_CHAR = /[^a-zA-Z0-9._+-]/;
const ALNUM = /^[a-zA-Z0-9]/;

/** abuild's verify_pkgname(): why `name` is not a valid package name, or undefined when it is. */
export function pkgnameProblem(name: string): string | undefined {
  if (name === '') return 'it is empty';
  const bad = PKGNAME_BAD_CHAR.exec(name);
  if (bad) return `\`${bad[0] === '\n' ? '\\n' : bad[0]}\` is not allowed (only letters, digits and \`._+-\`)`;
  if (!ALNUM.test(name)) return 'it must start with a letter or a digit';
  return undefined;
}

/** The final value of a top-level variable: '' when never assigned, undefined when not known. */
export function finalValue(apkbuild: Apkbuild, name: string): string | undefined {
  if (!isAssigned(apkbuild, name)) return '';
  return valueOf(apkbuild, name);
}

/** Whether `options` holds `opt` for the whole package (`opt` or `$pkgname::opt`), like abuild's options_has. */
export function hasOption(apkbuild: Apkbuild, opt: string): boolean {
  const options = valueOf(apkbuild, 'options');
  // every word that can match holds `opt`
  if (!options || !options.includes(opt)) return false;
  const pkgname = valueOf(apkbuild, 'pkgname');
  return options.split(/\s+/).some((o) => o === opt || (pkgname !== undefined && o === `${pkgname}::${opt}`));
}

const REQUIRED = ['pkgname', 'pkgver', 'pkgrel', 'pkgdesc', 'url', 'license'];

const WHY_REQUIRED: Record<string, string> = {
  pkgname: 'is not a valid package name',
  pkgver: 'Missing pkgver in APKBUILD',
  pkgrel: 'Missing pkgrel in APKBUILD',
  pkgdesc: 'Missing pkgdesc in APKBUILD',
  url: 'Missing url in APKBUILD',
  license: 'Missing license in APKBUILD',
};

const MISSPELLED: Record<string, string> = {
  depend: 'depends',
  makedepend: 'makedepends',
  checkdepend: 'checkdepends',
  pkguser: 'pkgusers',
  pkggroup: 'pkggroups',
  subpackage: 'subpackages',
};

/** Variables abuild sets itself (before sourcing the APKBUILD or before a phase runs). */
const READ_ONLY = new Set([
  'srcdir', 'pkgdir', 'subpkgdir', 'subpkgname', 'subpkgarch', 'startdir', 'tmpdir', 'APKBUILD',
  'CBUILD', 'CHOST', 'CTARGET', 'CARCH', 'CBUILD_ARCH', 'CTARGET_ARCH', 'BOOTSTRAP', 'SOURCE_DATE_EPOCH', 'JOBS',
]);

/**
 * Every name AB16, AB17 and AB18 look at: the misspellings (with whatever `MISSPELLED[name]` finds
 * on Object.prototype), conflicts and the read-only variables.
 */
const WATCHED = new Set([...Object.keys(MISSPELLED), ...Object.getOwnPropertyNames(Object.prototype), 'conflicts', ...READ_ONLY]);

/** The top-level assignments of the names in WATCHED, in file order (usually none). */
const watchedAssignments = perApkbuild((apkbuild): Assignment[] => {
  let watched: Assignment[] | undefined;
  for (const a of apkbuild.assignments) if (WATCHED.has(a.name)) (watched ??= []).push(a);
  return watched ?? NONE;
});

const DIGITS = /^[0-9]+$/;
const ASCII = /^[\x00-\x7f]*$/;
const ARCH_COMMENT = /^#\s*arch=/;

function nonEmpty(a: Assignment | undefined, apkbuild: Apkbuild): boolean {
  if (!a) return false;
  const v = valueOf(apkbuild, a.name);
  return v !== '';
}

/** A comment on the same line as `span` or on the line just above it. */
function explainedByComment(apkbuild: Apkbuild, span: Span): boolean {
  const line = apkbuild.lines.lineOf(span.start);
  return apkbuild.comments.some((c) => {
    const l = apkbuild.lines.lineOf(c.span.start);
    return l === line || l === line - 1;
  });
}

export const rules: Rule[] = [
  {
    code: 'AB10',
    label: 'missing-variable',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a variable abuild requires (pkgname pkgver pkgrel pkgdesc url license) is not set or empty',
    docs: 'abuild validate stops with "Missing pkgdesc in APKBUILD" (and the same for pkgver, pkgrel, url and license; an empty pkgname is "not a valid package name") before anything is built. Set the variable at the top level of the APKBUILD to a non-empty value.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const name of REQUIRED) {
        if (!isAssigned(apkbuild, name)) {
          out.push({ span: FILE_START, message: `${name} is not set: abuild refuses the APKBUILD (${WHY_REQUIRED[name]})` });
          continue;
        }
        if (valueOf(apkbuild, name) === '') {
          out.push({ span: defOf(apkbuild, name)!.span, message: `${name} is empty: abuild refuses the APKBUILD (${WHY_REQUIRED[name]})` });
        }
      }
      return out;
    },
  },
  {
    code: 'AB11',
    label: 'missing-package-function',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the APKBUILD has no package() function',
    docs: 'abuild validate stops with "Missing package() function in APKBUILD": every APKBUILD must define package(), even a metapackage (`package() { mkdir -p "$pkgdir"; }`).',
    fixable: false,
    check(apkbuild) {
      if (apkbuild.functions.some((f) => f.name === 'package')) return [];
      return [{ span: FILE_START, message: 'no package() function: abuild refuses the APKBUILD' }];
    },
  },
  {
    code: 'AB12',
    label: 'invalid-pkgname',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgname has characters apk does not allow or does not start with a letter or digit',
    docs: 'abuild accepts package names made of letters, digits and `._+-` that start with a letter or a digit (verify_pkgname); anything else stops the build with "<name> is not a valid package name". Rename the package (and its directory).',
    fixable: false,
    check(apkbuild) {
      const value = valueOf(apkbuild, 'pkgname');
      if (value === undefined || value === '') return [];
      const why = pkgnameProblem(value);
      const def = why ? defOf(apkbuild, 'pkgname') : undefined;
      return def ? [{ span: def.valueSpan, message: `pkgname "${value}" is not a valid package name: ${why}` }] : [];
    },
  },
  {
    code: 'AB13',
    label: 'invalid-pkgrel',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgrel is not a non-negative integer',
    docs: 'pkgrel is the release number of the APKBUILD: digits only (`0`, `1`, `12`). abuild checks `0-r$pkgrel` with apk version and stops with "<pkgrel> is not a valid pkgrel" otherwise.',
    fixable: false,
    check(apkbuild) {
      const value = valueOf(apkbuild, 'pkgrel');
      if (value === undefined || value === '' || DIGITS.test(value)) return [];
      const def = defOf(apkbuild, 'pkgrel');
      if (!def) return [];
      return [{ span: def.valueSpan, message: `pkgrel "${value}" is not a valid pkgrel: use a non-negative integer` }];
    },
  },
  {
    code: 'AB14',
    label: 'pkgdesc-too-long',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgdesc is longer than abuild allows (127 bytes plus the newline echo adds: 128)',
    docs: 'abuild validate runs `echo "$pkgdesc" | wc -c` and stops with "pkgdesc is too long" when the result is above 128: the description, counted in UTF-8 bytes, may be at most 127 bytes. Shorten it to a concise one-line summary.',
    fixable: false,
    check(apkbuild) {
      const value = valueOf(apkbuild, 'pkgdesc');
      // UTF-8 takes at most 3 bytes per UTF-16 unit, and one for ASCII
      if (value === undefined || value.length * 3 + 1 <= 128 || (value.length + 1 <= 128 && ASCII.test(value))) return [];
      const bytes = Buffer.byteLength(value, 'utf8');
      if (bytes + 1 <= 128) return [];
      const def = defOf(apkbuild, 'pkgdesc');
      if (!def) return [];
      return [{ span: def.valueSpan, message: `pkgdesc is ${bytes} bytes long: abuild allows at most 127` }];
    },
  },
  {
    code: 'AB15',
    label: 'pkgdesc-multiline',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgdesc spans more than one line',
    docs: 'abuild validate stops with "pkgdesc is not a single line" when the description has a newline in it; the .PKGINFO format has one `pkgdesc = ...` line. Put the description on one line.',
    fixable: false,
    check(apkbuild) {
      const value = valueOf(apkbuild, 'pkgdesc');
      if (value === undefined || !value.includes('\n')) return [];
      const def = defOf(apkbuild, 'pkgdesc');
      if (!def) return [];
      return [{ span: def.valueSpan, message: 'pkgdesc is not a single line' }];
    },
  },
  {
    code: 'AB16',
    label: 'misspelled-variable',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a misspelled abuild variable: depend, makedepend, checkdepend, pkguser, pkggroup or subpackage',
    docs: 'abuild knows these common misspellings and stops with "APKBUILD contains \'depend\'. It should be \'depends\'" when one of them is set to a non-empty value. Rename the variable (the fix does it when the right name is not assigned too).',
    fixable: true,
    check(apkbuild) {
      const watched = watchedAssignments(apkbuild);
      if (watched.length === 0) return [];
      const out: RuleFinding[] = [];
      for (const a of watched) {
        const right = MISSPELLED[a.name];
        if (!right || a.declaration === 'local' || !nonEmpty(a, apkbuild)) continue;
        const both = apkbuild.assignments.some((b) => b.name === right);
        out.push({
          span: a.nameSpan,
          message: `${a.name} should be ${right}` + (both ? ` (${right} is set too: merge the two)` : ''),
          fix: both ? undefined : { title: `Rename ${a.name} to ${right}`, edits: [{ span: a.nameSpan, newText: right }] },
        });
      }
      return out;
    },
  },
  {
    code: 'AB17',
    label: 'conflicts-variable',
    severity: 'serious',
    certainty: 'certain',
    summary: 'APKBUILD sets `conflicts`, which abuild rejects',
    docs: 'apk has no conflicts field: abuild stops with "APKBUILD contains $conflicts. Explicit conflicts should be added as \'!pkgname\' to depends". Write each conflicting package as `!name` in depends instead.',
    fixable: false,
    check(apkbuild) {
      const watched = watchedAssignments(apkbuild);
      if (watched.length === 0) return [];
      return watched
        .filter((a) => a.name === 'conflicts' && nonEmpty(a, apkbuild))
        .map((a) => ({ span: a.nameSpan, message: 'conflicts is not supported: add the packages as `!name` to depends' }));
    },
  },
  {
    code: 'AB18',
    label: 'read-only-variable',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a variable abuild sets itself (srcdir, pkgdir, startdir, CARCH, CHOST, ...) is assigned at the top level',
    docs: 'abuild sets srcdir, pkgdir, subpkgdir, subpkgname, subpkgarch, startdir, tmpdir, APKBUILD, the CBUILD/CHOST/CTARGET/CARCH family, BOOTSTRAP, SOURCE_DATE_EPOCH and JOBS before it sources the APKBUILD or runs a phase. Overwriting one at the top level breaks the build in subtle ways (files go to the wrong place, cross builds use the wrong triplet). Use a variable of your own that starts with `_`.',
    fixable: false,
    check(apkbuild) {
      const watched = watchedAssignments(apkbuild);
      if (watched.length === 0) return [];
      return watched
        .filter((a) => READ_ONLY.has(a.name) && a.declaration !== 'local')
        .map((a) => ({ span: a.nameSpan, message: `${a.name} is set by abuild and must not be assigned in the APKBUILD` }));
    },
  },
  {
    code: 'AB19',
    label: 'empty-arch',
    severity: 'important',
    certainty: 'possible',
    summary: 'arch is unset or empty: the package is built on no architecture',
    docs: 'abuild builds a package only on the architectures its `arch` allows; with `arch` unset or empty, check_arch fails everywhere and the package is silently skipped. That is how aports disables a package, with a comment saying why (`arch="" # blocked by foo`); without a comment it is most likely a mistake: set `arch="all"` or `arch="noarch"`.',
    fixable: false,
    check(apkbuild) {
      if (!isAssigned(apkbuild, 'arch')) {
        if (apkbuild.comments.some((c) => ARCH_COMMENT.test(c.text))) return [];
        return [{ span: FILE_START, message: 'arch is not set: the package is built on no architecture (set arch="all" or "noarch")' }];
      }
      const value = valueOf(apkbuild, 'arch');
      if (value === undefined || value.trim() !== '') return [];
      const def = defOf(apkbuild, 'arch')!;
      if (explainedByComment(apkbuild, def.span) || apkbuild.comments.some((c) => ARCH_COMMENT.test(c.text))) return [];
      return [{ span: def.span, message: 'arch is empty: the package is built on no architecture; say why in a comment if that is intended' }];
    },
  },
  {
    code: 'AB20',
    label: 'invalid-priority',
    severity: 'serious',
    certainty: 'certain',
    summary: 'provider_priority or replaces_priority is not a number',
    docs: 'apk reads provider_priority and replaces_priority as unsigned integers; abuild stops with "provider_priority must be a number" when the value has anything but digits.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const name of ['provider_priority', 'replaces_priority']) {
        const value = valueOf(apkbuild, name);
        if (value === undefined || value === '' || DIGITS.test(value)) continue;
        const def = defOf(apkbuild, name);
        if (!def) continue;
        out.push({ span: def.valueSpan, message: `${name} "${value}" must be a number` });
      }
      return out;
    },
  },
];
