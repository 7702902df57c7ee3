import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import type { Range } from '../../apkbuild/span';
import type { Finding } from '../../rules/engine';
import type { Certainty, Rule, Severity } from '../../rules/types';
import { absoluteRuleDocsLink } from './rule-docs';
import { fingerprints, reportPath, SourceLines } from './source-lines';
import { Formatter } from './types';

/** SARIF levels (S, I → error; M → warning; T → note). */
export const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { serious: 'error', important: 'error', minor: 'warning', style: 'note' };
/** GitHub code scanning's `precision` rule property. */
const PRECISION: Record<Certainty, string> = { certain: 'very-high', possible: 'medium' };

/** A relative path becomes a relative URI reference (segments percent-encoded), an absolute one a
 * file: URI. */
function artifactUri(file: string, cwd: string): string {
  const shown = reportPath(file, cwd);
  if (path.isAbsolute(shown)) return pathToFileURL(shown).href;
  return shown.split('/').map(encodeURIComponent).join('/');
}

/** 1-based region; columns in UTF-16 code units (the run's columnKind). */
function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

function describeRule(rule: Rule, docsLink: string | undefined) {
  return {
    id: rule.code,
    name: rule.label,
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.docs },
    help: { text: rule.docs },
    ...(docsLink ? { helpUri: docsLink } : {}),
    defaultConfiguration: { level: SARIF_LEVEL[rule.severity] },
    properties: { precision: PRECISION[rule.certainty] },
  };
}

function fixesOf(f: Finding, uri: string) {
  if (!f.fix || f.fix.edits.length === 0) return undefined;
  return [
    {
      description: { text: f.fix.title },
      artifactChanges: [{ artifactLocation: { uri }, replacements: f.fix.edits.map((e) => ({ deletedRegion: region(e.range), insertedContent: { text: e.newText } })) }],
    },
  ];
}

/**
 * SARIF 2.1.0, one run: every rule of the registry in the driver (a result's ruleIndex points
 * there), results with 1-based regions, our fingerprint as a partial fingerprint, and fixes for
 * the findings that have one. helpUri only with `--docs-url`: SARIF requires an absolute URI.
 */
export const sarifFormatter: Formatter = {
  name: 'sarif',
  render(findings, context) {
    const index = new Map(context.rules.map((r, i) => [r.code, i]));
    const prints = fingerprints(findings, new SourceLines(context.cwd), context.cwd);
    const results = findings.map((f, i) => {
      const uri = artifactUri(f.path, context.cwd);
      const fixes = fixesOf(f, uri);
      return {
        ruleId: f.code,
        ...(index.has(f.code) ? { ruleIndex: index.get(f.code)! } : {}),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri }, region: region(f.range) } }],
        partialFingerprints: { 'apkbuildFinding/v1': prints[i] },
        ...(fixes ? { fixes } : {}),
      };
    });
    const log = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'apkbuild-ls',
              version: context.toolVersion,
              semanticVersion: context.toolVersion,
              rules: context.rules.map((r) => describeRule(r, absoluteRuleDocsLink(r.code, context))),
            },
          },
          columnKind: 'utf16CodeUnits',
          results,
        },
      ],
    };
    return JSON.stringify(log, null, 2) + '\n';
  },
};
