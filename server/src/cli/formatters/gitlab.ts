import type { Severity } from '../../rules/types';
import { fingerprints, reportPath, SourceLines } from './source-lines';
import { Formatter } from './types';

/** GitLab Code Quality severities (S→critical, I→major, M→minor, T→info). */
export const GITLAB_SEVERITY: Record<Severity, string> = { serious: 'critical', important: 'major', minor: 'minor', style: 'info' };

export interface GitlabIssue {
  description: string;
  check_name: string;
  fingerprint: string;
  severity: string;
  location: { path: string; lines: { begin: number } };
}

/**
 * GitLab Code Quality (the Code Climate subset GitLab reads from `artifacts: reports:
 * codequality`): a JSON array, paths relative to the repository root (run from there), and a
 * fingerprint that stays with a finding when unrelated lines move, so that the MR widget tells
 * new findings from old ones.
 */
export const gitlabFormatter: Formatter = {
  name: 'gitlab',
  render(findings, context) {
    const prints = fingerprints(findings, new SourceLines(context.cwd), context.cwd);
    const issues: GitlabIssue[] = findings.map((f, i) => ({
      description: `[${f.code}] ${f.message}`,
      check_name: `${f.code} ${f.label}`,
      fingerprint: prints[i],
      severity: GITLAB_SEVERITY[f.severity],
      location: { path: reportPath(f.path, context.cwd), lines: { begin: f.range.start.line + 1 } },
    }));
    return JSON.stringify(issues, null, 2) + '\n';
  },
};
