import { FunctionDef } from '../apkbuild/model';
import { Rule, RuleFinding } from './types';

const BLANKS = /^[ \t]*$/;
const SPACES = /^ *$/;
const WHITESPACE = /^\s*$/;

/** The `{` that opens the body, when the body is a brace group: the first thing after the header
 * other than blanks, newlines and comments. (Read from the text: the model's bodySpan starts at a
 * comment placed between `)` and `{`.) */
function openBrace(text: string, fn: FunctionDef): number | undefined {
  let i = fn.parens?.end ?? fn.nameSpan.end;
  while (i < fn.span.end) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i++;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? fn.span.end : nl;
    } else return c === '{' ? i : undefined;
  }
  return undefined;
}

export const rules: Rule[] = [
  {
    code: 'AL9',
    label: 'function-keyword',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the bash `function` keyword is used to define a function',
    docs:
      'APKBUILDs are POSIX shell scripts (abuild sources them with busybox ash); `function name` is a bashism. ' +
      'Write `name() {` instead.',
    fixable: true,
    check(apkbuild) {
      const { text } = apkbuild;
      const out: RuleFinding[] = [];
      for (const fn of apkbuild.functions) {
        if (!fn.keyword || !text.startsWith('function', fn.span.start)) continue;
        const keyword = { start: fn.span.start, end: fn.span.start + 'function'.length };
        const edits = [{ span: { start: keyword.start, end: fn.nameSpan.start }, newText: '' }];
        if (!fn.parens) edits.push({ span: { start: fn.nameSpan.end, end: fn.nameSpan.end }, newText: '()' });
        out.push({ span: keyword, message: 'do not use the function keyword', fix: { title: `Define it as ${fn.name}()`, edits } });
      }
      return out;
    },
  },
  {
    code: 'AL10',
    label: 'space-before-function-parenthesis',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a space between a function name and its `()`',
    docs: 'The aports coding style writes function definitions as `name() {`, without a space before the parentheses. Remove the space.',
    fixable: true,
    check(apkbuild) {
      const { text } = apkbuild;
      const out: RuleFinding[] = [];
      for (const fn of apkbuild.functions) {
        if (!fn.parens || fn.parens.start <= fn.nameSpan.end) continue;
        const gap = { start: fn.nameSpan.end, end: fn.parens.start };
        if (!BLANKS.test(text.slice(gap.start, gap.end))) continue;
        out.push({ span: gap, message: 'do not use space before function parenthesis', fix: { title: 'Remove the space', edits: [{ span: gap, newText: '' }] } });
      }
      return out;
    },
  },
  {
    code: 'AL11',
    label: 'space-after-function-parenthesis',
    severity: 'minor',
    certainty: 'certain',
    summary: 'not exactly one space between a function’s `()` and its `{`',
    docs:
      'The aports coding style writes function definitions as `name() {`: exactly one space between the ' +
      'parentheses and the opening brace, not none and not several. Tabs there (aligning a column of one-line ' +
      'definitions) are accepted, as atools does.',
    fixable: true,
    check(apkbuild) {
      const { text } = apkbuild;
      const out: RuleFinding[] = [];
      for (const fn of apkbuild.functions) {
        if (!fn.parens) continue;
        const brace = openBrace(text, fn);
        if (brace === undefined) continue;
        // the usual `() {`
        if (brace === fn.parens.end + 1 && text.charCodeAt(fn.parens.end) === 32) continue;
        const between = text.slice(fn.parens.end, brace);
        // a newline there is AL12's; a tab is deliberate alignment of one-line definitions (atools
        // accepts it too)
        if (between === ' ' || !SPACES.test(between)) continue;
        const span = between === '' ? { start: fn.parens.start, end: brace + 1 } : { start: fn.parens.end, end: brace };
        out.push({
          span,
          message: 'use one space after function parenthesis',
          fix: { title: 'Use one space before `{`', edits: [{ span: { start: fn.parens.end, end: brace }, newText: ' ' }] },
        });
      }
      return out;
    },
  },
  {
    code: 'AL12',
    label: 'newline-opening-brace',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a function’s opening `{` is on its own line',
    docs: 'The aports coding style keeps the function name, the parentheses and the opening brace on one line: `name() {`.',
    fixable: true,
    check(apkbuild) {
      const { text } = apkbuild;
      const out: RuleFinding[] = [];
      for (const fn of apkbuild.functions) {
        if (fn.keyword && !fn.parens) continue;
        const brace = openBrace(text, fn);
        if (brace === undefined) continue;
        const after = fn.parens?.end ?? fn.nameSpan.end;
        const nl = text.indexOf('\n', after);
        if (nl === -1 || nl >= brace) continue;
        const between = text.slice(after, brace);
        // a comment between `)` and `{` would be lost: report without a fix
        const fix = WHITESPACE.test(between) ? { title: 'Move `{` to the line of the function name', edits: [{ span: { start: after, end: brace }, newText: ' ' }] } : undefined;
        out.push({ span: { start: brace, end: brace + 1 }, message: 'do not use a newline before function opening brace', fix });
      }
      return out;
    },
  },
];
