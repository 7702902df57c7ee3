import { Apkbuild } from '../apkbuild/apkbuild';
import { CommandPart, isNameChar, isNameCharCode, isNameStart, isNameStartCode, lexScript, lexText, ParamPart, WordPart } from '../apkbuild/shell-lexer';
import { Span } from '../apkbuild/span';
import { Rule, RuleFinding } from './types';

/** What the shell expands in the file: the word parts of the code the rules look at, and expansions
 * found in the bodies of heredocs whose delimiter is unquoted. Comments, single-quoted text and quoted
 * heredocs hold none. */
export interface Expansions {
  /** `${name}` (a plain name, no operator) among the parts of every word (top level, functions,
   * command substitutions, `${x:-…}` operands), in file-walk order */
  bracedNames: ParamPart[];
  /** `` `…` `` among the same parts */
  backticks: CommandPart[];
  /** `` `…` `` in expanding heredoc bodies */
  heredocBackticks: Span[];
  /** `${name}` (a plain name, no operator) in expanding heredoc bodies */
  heredocBracedNames: Span[];
}

/** Whether one of the sorted `offsets` is in [start, end). */
function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  let lo = 0;
  let hi = offsets.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  return lo < offsets.length && offsets[lo] < end;
}

/**
 * The expansions of the file that start at one of the sorted offsets `at` (where the text has a `${`
 * or a backtick the caller looks for). An expansion lies inside the text of its word, and the word
 * inside its statement or function: only those holding one of the offsets are walked, most of the
 * file is not.
 */
export function expansionsOf(apkbuild: Apkbuild, at: readonly number[]): Expansions {
  const { text } = apkbuild;
  const bracedNames: ParamPart[] = [];
  const backticks: CommandPart[] = [];
  const addParts = (list: readonly WordPart[], relex: boolean) => {
    for (const p of list) {
      if (p.kind === 'param') {
        if (isPlainBraced(p)) bracedNames.push(p);
        if (p.argSpan && p.argSpan.end > p.argSpan.start && (p.arg?.includes('$') || p.arg?.includes('`'))) {
          addParts(lexText(text, p.argSpan.start, p.argSpan.end).parts, true);
        }
      } else if (p.kind === 'command') {
        if (p.backtick) backticks.push(p);
        if (relex) for (const w of lexScript(text, p.body.start, p.body.end, true).words) addParts(w.parts, false);
      }
    }
  };
  const holds = (span: Span) => anyWithin(at, span.start, span.end);
  // the top level: the model keeps the statements' words but not those inside substitutions
  for (const a of apkbuild.assignments) if (holds(a.span)) addParts(a.parts, true);
  for (const c of apkbuild.commands) {
    if (!holds(c.span)) continue;
    if (c.name) addParts(c.name.parts, true);
    for (const w of c.args) addParts(w.parts, true);
    for (const w of c.assignments) addParts(w.parts, true);
    for (const r of c.redirects) if (r.target && !r.op.startsWith('<<')) addParts(r.target.parts, true);
  }
  // functions: their scripts already hold the words of nested substitutions
  for (const fn of apkbuild.functions) {
    if (holds(fn.span)) for (const w of fn.script.words) if (holds(w.span)) addParts(w.parts, false);
  }

  const heredocBackticks: Span[] = [];
  const heredocBracedNames: Span[] = [];
  for (const doc of apkbuild.heredocs) {
    if (doc.quoted) continue;
    scanHeredoc(text, doc.body, heredocBackticks, heredocBracedNames);
  }
  return { bracedNames, backticks, heredocBackticks, heredocBracedNames };
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

/**
 * The offsets of `${name}` not followed by a name character anywhere in the text (code, comments,
 * quotes alike): every finding is one, and most files have none, which is cheaper to see in the text
 * than by walking the expansions of the whole file.
 */
function plainBracedOffsets(text: string): number[] | undefined {
  let found: number[] | undefined;
  let i = text.indexOf('${');
  while (i !== -1) {
    let j = i + 2;
    if (isNameStartCode(text.charCodeAt(j))) {
      while (isNameCharCode(text.charCodeAt(++j)));
      if (text.charCodeAt(j) === 125 && !isNameCharCode(text.charCodeAt(j + 1))) (found ??= []).push(i);
    }
    i = text.indexOf('${', i + 2);
  }
  return found;
}

function isPlainBraced(p: ParamPart): boolean {
  return p.braced && !p.op && !p.length && NAME.test(p.name);
}

/** AL32's findings, given the offsets of the `${name}` candidates. */
function bracedFindings(apkbuild: Apkbuild, at: readonly number[]): RuleFinding[] {
  const { text } = apkbuild;
  const { bracedNames, heredocBracedNames } = expansionsOf(apkbuild, at);
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
  for (const p of bracedNames) if (text[p.span.end - 1] === '}') report(p.span, p.name);
  for (const span of heredocBracedNames) report(span, text.slice(span.start + 2, span.end - 1));
  return out;
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
      const at = plainBracedOffsets(text);
      if (!at) return [];
      return bracedFindings(apkbuild, at);
    },
  },
];
