import { Apkbuild } from '../apkbuild/apkbuild';
import { SimpleCommand } from '../apkbuild/shell-lexer';
import { Rule, RuleFinding } from './types';

/** Offset just before the blanks and line continuations that end before `i`. */
function skipBlanksBack(text: string, i: number, newlines: boolean): number {
  for (;;) {
    const c = text[i - 1];
    if (c === ' ' || c === '\t' || c === '\r') i--;
    else if (c === '\n' && text[i - 2] === '\\') i -= 2;
    else if (c === '\n' && newlines) i--;
    else return i;
  }
}

/** The operator before a command; read from the text when a line break follows the operator (the
 * lexer leaves precededBy unset then). */
function operatorBefore(text: string, c: SimpleCommand): string | undefined {
  if (c.precededBy) return c.precededBy;
  const i = skipBlanksBack(text, c.span.start, true);
  if (COMMENT_LINE.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) return undefined;
  if (text.startsWith('&&', i - 2)) return '&&';
  if (text.startsWith('||', i - 2)) return '||';
  if (text[i - 1] === '|') return '|';
  return undefined;
}

function isReturn1(c: SimpleCommand): boolean {
  return c.name?.raw === 'return' && c.args.length === 1 && c.args[0].raw === '1' && c.assignments.length === 0 && c.redirects.length === 0;
}

/**
 * `left || return 1` where set -e would stop the function anyway when `left` fails: `left` is a
 * simple command or pipeline that starts a statement (not the tail of an `&&`/`||` list, where set -e
 * does not apply), or a compound command (`( … )`, `done`, `fi`) whose status set -e checks too.
 */
function findingsIn(apkbuild: Apkbuild, commands: readonly SimpleCommand[]): RuleFinding[] {
  const { text } = apkbuild;
  const out: RuleFinding[] = [];
  const flat = commands.filter((c) => !c.nested);
  for (let k = 0; k < flat.length; k++) {
    const ret = flat[k];
    if (!isReturn1(ret) || operatorBefore(text, ret) !== '||') continue;
    if (ret.followedBy === '&&' || ret.followedBy === '||' || ret.followedBy === '|') continue;
    const left = flat[k - 1];
    if (left && left.followedBy === '||') {
      // walk back over a pipeline to the command that starts the statement
      let first = k - 1;
      while (first > 0 && operatorBefore(text, flat[first]) === '|' && flat[first - 1].followedBy === '|') first--;
      const op = operatorBefore(text, flat[first]);
      if (op === '&&' || op === '||') continue;
    }
    const opEnd = skipBlanksBack(text, ret.span.start, true);
    if (text.slice(opEnd - 2, opEnd) !== '||' || text[opEnd - 3] === '|') continue;
    const deleteFrom = skipBlanksBack(text, opEnd - 2, false);
    out.push({
      span: { start: opEnd - 2, end: ret.span.end },
      message: '|| return 1 is not required as set -e is used',
      tags: ['unnecessary'],
      fix: { title: 'Remove `|| return 1`', edits: [{ span: { start: deleteFrom, end: ret.span.end }, newText: '' }] },
    });
  }
  return out;
}

const COMMENT_LINE = /(^|\s)#/;
const WORD_BREAK = /[\s;&|(){}]/;
const CONDITION_KEYWORDS = new Set(['if', 'elif', 'while', 'until', '!']);

/** The word before `offset` on the same logical line, if any. */
function previousWord(text: string, offset: number): string {
  const end = skipBlanksBack(text, offset, false);
  let start = end;
  while (start > 0 && !WORD_BREAK.test(text[start - 1])) start--;
  return text.slice(start, end);
}

/**
 * Functions whose body runs where set -e is ignored: called as the condition of if/while/until, after
 * `!`, or before `&&`/`||` — and every function they call. There `cmd || return 1` is how the function
 * reports failure, not noise.
 */
function conditionFunctions(apkbuild: Apkbuild): Set<string> {
  const { text } = apkbuild;
  const defined = new Map(apkbuild.functions.map((f) => [f.name, f]));
  const found = new Set<string>();
  const mark = (name: string) => {
    if (found.has(name)) return;
    found.add(name);
    for (const c of defined.get(name)?.script.commands ?? []) if (c.name && defined.has(c.name.raw)) mark(c.name.raw);
  };
  const all = [apkbuild.commands, ...apkbuild.functions.map((f) => f.script.commands)];
  for (const commands of all) {
    for (const c of commands) {
      const name = c.name?.raw;
      if (!name || !defined.has(name)) continue;
      if (c.followedBy === '&&' || c.followedBy === '||' || CONDITION_KEYWORDS.has(previousWord(text, c.span.start))) mark(name);
    }
  }
  return found;
}

/** AL2's findings. */
function return1Findings(apkbuild: Apkbuild): RuleFinding[] {
  const out: RuleFinding[] = findingsIn(apkbuild, apkbuild.commands);
  const conditions = conditionFunctions(apkbuild);
  for (const fn of apkbuild.functions) if (!conditions.has(fn.name)) out.push(...findingsIn(apkbuild, fn.script.commands));
  return out;
}

export const rules: Rule[] = [
  {
    code: 'AL2',
    label: 'unnecessary-return-1',
    severity: 'minor',
    certainty: 'certain',
    summary: '`|| return 1` is redundant: abuild runs the build functions with `set -e`',
    docs:
      'Since abuild 2.15.0 the build functions run under `set -e`, so a failing command already stops the ' +
      'build; `cmd || return 1` only adds noise. Remove ` || return 1`. Not reported after an `a && b` or ' +
      '`a || b` list, where set -e does not apply to the first command and the `|| return 1` still matters, ' +
      'nor in functions called as a condition (`if f`, `f || …`), where set -e is off and `|| return 1` is how ' +
      'they report failure.',
    fixable: true,
    check(apkbuild) {
      // every finding removes a literal `||`: that is rarer in the text, and far cheaper to look for
      // than `return 1`
      const { text } = apkbuild;
      if (!text.includes('||') || !text.includes('return 1')) return [];
      return return1Findings(apkbuild);
    },
  },
];
