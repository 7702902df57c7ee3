import { parseArgs } from 'node:util';
import { ruleRegistry } from '../rules/registry';
import { SEVERITY_LETTER, CERTAINTY_LETTER } from './formatters/text';
import type { IO } from './lint-command';
import { UsageError } from './usage';

/** `rules` lists every rule; `--format markdown` prints the README table, `json` the metadata. */
export function rulesCommand(argv: string[], io: IO): number {
  const { values } = parseArgs({ args: argv, strict: true, options: { format: { type: 'string', short: 'f', default: 'text' } } });
  switch (values.format) {
    case 'text':
      for (const r of ruleRegistry) {
        io.stdout(`${r.code.padEnd(5)} ${SEVERITY_LETTER[r.severity]}${CERTAINTY_LETTER[r.certainty]} ${r.label.padEnd(42)} ${r.summary}${r.fixable ? ' [fix]' : ''}\n`);
      }
      return 0;
    case 'markdown':
      io.stdout(rulesMarkdown());
      return 0;
    case 'json':
      io.stdout(JSON.stringify(ruleRegistry.map(({ code, label, severity, certainty, summary, docs, fixable }) => ({ code, label, severity, certainty, summary, docs, fixable })), null, 2) + '\n');
      return 0;
    default:
      throw new UsageError(`rules --format takes text, markdown or json, not "${values.format}"`);
  }
}

export function rulesMarkdown(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = ruleRegistry.map((r) => `| ${r.code} | ${r.label} | ${r.severity} | ${r.certainty} | ${r.fixable ? 'yes' : ''} | ${esc(r.summary)} |`);
  return ['| code | label | severity | certainty | fix | what it reports |', '|---|---|---|---|---|---|', ...rows].join('\n') + '\n';
}
