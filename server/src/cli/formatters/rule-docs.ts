import { ruleRegistry } from '../../rules/registry';
import type { Rule } from '../../rules/types';
import type { ReportContext } from './types';

/** Where the rule documentation is, relative to the root of this project's repository. */
export const RULES_DOCUMENT = 'docs/rules.md';

/** A report context that may say where the rule documentation is published (`--docs-url`). */
export interface DocsReportContext extends ReportContext {
  /** the published docs/rules.md, an absolute URL; findings link to `<docsUrl>#<code>` */
  docsUrl?: string;
}

/** The anchor of a rule's section in docs/rules.md: its code in lower case (`#al5`). */
export const ruleAnchor = (code: string) => code.toLowerCase();

/** The link to a rule's documentation: under `--docs-url` when given, else relative to this
 * project's repository (`docs/rules.md#al5`). There is no public home to link to by default. */
export function ruleDocsLink(code: string, context: ReportContext): string {
  const base = (context as DocsReportContext).docsUrl ?? RULES_DOCUMENT;
  return `${base.replace(/#.*$/, '')}#${ruleAnchor(code)}`;
}

/** An absolute URI to a rule's documentation, for fields that must be absolute (SARIF helpUri). */
export function absoluteRuleDocsLink(code: string, context: ReportContext): string | undefined {
  const link = ruleDocsLink(code, context);
  return /^[a-z][a-z0-9+.-]*:/i.test(link) ? link : undefined;
}

function section(r: Rule): string {
  const facts = [`\`${r.label}\``, r.severity, r.certainty, r.fixable ? 'fixable' : 'no automatic fix'];
  const summary = r.summary[0].toUpperCase() + r.summary.slice(1);
  return `## ${r.code}\n\n${facts.join(' · ')}\n\n**${summary}.**\n\n${r.docs}\n`;
}

/** docs/rules.md: one section per rule of the registry, anchored by code (`#al5`). */
export function rulesDocument(rules: readonly Rule[] = ruleRegistry): string {
  const head = [
    '# apkbuild-ls rules',
    '',
    '<!-- Generated from the rule registry by `node docs/generate-rules.cjs` (after a build); do not edit. -->',
    '',
    'Every check `apkbuild-ls lint` runs, in code order: AB (what abuild itself checks), AC (the change ' +
      'under review, with `--changed-since`), AL (atools\' checks). Each section gives the label (usable ' +
      'wherever a code is: `# apkbuild-lint disable=empty-variable`, `SKIP_EMPTY_VARIABLE=1`, the config ' +
      'file), the default severity (serious, important, minor, style), the certainty (certain, or possible ' +
      'when the finding may be intended) and whether the finding comes with a mechanical fix (in the json, sarif and rdjson reports and in editors). Report formats link here with ' +
      '`docs/rules.md#<code>` (`--docs-url URL` for a published copy).',
    '',
  ].join('\n');
  return `${head}\n${rules.map(section).join('\n')}`;
}
