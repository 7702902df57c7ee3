import { Apkbuild } from '../apkbuild/apkbuild';
import { assignmentsOf, memo } from '../apkbuild/facts';
import { Assignment } from '../apkbuild/model';
import { isValidPkgver } from '../apkbuild/version';
import { Rule, RuleFinding } from './types';

/**
 * Checks of the pkgname and pkgver values. atools greps the literal line
 * (`^pkgname=[a-z0-9\._\-]*[A-Z]`, `^pkgver=[A-Za-z0-9_\-\.]*(-r|_r(?!c))`); here every top-level
 * assignment of the variable is checked with its value expanded, so `pkgver=${_ver}-r1` is
 * seen too, and unknown values (command substitutions, abuild's variables) are skipped.
 */

/**
 * Top-level assignments of `name` with their expanded value, except intermediate steps that a
 * later assignment rewrites from the variable itself (`pkgver=${_v/-R/.}` then
 * `pkgver=0.${pkgver/-/}`: only the second is the package's version).
 */
function valuesOf(apkbuild: Apkbuild, name: 'pkgname' | 'pkgver'): [Assignment, string][] {
  const computed = memo(apkbuild, 'pkgname:values', newValues);
  let out = computed.get(name);
  if (!out) {
    out = [];
    const all = assignmentsOf(apkbuild, name);
    for (let i = 0; i < all.length; i++) {
      const a = all[i];
      if (a.append || a.value === undefined || a.value.includes('$')) continue;
      let rewritten = false;
      for (let j = i + 1; j < all.length && !rewritten; j++) rewritten = rewritesItself(all[j], name);
      if (rewritten) continue;
      out.push([a, a.value]);
    }
    computed.set(name, out);
  }
  return out;
}

const newValues = () => new Map<string, [Assignment, string][]>();

function rewritesItself(a: Assignment, name: string): boolean {
  if (a.append) return true;
  for (const p of a.parts) if (p.kind === 'param' && p.name === name) return true;
  return false;
}

const UPPER = /[A-Z]/;
// `-r` or `_r` that is not the start of `_rc`/`-rc` (a release-candidate suffix)
const PKGREL_IN_PKGVER = /[-_]r(?!c)/;

export const rules: Rule[] = [
  {
    code: 'AL14',
    label: 'pkgname-has-uppercase',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgname has upper-case letters',
    docs: 'Alpine package names are lower case (aports CODINGSTYLE.md: "pkgname must only contain lowercase characters"); apk matches names case-sensitively, so `Foo` and `foo` would be different packages and users searching for the lower-case name would not find it. Rename the package to lower case (and its directory with it), keeping the upstream spelling in a `_name` variable for the source URL if needed.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const [a, value] of valuesOf(apkbuild, 'pkgname')) {
        if (UPPER.test(value)) out.push({ span: a.valueSpan, message: `pkgname must not have uppercase characters: ${value}` });
      }
      return out;
    },
  },
  {
    code: 'AL15',
    label: 'pkgver-has-pkgrel',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgver contains `-r` or `_r`: the package release belongs in pkgrel',
    docs: 'abuild builds the full version as `$pkgver-r$pkgrel`; a pkgver such as `1.2-r1` or `1.2_r1` would give `1.2-r1-r0`, which apk rejects or orders wrongly. Put the upstream version in pkgver and the Alpine release number in pkgrel. (`_rc` suffixes are fine.)',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const [a, value] of valuesOf(apkbuild, 'pkgver')) {
        if (PKGREL_IN_PKGVER.test(value)) out.push({ span: a.valueSpan, message: `pkgver must not have -r or _r: ${value}` });
      }
      return out;
    },
  },
  {
    code: 'AL61',
    label: 'bad-version',
    severity: 'serious',
    certainty: 'certain',
    summary: 'pkgver is not a valid apk version',
    docs: 'pkgver must be a version apk understands, without the `-r` release: `number{.number}{letter}{_suffix{number}}{~hash}`, with the suffixes alpha, beta, pre, rc, cvs, svn, git, hg and p (so `1.0_rc1`, `2.3a`, `0_git20240101`, but not `1.0-rc1`, `1.0p1`, `v1.0` or `1.0.0.beta`). abuild refuses to build with an invalid pkgver ("is not a valid version"), and apk could not order it. Translate the upstream version into this form, for example with `${pkgver/_rc/-rc}` when building the source URL.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const [a, value] of valuesOf(apkbuild, 'pkgver')) {
        if (!isValidPkgver(value)) out.push({ span: a.valueSpan, message: `pkgver is not a valid version: ${value === '' ? '(empty)' : value}` });
      }
      return out;
    },
  },
];
