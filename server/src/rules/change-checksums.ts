import type { Apkbuild } from '../apkbuild/apkbuild';
import type { SourceEntry } from '../apkbuild/sources';
import { baseOf } from './change-context';
import type { Rule, RuleFinding } from './types';

function sourceNamed(apkbuild: Apkbuild, fileName: string): SourceEntry | undefined {
  return apkbuild.sources.find((s) => s.fileName === fileName);
}

/** The path of a local source in the package directory (`name::file` → file). */
function localPath(s: SourceEntry): string {
  return s.renamed ? s.value!.slice(s.value!.indexOf('::') + 2) : s.value!;
}

/** AC5: a checksum that changed while the source it checks did not. */
export const rules: Rule[] = [
  {
    code: 'AC5',
    label: 'checksum-changed-without-source',
    severity: 'important',
    certainty: 'possible',
    summary: 'a checksum changed although its source entry (and local file) did not',
    docs:
      'When the download URL stays the same but its checksum changes, the file behind the URL was replaced: ' +
      'upstream re-tagged or re-rolled the release, a mirror serves something else, or someone tampered with ' +
      'it. abuild cannot tell which; a reviewer must compare the old and new files before accepting it, and ' +
      'a re-rolled release is better fetched under a new name. For a local file, the checksum changes only ' +
      'with the file. Checked only in a review (`lint --changed-since REV`).',
    fixable: false,
    check(apkbuild, context) {
      const base = baseOf(context);
      if (!base) return [];
      const out: RuleFinding[] = [];
      for (const block of apkbuild.checksums) {
        const before = new Map<string, string>();
        for (const b of base.apkbuild.checksums) if (b.kind === block.kind) for (const l of b.lines) before.set(l.fileName, l.hash);
        for (const line of block.lines) {
          const old = before.get(line.fileName);
          if (old === undefined || old === line.hash || line.fileName === '') continue;
          const now = sourceNamed(apkbuild, line.fileName);
          const then = sourceNamed(base.apkbuild, line.fileName);
          if (!now || !then || now.value === undefined || now.value !== then.value) continue;
          if (!now.remote && (base.changedFiles.includes(localPath(now)) || base.changedFiles.includes(line.fileName))) continue;
          const what = now.remote ? `its source ${now.url ?? now.value} did not` : `the file ${localPath(now)} did not`;
          out.push({ span: line.span, message: `the ${block.kind} entry of ${line.fileName} changed but ${what}: check why the file changed before accepting it` });
        }
      }
      return out;
    },
  },
];
