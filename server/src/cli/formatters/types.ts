import type { Finding } from '../../rules/engine';
import type { Rule } from '../../rules/types';

export interface ReportContext {
  /** every rule, for formats that carry rule metadata */
  rules: readonly Rule[];
  /** paths in findings are made relative to this directory */
  cwd: string;
  toolVersion: string;
}

/** A report format: all findings of a run in, the report's text out. */
export interface Formatter {
  name: string;
  render(findings: readonly Finding[], context: ReportContext): string;
}
