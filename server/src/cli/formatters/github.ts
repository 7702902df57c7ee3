import type { Severity } from '../../rules/types';
import { reportPath } from './source-lines';
import { Formatter } from './types';

/** Workflow command per severity (S, I → error; M → warning; T → notice). */
export const GITHUB_COMMAND: Record<Severity, 'error' | 'warning' | 'notice'> = { serious: 'error', important: 'error', minor: 'warning', style: 'notice' };

/** Escapes a workflow command's message (`%`, CR, LF). */
export const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** Escapes a workflow command's property value: as data, plus `:` and `,`. */
export const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/**
 * GitHub Actions workflow commands: printed by a step, each line becomes an annotation on the
 * file and lines of the pull request (`::error file=P,line=L,col=C,endLine=..,endColumn=..,
 * title=..::message`).
 */
export const githubFormatter: Formatter = {
  name: 'github',
  render(findings, context) {
    return findings
      .map((f) => {
        const { start, end } = f.range;
        const props: [string, string | number][] = [
          ['file', reportPath(f.path, context.cwd)],
          ['line', start.line + 1],
          ['col', start.character + 1],
          ['endLine', end.line + 1],
          ['endColumn', end.character + 1],
          ['title', `${f.code} ${f.label}`],
        ];
        return `::${GITHUB_COMMAND[f.severity]} ${props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',')}::${escapeData(f.message)}\n`;
      })
      .join('');
  },
};
