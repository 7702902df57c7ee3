import { Apkbuild } from '../apkbuild/apkbuild';
import { Span } from '../apkbuild/span';
import { expansionsOf } from './braced-variable';
import { Fix, Rule, RuleFinding } from './types';

const BLANK = /^(\s|\\\n)*$/;
const COMMENT = /(^|[\s;&|(])#/;
const BACKTICK_ESCAPE = /\\([$`\\])/g;

/**
 * `` `body` `` → `$(body)`. Inside backticks a backslash before `$`, `` ` `` or `\` is removed before
 * the command is parsed; inside `$()` it is not, so those escapes are undone. No fix when that is not
 * enough to keep the meaning: nested (escaped) backticks, `\"` in a double-quoted context, a comment
 * (it would swallow the `)`), unbalanced parentheses (a `case` pattern), or an empty body.
 */
function toDollarParen(text: string, span: Span, quoted: boolean): Fix | undefined {
  if (span.end - span.start < 2 || text[span.end - 1] !== '`') return undefined;
  const body = text.slice(span.start + 1, span.end - 1);
  if (BLANK.test(body)) return undefined; // an empty substitution (a line-continuation trick): rewrite by hand
  if (body.includes('\\`') || (quoted && body.includes('\\"')) || COMMENT.test(body)) return undefined;
  let depth = 0;
  for (const c of body) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) return undefined;
  }
  if (depth !== 0) return undefined;
  let inner = body.replace(BACKTICK_ESCAPE, '$1');
  if (inner.startsWith('(')) inner = ' ' + inner; // `$((` would start arithmetic
  return { title: 'Use $(…)', edits: [{ span, newText: '$(' + inner + ')' }] };
}

/** AL25's findings, given the offset of the first backtick. */
function backtickFindings(apkbuild: Apkbuild, i: number): RuleFinding[] {
  const { text } = apkbuild;
  const at: number[] = [];
  for (; i !== -1; i = text.indexOf('`', i + 1)) at.push(i);
  const { backticks, heredocBackticks } = expansionsOf(apkbuild, at);
  const out: RuleFinding[] = [];
  const seen = new Set<number>();
  const report = (span: Span, quoted: boolean) => {
    if (seen.has(span.start)) return;
    seen.add(span.start);
    out.push({ span, message: 'use $() instead of backticks', fix: toDollarParen(text, span, quoted) });
  };
  for (const p of backticks) report(p.span, p.quoted);
  for (const span of heredocBackticks) report(span, true);
  return out;
}

export const rules: Rule[] = [
  {
    code: 'AL25',
    label: 'backticks-usage',
    severity: 'serious',
    certainty: 'possible',
    summary: 'command substitution with backticks instead of `$(…)`',
    docs:
      'Backticks are the legacy form of command substitution: they do not nest without escaping, and ' +
      'backslashes inside them behave differently. Use $(…). Backticks in comments, single quotes and ' +
      'quoted heredocs are text, not substitutions, and are not reported.',
    fixable: true,
    check(apkbuild) {
      const { text } = apkbuild;
      const i = text.indexOf('`');
      if (i === -1) return [];
      return backtickFindings(apkbuild, i);
    },
  },
];
