// Reads the CLI's `lint --format json` report: findings grouped per file, positions 0-based.
import * as path from 'node:path';
import { diagnosticSeverityOf } from './severity-filter';

export interface JsonFinding {
  readonly code: string;
  readonly label: string;
  readonly severity: string;
  readonly path: string;
  readonly range: { readonly start: { line: number; column: number }; readonly end: { line: number; column: number } };
  readonly message: string;
}

export interface WorkspaceProblem {
  readonly code: string;
  readonly label: string;
  /** vscode.DiagnosticSeverity number */
  readonly severity: number;
  readonly message: string;
  /** 0-based, end exclusive */
  readonly range: { readonly startLine: number; readonly startCharacter: number; readonly endLine: number; readonly endCharacter: number };
}

/** Problems per absolute file path; relative report paths are taken from `cwd`. */
export function problemsByFile(reportJson: string, cwd: string): Map<string, WorkspaceProblem[]> {
  const findings = JSON.parse(reportJson) as JsonFinding[];
  if (!Array.isArray(findings)) throw new Error('the lint report is not a JSON array');
  const byFile = new Map<string, WorkspaceProblem[]>();
  for (const f of findings) {
    const file = path.resolve(cwd, f.path);
    const list = byFile.get(file) ?? [];
    list.push({
      code: f.code,
      label: f.label,
      severity: diagnosticSeverityOf(f.severity),
      message: f.message,
      range: {
        startLine: Math.max(0, f.range.start.line - 1),
        startCharacter: Math.max(0, f.range.start.column - 1),
        endLine: Math.max(0, f.range.end.line - 1),
        endCharacter: Math.max(0, f.range.end.column - 1),
      },
    });
    byFile.set(file, list);
  }
  return byFile;
}
