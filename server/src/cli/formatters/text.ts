import { Formatter } from './types';
import { displayPath } from './paths';
import type { Certainty, Severity } from '../../rules/types';

export const SEVERITY_LETTER: Record<Severity, string> = { serious: 'S', important: 'I', minor: 'M', style: 'T' };
export const CERTAINTY_LETTER: Record<Certainty, string> = { certain: 'C', possible: 'P' };

/** atools' format, which editor integrations (ALE, vim) already parse: `MC:[AL5]:path:12:message`. */
export const textFormatter: Formatter = {
  name: 'text',
  render(findings, context) {
    return findings
      .map((f) => `${SEVERITY_LETTER[f.severity]}${CERTAINTY_LETTER[f.certainty]}:[${f.code}]:${displayPath(f.path, context.cwd)}:${f.range.start.line + 1}:${f.message}\n`)
      .join('');
  },
};
