// Findings → LSP diagnostics: one per finding, on its exact range, linked to the rule's docs.
import { Diagnostic, DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver';
import type { Finding } from '../rules/engine';
import type { Severity, Tag } from '../rules/types';
import { ruleAnchor } from '../cli/formatters/rule-docs';

export const DIAGNOSTIC_SOURCE = 'apkbuild';

export interface DiagnosticOptions {
  /** the reported path of the document itself; findings about other files of the package carry another */
  path: string;
  /** an absolute URI of docs/rules.md; without it diagnostics carry no codeDescription */
  docsUrl?: string;
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  serious: DiagnosticSeverity.Error,
  important: DiagnosticSeverity.Warning,
  minor: DiagnosticSeverity.Information,
  style: DiagnosticSeverity.Hint,
};

const TAG: Record<Tag, DiagnosticTag> = {
  unnecessary: DiagnosticTag.Unnecessary,
  deprecated: DiagnosticTag.Deprecated,
};

export function ruleDocsHref(code: string, docsUrl: string | undefined): string | undefined {
  if (!docsUrl || !/^[a-z][a-z0-9+.-]*:/i.test(docsUrl)) return undefined;
  return `${docsUrl.replace(/#.*$/, '')}#${ruleAnchor(code)}`;
}

export function toDiagnostic(f: Finding, options: DiagnosticOptions): Diagnostic {
  const href = ruleDocsHref(f.code, options.docsUrl);
  // a finding about an init script or a patch is shown at the top of the APKBUILD, naming its file
  const elsewhere = f.path !== options.path;
  const d: Diagnostic = {
    range: elsewhere ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    source: DIAGNOSTIC_SOURCE,
    message: elsewhere ? `${baseName(f.path)}:${f.range.start.line + 1}: ${f.message}` : f.message,
  };
  if (href) d.codeDescription = { href };
  if (f.tags?.length) d.tags = f.tags.map((t) => TAG[t]);
  return d;
}

export function toDiagnostics(findings: readonly Finding[], options: DiagnosticOptions): Diagnostic[] {
  return findings.map((f) => toDiagnostic(f, options));
}

function baseName(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}
