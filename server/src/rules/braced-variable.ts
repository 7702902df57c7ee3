import { Apkbuild } from '../apkbuild/apkbuild';
import { isNameChar, isNameStart, lexScript, lexText, ParamPart, Word, WordPart } from '../apkbuild/shell-lexer';
import { Span } from '../apkbuild/span';
import { Rule, RuleFinding } from './types';

/** What the shell expands in the file: every word part of the code, and expansions found in the
 * bodies of heredocs whose delimiter is unquoted. Comments, single-quoted text and quoted heredocs
 * hold none. */
export interface Expansions {
  /** every part of every word (top level, functions, command substitutions, `${x:-…}` operands) */
  parts: WordPart[];
  /** `` `…` `` in expanding heredoc bodies */
  heredocBackticks: Span[];
  /** `${name}` (a plain name, no operator) in expanding heredoc bodies */
  heredocBracedNames: Span[];
}

const CACHE = new WeakMap<Apkbuild, Expansions>();

export function expansionsOf(apkbuild: Apkbuild): Expansions {
  let found = CACHE.get(apkbuild);
  if (!found) CACHE.set(apkbuild, (found = collect(apkbuild)));
  return found;
}

function collect(apkbuild: Apkbuild): Expansions {
  const { text } = apkbuild;
  const parts: WordPart[] = [];
  const addParts = (list: readonly WordPart[], relex: boolean) => {
    for (const p of list) {
      parts.push(p);
      if (p.kind === 'param' && p.argSpan && p.argSpan.end > p.argSpan.start && (p.arg?.includes('$') || p.arg?.includes('`'))) {
        addParts(lexText(text, p.argSpan.start, p.argSpan.end).parts, true);
      } else if (p.kind === 'command' && relex) {
        for (const w of lexScript(text, p.body.start, p.body.end, true).words) addParts(w.parts, false);
      }
    }
  };
  // the top level: the model keeps the statements' words but not those inside substitutions
  for (const a of apkbuild.assignments) addParts(a.parts, true);
  for (const c of apkbuild.commands) {
    const words: Word[] = [...(c.name ? [c.name] : []), ...c.args, ...c.assignments];
    for (const r of c.redirects) if (r.target && !r.op.startsWith('<<')) words.push(r.target);
    for (const w of words) addParts(w.parts, true);
  }
  // functions: their scripts already hold the words of nested substitutions
  for (const fn of apkbuild.functions) for (const w of fn.script.words) addParts(w.parts, false);

  const heredocBackticks: Span[] = [];
  const heredocBracedNames: Span[] = [];
  for (const doc of apkbuild.heredocs) {
    if (doc.quoted) continue;
    scanHeredoc(text, doc.body, heredocBackticks, heredocBracedNames);
  }
  return { parts, heredocBackticks, heredocBracedNames };
}

/** In a heredoc body only `\`, `$` and `` ` `` are special. */
function scanHeredoc(text: string, body: Span, backticks: Span[], braced: Span[]): void {
  let i = body.start;
  while (i < body.end) {
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '`') {
      let j = i + 1;
      while (j < body.end && text[j] !== '`') j += text[j] === '\\' ? 2 : 1;
      if (j >= body.end) return;
      backticks.push({ start: i, end: j + 1 });
      i = j + 1;
    } else if (c === '$' && text[i + 1] === '{' && isNameStart(text[i + 2])) {
      let j = i + 3;
      while (j < body.end && isNameChar(text[j])) j++;
      if (text[j] === '}') braced.push({ start: i, end: j + 1 });
      i = j;
    } else i++;
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function isPlainBraced(p: ParamPart): boolean {
  return p.braced && !p.op && !p.length && NAME.test(p.name);
}

export const rules: Rule[] = [
  {
    code: 'AL32',
    label: 'braced-variable',
    severity: 'style',
    certainty: 'certain',
    summary: '`${var}` where `$var` means the same',
    docs:
      'The aports coding style uses ${var} only when it is needed: when the next character could continue ' +
      'the variable name (a letter, a digit or `_`), or with an operator like ${var%.*}. Elsewhere write $var. ' +
      'Text in single quotes, comments and heredocs with a quoted delimiter is not expanded and not checked.',
    fixable: true,
    check(apkbuild) {
      const { text } = apkbuild;
      if (!text.includes('${')) return [];
      const { parts, heredocBracedNames } = expansionsOf(apkbuild);
      const out: RuleFinding[] = [];
      const seen = new Set<number>();
      const report = (span: Span, name: string) => {
        if (isNameChar(text[span.end]) || seen.has(span.start)) return;
        seen.add(span.start);
        out.push({
          span,
          message: `\${${name}} does not need braces: use $${name}`,
          fix: { title: `Write $${name}`, edits: [{ span, newText: '$' + name }] },
        });
      };
      for (const p of parts) {
        if (p.kind === 'param' && isPlainBraced(p) && text[p.span.end - 1] === '}') report(p.span, p.name);
      }
      for (const span of heredocBracedNames) report(span, text.slice(span.start + 2, span.end - 1));
      return out;
    },
  },
];
