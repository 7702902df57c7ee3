// The `apkbuild.lint.minimumSeverity` setting: which diagnostics the editor shows. Findings map to
// LSP severities as the server maps them: serious→Error, important→Warning, minor→Information,
// style→Hint. (DiagnosticSeverity numbers: Error 0 < Warning 1 < Information 2 < Hint 3 in vscode.)

export type MinimumSeverity = 'error' | 'warning' | 'information' | 'hint';

const RANK: Record<MinimumSeverity, number> = { error: 0, warning: 1, information: 2, hint: 3 };

/** The highest vscode.DiagnosticSeverity number still shown. */
export function severityLimit(setting: string | undefined): number {
  return RANK[(setting ?? 'hint') as MinimumSeverity] ?? RANK.hint;
}

export function keepDiagnostic(severity: number | undefined, setting: string | undefined): boolean {
  return (severity ?? 0) <= severityLimit(setting);
}

export type FindingSeverity = 'serious' | 'important' | 'minor' | 'style';

/** vscode.DiagnosticSeverity number for a finding's severity. */
export function diagnosticSeverityOf(severity: string): number {
  switch (severity) {
    case 'serious': return 0;
    case 'important': return 1;
    case 'minor': return 2;
    default: return 3;
  }
}
