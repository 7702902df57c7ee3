import { baseOf, versionOf } from './change-context';
import type { Rule } from './types';

/** AC4: a secfixes version the change added should be the version the change builds. */
export const rules: Rule[] = [
  {
    code: 'AC4',
    label: 'secfixes-other-version',
    severity: 'important',
    certainty: 'possible',
    summary: 'a secfixes entry was added for a version other than the new pkgver-rpkgrel',
    docs:
      'The secfixes block tells the security tracker which package version fixes which vulnerability. An ' +
      'entry added together with a fix names the version this change builds, `pkgver-rpkgrel` exactly ' +
      '(`1.2.4-r0` after a version bump, `1.2.3-r1` after a patch and a pkgrel bump); a wrong one marks ' +
      'users of an unfixed version as safe, or a fixed one as vulnerable. The `0:` entry (never affected) is ' +
      'not checked. Possible rather than certain: adding an entry for an older release that already had the ' +
      'fix is legitimate. Checked only in a review (`lint --changed-since REV`).',
    fixable: false,
    check(apkbuild, context) {
      const base = baseOf(context);
      if (!base || !apkbuild.secfixes) return [];
      const now = versionOf(apkbuild);
      if (!now) return [];
      const before = new Set((base.apkbuild.secfixes?.lines ?? []).filter((l) => l.kind === 'version').map((l) => l.value));
      return apkbuild.secfixes.lines
        .filter((l) => l.kind === 'version' && l.value !== '0' && l.value !== now.full && !before.has(l.value))
        .map((l) => ({ span: l.valueSpan, message: `secfixes entry ${l.value} was added, but this change builds ${now.full}` }));
    },
  },
];
