import type { Position, Range } from '../../apkbuild/span';
import type { Severity } from '../../rules/types';
import { ruleDocsLink } from './rule-docs';
import { reportPath, SourceLines } from './source-lines';
import { Formatter } from './types';

/** reviewdog severities (S, I → ERROR; M → WARNING; T → INFO). */
export const RDJSON_SEVERITY: Record<Severity, 'ERROR' | 'WARNING' | 'INFO'> = { serious: 'ERROR', important: 'ERROR', minor: 'WARNING', style: 'INFO' };

/**
 * reviewdog's Diagnostic Format, rdjson (a DiagnosticResult): 1-based lines, 1-based columns
 * counted in UTF-8 bytes, end exclusive; a fix becomes suggestions, which reviewdog turns into
 * one-click suggested changes on GitHub and GitLab.
 */
export const rdjsonFormatter: Formatter = {
  name: 'rdjson',
  render(findings, context) {
    const lines = new SourceLines(context.cwd);
    const position = (file: string, p: Position) => ({ line: p.line + 1, column: lines.utf8Column(file, p) });
    const range = (file: string, r: Range) => ({ start: position(file, r.start), end: position(file, r.end) });
    const diagnostics = findings.map((f) => {
      const suggestions = f.fix?.edits.map((e) => ({ range: range(f.path, e.range), text: e.newText })) ?? [];
      return {
        message: f.message,
        location: { path: reportPath(f.path, context.cwd), range: range(f.path, f.range) },
        severity: RDJSON_SEVERITY[f.severity],
        code: { value: f.code, url: ruleDocsLink(f.code, context) },
        ...(suggestions.length ? { suggestions } : {}),
      };
    });
    return JSON.stringify({ source: { name: 'apkbuild-ls' }, diagnostics }, null, 2) + '\n';
  },
};
