import { Formatter } from './types';
import { displayPath } from './paths';
import type { Finding } from '../../rules/engine';

export interface JsonPosition {
  line: number;
  column: number;
}

export interface JsonFinding {
  code: string;
  label: string;
  severity: string;
  certainty: string;
  path: string;
  range: { start: JsonPosition; end: JsonPosition };
  message: string;
  fix: { range: { start: JsonPosition; end: JsonPosition }; newText: string }[] | null;
}

const oneBased = (p: { line: number; character: number }): JsonPosition => ({ line: p.line + 1, column: p.character + 1 });

/** Our stable schema: lines and columns 1-based, `fix` a list of text edits or null. */
export function toJson(f: Finding, cwd: string): JsonFinding {
  return {
    code: f.code,
    label: f.label,
    severity: f.severity,
    certainty: f.certainty,
    path: displayPath(f.path, cwd),
    range: { start: oneBased(f.range.start), end: oneBased(f.range.end) },
    message: f.message,
    fix: f.fix ? f.fix.edits.map((e) => ({ range: { start: oneBased(e.range.start), end: oneBased(e.range.end) }, newText: e.newText })) : null,
  };
}

export const jsonFormatter: Formatter = {
  name: 'json',
  render(findings, context) {
    return JSON.stringify(findings.map((f) => toJson(f, context.cwd)), null, 2) + '\n';
  },
};
