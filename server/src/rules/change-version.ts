import type { Apkbuild } from '../apkbuild/apkbuild';
import { CHECKSUM_VARIABLES } from '../apkbuild/checksums';
import { assignmentsOf, itemsOf } from '../apkbuild/facts';
import type { Span } from '../apkbuild/span';
import { compareVersions } from '../apkbuild/version';
import { BaseRevision, baseOf, versionOf } from './change-context';
import type { Rule, RuleFinding } from './types';

/**
 * The version rules of a merge-request review (AC1-AC3): they compare the package with its base
 * revision, as an aports reviewer does before anything else.
 */

/** The APKBUILD without what does not change the built package: comments (the secfixes block and
 * `# Maintainer:` among them), the maintainer variable, checksum blocks, and whitespace. */
function significantText(apkbuild: Apkbuild): string {
  const cut: Span[] = apkbuild.comments.map((c) => c.span);
  for (const name of ['maintainer', ...CHECKSUM_VARIABLES]) for (const a of assignmentsOf(apkbuild, name)) cut.push(a.span);
  cut.sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const s of cut) {
    if (s.start < pos) continue;
    out += apkbuild.text.slice(pos, s.start) + ' ';
    pos = s.end;
  }
  return (out + apkbuild.text.slice(pos)).replace(/\s+/g, ' ').trim();
}

/** The package-directory files an APKBUILD builds from: local sources, install scripts, triggers. */
function packageInputs(apkbuild: Apkbuild): Set<string> {
  const names = new Set<string>();
  for (const s of apkbuild.sources) {
    if (s.remote || s.value === undefined) continue;
    const local = s.renamed ? s.value.slice(s.value.indexOf('::') + 2) : s.value;
    names.add(local);
    if (s.fileName) names.add(s.fileName);
  }
  for (const item of itemsOf(apkbuild, 'install')) if (item.value) names.add(item.value);
  for (const item of itemsOf(apkbuild, 'triggers')) if (item.value) names.add(item.value.replace(/=.*$/s, ''));
  return names;
}

/** What of the package changed in a way that changes what gets built, for the message. */
function contentChanges(apkbuild: Apkbuild, base: BaseRevision): string[] {
  const changed: string[] = [];
  if (significantText(apkbuild) !== significantText(base.apkbuild)) changed.push('APKBUILD');
  const inputs = packageInputs(apkbuild);
  for (const name of packageInputs(base.apkbuild)) inputs.add(name);
  for (const name of base.changedFiles) if (name !== 'APKBUILD' && inputs.has(name)) changed.push(name);
  return changed;
}

const pkgrelNotReset: Rule = {
  code: 'AC1',
  label: 'pkgrel-not-reset',
  severity: 'important',
  certainty: 'certain',
  summary: 'pkgver changed but pkgrel was not reset to 0',
  docs:
    'A new upstream version starts again at release 0: `pkgrel=0`. A pkgrel carried over from the previous ' +
    'version makes the first build of the new version look like a rebuild, and the secfixes entries and ' +
    'the next pkgrel bumps go wrong from there. Checked only in a review (`lint --changed-since REV`), against ' +
    'the package at REV.',
  fixable: true,
  check(apkbuild, context) {
    const base = baseOf(context);
    if (!base) return [];
    const now = versionOf(apkbuild);
    const before = versionOf(base.apkbuild);
    if (!now || !before || now.pkgver.value === before.pkgver.value || now.pkgrel.number === 0) return [];
    return [
      {
        span: now.pkgrel.span,
        message: `pkgver changed from ${before.pkgver.value} to ${now.pkgver.value} but pkgrel is ${now.pkgrel.value}: reset it to 0`,
        fix: { title: 'Reset pkgrel to 0', edits: [{ span: now.pkgrel.span, newText: '0' }] },
      },
    ];
  },
};

const pkgrelNotBumped: Rule = {
  code: 'AC2',
  label: 'pkgrel-not-bumped',
  severity: 'important',
  certainty: 'possible',
  summary: 'the package changed (APKBUILD or its files) but neither pkgver nor pkgrel was bumped',
  docs:
    'A change to what a package is built from (the APKBUILD outside comments, the maintainer and the checksums, ' +
    'or a patch, init script or other file it lists in source, install or triggers) needs a new version: ' +
    'without a pkgrel bump the builders do not rebuild it, and users who already have this version never get ' +
    'the change. Bump pkgrel (or pkgver, with pkgrel=0). Possible rather than certain: some changes, such as ' +
    'one in check() or arch alone, do not need a rebuild. Checked only in a review (`lint --changed-since REV`).',
  fixable: true,
  check(apkbuild, context): RuleFinding[] {
    const base = baseOf(context);
    if (!base) return [];
    const now = versionOf(apkbuild);
    const before = versionOf(base.apkbuild);
    if (!base || !now || !before || now.pkgver.value !== before.pkgver.value || now.pkgrel.number !== before.pkgrel.number) return [];
    const changed = contentChanges(apkbuild, base);
    if (changed.length === 0) return [];
    const next = String(before.pkgrel.number + 1);
    return [
      {
        span: now.pkgrel.span,
        message: `the package changed (${changed.join(', ')}) but pkgrel is still ${now.pkgrel.value}: bump it to ${next}`,
        fix: { title: `Bump pkgrel to ${next}`, edits: [{ span: now.pkgrel.span, newText: next }] },
      },
    ];
  },
};

const versionDecreased: Rule = {
  code: 'AC3',
  label: 'version-decreased',
  severity: 'serious',
  certainty: 'certain',
  summary: 'the package version (pkgver-rpkgrel) went down',
  docs:
    'apk only upgrades to a higher version (apk version order: `1.10` > `1.9`, `1.0_rc1` < `1.0`, ' +
    '`1.0-r1` > `1.0-r0`), so a lower version is never installed where the old one is, and the builders may ' +
    'refuse it. Use a higher version; to go back to older upstream code, keep pkgver and bump pkgrel, or ' +
    'package the old release under a version that sorts higher. Checked only in a review ' +
    '(`lint --changed-since REV`).',
  fixable: false,
  check(apkbuild, context) {
    const base = baseOf(context);
    if (!base) return [];
    const now = versionOf(apkbuild);
    const before = versionOf(base.apkbuild);
    if (!now || !before || compareVersions(now.full, before.full) >= 0) return [];
    const at = now.pkgver.value !== before.pkgver.value ? now.pkgver.span : now.pkgrel.span;
    return [{ span: at, message: `the version went down from ${before.full} to ${now.full}: apk never upgrades to a lower version` }];
  },
};

export const rules: Rule[] = [pkgrelNotReset, pkgrelNotBumped, versionDecreased];
