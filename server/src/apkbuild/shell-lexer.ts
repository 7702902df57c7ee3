import { Span } from './span';

/**
 * A POSIX shell word lexer over the document text. tree-sitter gives the file's structure
 * (statements, functions, error recovery); this reads inside words and function bodies, where
 * walking syntax nodes one by one through wasm would cost more than the parse itself.
 * It never evaluates anything.
 */

export type Quote = 'none' | 'single' | 'double' | 'ansi' | 'escape';

export interface LiteralPart {
  kind: 'literal';
  /** the characters the shell sees after quote removal */
  text: string;
  quote: Quote;
  span: Span;
}

export interface ParamPart {
  kind: 'param';
  name: string;
  braced: boolean;
  /** `${#name}` */
  length: boolean;
  /** operator of `${name<op><arg>}`: `:-` `-` `:=` `=` `:+` `+` `:?` `?` `%` `%%` `#` `##` `/` `//` `/#` `/%` `:` `^` `^^` `,` `,,` */
  op?: string;
  /** raw text of the operand */
  arg?: string;
  argSpan?: Span;
  quoted: boolean;
  span: Span;
}

export interface CommandPart {
  kind: 'command';
  backtick: boolean;
  quoted: boolean;
  span: Span;
  body: Span;
}

export interface ArithPart {
  kind: 'arith';
  quoted: boolean;
  span: Span;
}

export type WordPart = LiteralPart | ParamPart | CommandPart | ArithPart;

export interface Word {
  span: Span;
  raw: string;
  parts: WordPart[];
}

/** A structural mistake the shell itself would reject: an unclosed quote or block. */
export interface LexProblem {
  span: Span;
  message: string;
}

/** Where lexing reports problems; set by lexScript for the duration of one call tree. */
let problems: LexProblem[] | undefined;

function unclosed(what: string, start: number, end: number): void {
  problems?.push({ span: { start, end: Math.min(end, start + 1) }, message: `${what} is never closed` });
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const SPECIAL_PARAMS = '@*#?-$!0123456789';
const WORD_END = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);

export function isNameStart(c: string | undefined): boolean {
  return c !== undefined && NAME_START.test(c);
}

export function isNameChar(c: string | undefined): boolean {
  return c !== undefined && NAME_CHAR.test(c);
}

/** isNameStart for a character code (scanning with charCodeAt, without one-character strings). */
export function isNameStartCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

export function isNameCharCode(c: number): boolean {
  return isNameStartCode(c) || (c >= 48 && c <= 57);
}

function skipSingleQuoted(src: string, i: number, end: number): number {
  const close = src.indexOf("'", i);
  return close === -1 || close >= end ? end : close + 1;
}

/** From just after an opening `"`, returns the index after the closing `"`. */
function skipDoubleQuoted(src: string, i: number, end: number): number {
  while (i < end) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i + 1;
    else if (c === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) i = skipDollar(src, i, end);
    else if (c === '`') i = skipBacktick(src, i + 1, end);
    else i++;
  }
  return end;
}

function skipBacktick(src: string, i: number, end: number): number {
  while (i < end) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === '`') return i + 1;
    else i++;
  }
  return end;
}

/** From a `$` followed by `(` or `{`, returns the index after the matching close. */
function skipDollar(src: string, i: number, end: number): number {
  const open = src[i + 1];
  const close = open === '(' ? ')' : '}';
  let depth = 1;
  i += 2;
  while (i < end) {
    const c = src[i];
    if (c === '\\') i += 2;
    else if (c === "'" && open === '(') i = skipSingleQuoted(src, i + 1, end);
    else if (c === '"') i = skipDoubleQuoted(src, i + 1, end);
    else if (c === '`') i = skipBacktick(src, i + 1, end);
    else if (c === '$' && (src[i + 1] === '(' || src[i + 1] === '{')) i = skipDollar(src, i, end);
    else if (c === '#' && open === '(' && /[\s(;|&]/.test(src[i - 1] ?? ' ')) {
      const nl = src.indexOf('\n', i);
      i = nl === -1 || nl >= end ? end : nl;
    } else if (c === open) {
      depth++;
      i++;
    } else if (c === close) {
      depth--;
      i++;
      if (depth === 0) return i;
    } else i++;
  }
  return end;
}

const BRACE_OPS = [':-', ':=', ':+', ':?', '%%', '##', '//', '/#', '/%', '^^', ',,', '-', '=', '+', '?', '%', '#', '/', ':', '^', ','];

function readParam(src: string, i: number, end: number, quoted: boolean): { part: WordPart; next: number } {
  const start = i;
  if (src[i + 1] === '{') {
    const close = skipDollar(src, i, end);
    if (src[close - 1] !== '}' || close - 1 <= i + 1) unclosed('this ${ expansion', i, close);
    const inner = i + 2;
    const innerEnd = src[close - 1] === '}' ? close - 1 : close;
    let j = inner;
    let length = false;
    if (src[j] === '#' && j + 1 < innerEnd && (isNameStart(src[j + 1]) || SPECIAL_PARAMS.includes(src[j + 1]))) {
      length = true;
      j++;
    }
    let name = '';
    if (isNameStart(src[j])) {
      const s = j;
      while (j < innerEnd && isNameChar(src[j])) j++;
      name = src.slice(s, j);
    } else if (j < innerEnd && SPECIAL_PARAMS.includes(src[j])) {
      const s = j;
      j++;
      while (/[0-9]/.test(src[s]) && j < innerEnd && /[0-9]/.test(src[j])) j++;
      name = src.slice(s, j);
    }
    let op: string | undefined;
    let arg: string | undefined;
    let argSpan: Span | undefined;
    if (j < innerEnd) {
      op = BRACE_OPS.find((o) => src.startsWith(o, j)) ?? src[j];
      j += op.length;
      arg = src.slice(j, innerEnd);
      argSpan = { start: j, end: innerEnd };
    }
    return { part: { kind: 'param', name, braced: true, length, op, arg, argSpan, quoted, span: { start, end: close } }, next: close };
  }
  let j = i + 1;
  if (isNameStart(src[j])) {
    while (j < end && isNameChar(src[j])) j++;
  } else if (j < end && SPECIAL_PARAMS.includes(src[j])) {
    j++;
  } else {
    return { part: { kind: 'literal', text: '$', quote: quoted ? 'double' : 'none', span: { start, end: start + 1 } }, next: start + 1 };
  }
  return { part: { kind: 'param', name: src.slice(i + 1, j), braced: false, length: false, quoted, span: { start, end: j } }, next: j };
}

function readDollar(src: string, i: number, end: number, quoted: boolean): { part: WordPart; next: number } {
  if (src[i + 1] === '(') {
    const close = skipDollar(src, i, end);
    if (src[close - 1] !== ')' || close - 1 <= i + 1) unclosed('this $( command substitution', i, close);
    if (src[i + 2] === '(') return { part: { kind: 'arith', quoted, span: { start: i, end: close } }, next: close };
    const bodyEnd = src[close - 1] === ')' ? close - 1 : close;
    return { part: { kind: 'command', backtick: false, quoted, span: { start: i, end: close }, body: { start: i + 2, end: bodyEnd } }, next: close };
  }
  return readParam(src, i, end, quoted);
}

function readBacktick(src: string, i: number, end: number, quoted: boolean): { part: WordPart; next: number } {
  const close = skipBacktick(src, i + 1, end);
  if (src[close - 1] !== '`' || close - 1 === i) unclosed('this ` command substitution', i, close);
  const bodyEnd = src[close - 1] === '`' && close - 1 > i ? close - 1 : close;
  return { part: { kind: 'command', backtick: true, quoted, span: { start: i, end: close }, body: { start: i + 1, end: bodyEnd } }, next: close };
}

class PartBuilder {
  readonly parts: WordPart[] = [];
  private text = '';
  private quote: Quote = 'none';
  private start = -1;
  private end = -1;
  private linear = true;

  /** Characters whose source length differs from their text (escapes) get a part of their own, so
   * that every other literal maps text index i to source offset start + i (+1 for single quotes). */
  add(text: string, quote: Quote, start: number, end: number): void {
    const linear = end - start === text.length + (quote === 'single' ? 2 : 0);
    if (this.start !== -1 && (this.quote !== quote || this.end !== start || !linear || !this.linear)) this.flush();
    this.linear = linear;
    if (this.start === -1) {
      this.start = start;
      this.quote = quote;
    }
    this.text += text;
    this.end = end;
  }

  push(part: WordPart): void {
    this.flush();
    this.parts.push(part);
  }

  flush(): void {
    if (this.start !== -1) this.parts.push({ kind: 'literal', text: this.text, quote: this.quote, span: { start: this.start, end: this.end } });
    this.text = '';
    this.start = -1;
  }
}

function readDoubleQuoted(src: string, i: number, end: number, out: PartBuilder): number {
  // i is just after the opening quote; the quote characters belong to the surrounding literal spans
  while (i < end) {
    const c = src[i];
    if (c === '"') return i + 1;
    if (c === '\\' && i + 1 < end) {
      const n = src[i + 1];
      if (n === '\n') {
        i += 2;
        continue;
      }
      if ('$`"\\'.includes(n)) out.add(n, 'double', i, i + 2);
      else out.add(c + n, 'double', i, i + 2);
      i += 2;
    } else if (c === '$' && (isNameStart(src[i + 1]) || src[i + 1] === '{' || src[i + 1] === '(' || (src[i + 1] !== undefined && SPECIAL_PARAMS.includes(src[i + 1])))) {
      const r = readDollar(src, i, end, true);
      out.push(r.part);
      i = r.next;
    } else if (c === '`') {
      const r = readBacktick(src, i, end, true);
      out.push(r.part);
      i = r.next;
    } else {
      DOUBLE_RUN.lastIndex = i;
      DOUBLE_RUN.test(src);
      const stop = Math.min(Math.max(DOUBLE_RUN.lastIndex, i + 1), end);
      out.add(src.slice(i, stop), 'double', i, stop);
      i = stop;
    }
  }
  return end;
}

/** runs of characters with no special meaning, taken in one step */
const DOUBLE_RUN = /[^\\"$`]*/y;
const PLAIN_RUN = /[^\s;&|()<>\\'"$`]*/y;
const TEXT_RUN = /[^\\'"$`]*/y;

/** Reads one shell word starting at `i` (which must not be blank). */
export function lexWord(src: string, i: number, end: number = src.length): Word {
  return lex(src, i, end, true);
}

/** Reads `src[start, end)` as the inside of a word where blanks do not separate (a `${x/a b/c}` operand). */
export function lexText(src: string, start: number, end: number): Word {
  return lex(src, start, end, false);
}

function lex(src: string, i: number, end: number, stopAtBlank: boolean): Word {
  const start = i;
  const out = new PartBuilder();
  while (i < end) {
    const c = src[i];
    if (stopAtBlank && WORD_END.has(c)) break;
    if (c === '\\') {
      if (src[i + 1] === '\n') {
        i += 2;
        continue;
      }
      out.add(src[i + 1] ?? '', 'escape', i, Math.min(i + 2, end));
      i += 2;
    } else if (c === "'") {
      const close = skipSingleQuoted(src, i + 1, end);
      if (src[close - 1] !== "'" || close - 1 === i) unclosed("this ' quote", i, close);
      const innerEnd = src[close - 1] === "'" && close - 1 > i ? close - 1 : close;
      out.add(src.slice(i + 1, innerEnd), 'single', i, close);
      i = close;
    } else if (c === '$' && src[i + 1] === "'") {
      const close = skipSingleQuoted(src, i + 2, end);
      out.add(src.slice(i + 2, close - 1), 'ansi', i, close);
      i = close;
    } else if (c === '"') {
      out.flush();
      const open = i;
      i = readDoubleQuoted(src, i + 1, end, out);
      if (src[i - 1] !== '"' || i - 1 === open) unclosed('this " quote', open, i);
      out.flush();
    } else if (c === '$') {
      const r = readDollar(src, i, end, false);
      out.push(r.part);
      i = r.next;
    } else if (c === '`') {
      const r = readBacktick(src, i, end, false);
      out.push(r.part);
      i = r.next;
    } else {
      const run = stopAtBlank ? PLAIN_RUN : TEXT_RUN;
      run.lastIndex = i;
      run.test(src);
      const stop = Math.min(Math.max(run.lastIndex, i + 1), end);
      out.add(src.slice(i, stop), 'none', i, stop);
      i = stop;
    }
  }
  out.flush();
  return { span: { start, end: i }, raw: src.slice(start, i), parts: out.parts };
}

export interface Heredoc {
  /** the `<<EOF` / `<<-'EOF'` operator and delimiter */
  span: Span;
  delimiter: string;
  quoted: boolean;
  stripTabs: boolean;
  body: Span;
}

export interface Redirect {
  op: string;
  target?: Word;
  span: Span;
}

export interface SimpleCommand {
  /** first word that is not an assignment; undefined for a bare assignment */
  name?: Word;
  args: Word[];
  assignments: Word[];
  redirects: Redirect[];
  span: Span;
  /** the operator before it: `&&`, `||`, `|`, or undefined at a statement start */
  precededBy?: string;
  /** the operator after it */
  followedBy?: string;
  /** inside a command substitution */
  nested: boolean;
  /** if/case/for/while/until blocks open around it */
  blockDepth: number;
}

export interface Script {
  commands: SimpleCommand[];
  comments: Span[];
  heredocs: Heredoc[];
  /** every word, including those inside command substitutions */
  words: Word[];
  /** unclosed quotes, substitutions and blocks */
  problems: LexProblem[];
  /** function definitions found by the lexer itself (where tree-sitter could not parse) */
  functions: LexedFunction[];
}

export interface LexedFunction {
  name: string;
  nameSpan: Span;
  keyword: boolean;
  parens?: Span;
  span: Span;
  bodySpan: Span;
  script: Script;
}

interface RegionOptions {
  /** recognise `name() { ... }` and read the body as a function of its own */
  detectFunctions?: boolean;
  /** a function body: stop at the `}` that closes it */
  stopAtClosingBrace?: boolean;
}

export function emptyScript(): Script {
  return { commands: [], comments: [], heredocs: [], words: [], problems: [], functions: [] };
}

const OPEN_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{']);
const CLOSE_KEYWORDS = new Set(['fi', 'done', '}', 'esac']);
/** The control operator at `i` (`&&` `||` `;;` `|` `&` `;` `(` `)`), where `c` is `src[i]`. */
function operatorAt(src: string, i: number, c: string): string | undefined {
  switch (c) {
    case '&':
      return src[i + 1] === '&' ? '&&' : '&';
    case '|':
      return src[i + 1] === '|' ? '||' : '|';
    case ';':
      return src[i + 1] === ';' ? ';;' : ';';
    case '(':
    case ')':
      return c;
    default:
      return undefined;
  }
}
const REDIRECT = /[0-9]*(<<-|<<|>>|<&|>&|<>|>\||<|>)/y;
const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*\+?=/;

export function isAssignmentWord(word: Word): boolean {
  const first = word.parts[0];
  return first?.kind === 'literal' && first.quote === 'none' && ASSIGNMENT.test(first.text);
}

/** Lexes a region of shell code (a function body, a substitution) into simple commands. */
export function lexScript(src: string, start: number, end: number, nested = false, into?: Script, options: RegionOptions = {}): Script {
  const script: Script = into ?? emptyScript();
  const outerProblems = problems;
  problems = script.problems;
  try {
    lexRegion(src, start, end, nested, script, options);
  } finally {
    problems = outerProblems;
  }
  if (!into) script.commands.sort((a, b) => a.span.start - b.span.start);
  return script;
}

const BLOCK_END: Record<string, string> = { if: 'fi', case: 'esac', for: 'done', while: 'done', until: 'done', '{': '}' };

/** Lexes `src[start, end)`; returns where it stopped (the closing `}` with stopAtClosingBrace). */
function lexRegion(src: string, start: number, end: number, nested: boolean, script: Script, options: RegionOptions): number {
  let header: { name: Word; keyword: boolean; parens?: Span; start: number } | undefined;
  const blocks: { word: string; span: Span }[] = [];
  const openBlock = (w: Word) => blocks.push({ word: w.raw, span: w.span });
  const neverClosed = (b: { word: string; span: Span }) =>
    script.problems.push({ span: b.span, message: `\`${b.word}\` is never closed by \`${BLOCK_END[b.word]}\`` });
  /** Closes the innermost block `w` ends; blocks left open inside it are reported. Returns false
   * when nothing open matches. */
  const closeBlock = (w: Word): boolean => {
    let k = blocks.length - 1;
    while (k >= 0 && BLOCK_END[blocks[k].word] !== w.raw) k--;
    if (k < 0) return false;
    for (const b of blocks.splice(k).slice(1)) neverClosed(b);
    return true;
  };
  let cur: SimpleCommand | undefined;
  let lastOp: string | undefined;
  const pending: Heredoc[] = [];
  const caseStack: boolean[] = []; // true while a case pattern is expected
  let blockDepth = 0;
  let i = start;

  const addWord = (w: Word) => {
    script.words.push(w);
    for (const p of w.parts) {
      if (p.kind === 'command') lexScript(src, p.body.start, p.body.end, true, script);
    }
  };
  const finish = (op?: string) => {
    if (cur) {
      cur.followedBy = op;
      script.commands.push(cur);
      cur = undefined;
    }
    lastOp = op;
  };

  while (i < end) {
    const c = src[i];
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && src[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\n') {
      // `a &&` / `a ||` / `a |` at the end of a line continue on the next one
      if (cur || (lastOp !== '&&' && lastOp !== '||' && lastOp !== '|')) finish(undefined);
      i++;
      while (pending.length && i < end) i = readHeredocBody(src, i, end, pending.shift()!, script);
      continue;
    }
    if (c === '#') {
      const nl = src.indexOf('\n', i);
      const stop = nl === -1 || nl > end ? end : nl;
      script.comments.push({ start: i, end: stop });
      i = stop;
      continue;
    }
    const op = operatorAt(src, i, c);
    if (op) {
      if (op === ';;' && caseStack.length) caseStack[caseStack.length - 1] = true;
      if (op === ')' && caseStack.length && caseStack[caseStack.length - 1] && !cur) {
        caseStack[caseStack.length - 1] = false;
      } else if (op === '(' && cur?.name && src.startsWith('()', i) && cur.assignments.length === 0 &&
        (cur.args.length === 0 || (cur.args.length === 1 && cur.name.raw === 'function'))) {
        // a function definition: `name() {` or `function name() {`
        const keyword = cur.args.length === 1;
        header = { name: keyword ? cur.args[0] : cur.name, keyword, parens: { start: i, end: i + 2 }, start: cur.span.start };
        cur = undefined;
        i += 2;
        continue;
      } else finish(op === ';;' ? undefined : op);
      i += op.length;
      continue;
    }
    // a redirection starts with a digit, `<` or `>`
    let redirect: RegExpExecArray | null = null;
    if (c === '<' || c === '>' || (c >= '0' && c <= '9')) {
      REDIRECT.lastIndex = i;
      redirect = REDIRECT.exec(src);
    }
    if (redirect) {
      const rop = redirect[1];
      let j = i + redirect[0].length;
      while (j < end && (src[j] === ' ' || src[j] === '\t')) j++;
      let target: Word | undefined;
      if (j < end && !WORD_END.has(src[j])) {
        target = lexWord(src, j, end);
        j = target.span.end;
      }
      cur ??= { args: [], assignments: [], redirects: [], span: { start: i, end: j }, precededBy: lastOp, nested, blockDepth };
      cur.redirects.push({ op: rop, target, span: { start: i, end: j } });
      cur.span.end = j;
      if (rop.startsWith('<<') && target) {
        const delimiter = target.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join('');
        pending.push({
          span: { start: i, end: j },
          delimiter,
          quoted: target.parts.some((p) => p.kind === 'literal' && p.quote !== 'none'),
          stripTabs: rop === '<<-',
          body: { start: 0, end: 0 },
        });
      } else if (target) addWord(target);
      i = j;
      continue;
    }
    const word = lexWord(src, i, end);
    if (word.span.end === i) {
      i++; // a stray character the word reader cannot take
      continue;
    }
    i = word.span.end;
    if (!cur && word.raw === '{' && header && options.detectFunctions) {
      const body = emptyScript();
      const stop = lexRegion(src, word.span.end, end, false, body, { stopAtClosingBrace: true });
      const closed = src[stop] === '}';
      if (!closed) body.problems.push({ span: word.span, message: `the body of ${header.name.raw}() is never closed by \`}\`` });
      body.commands.sort((a, b) => a.span.start - b.span.start);
      const stopEnd = closed ? stop + 1 : stop;
      script.functions.push({
        name: header.name.raw,
        nameSpan: header.name.span,
        keyword: header.keyword,
        parens: header.parens,
        span: { start: header.start, end: stopEnd },
        bodySpan: { start: word.span.start, end: stopEnd },
        script: body,
      });
      header = undefined;
      i = stopEnd;
      continue;
    }
    if (!cur) header = undefined;
    const inPattern = caseStack.length > 0 && caseStack[caseStack.length - 1];
    if (!cur) {
      if (inPattern || CLOSE_KEYWORDS.has(word.raw)) {
        if (CLOSE_KEYWORDS.has(word.raw) && (!inPattern || word.raw === 'esac' || word.raw === '}') && !closeBlock(word)) {
          if (word.raw === '}' && options.stopAtClosingBrace) {
            blocks.forEach(neverClosed); // the function's own brace ends whatever is still open
            finish(undefined);
            return word.span.start;
          }
          script.problems.push({ span: word.span, message: `\`${word.raw}\` without a matching opening` });
        }
        if (word.raw === 'esac') caseStack.pop();
        if (word.raw === 'esac' || word.raw === 'fi' || word.raw === 'done') blockDepth = Math.max(0, blockDepth - 1);
        continue; // pattern words up to `)`, or the end of a block
      }
      if (OPEN_KEYWORDS.has(word.raw)) {
        if (BLOCK_END[word.raw]) openBlock(word);
        if (word.raw === 'if' || word.raw === 'while' || word.raw === 'until') blockDepth++;
        continue;
      }
      cur = { args: [], assignments: [], redirects: [], span: { start: word.span.start, end: word.span.end }, precededBy: lastOp, nested, blockDepth };
    }
    cur.span.end = word.span.end;
    addWord(word);
    if (!cur.name && isAssignmentWord(word)) cur.assignments.push(word);
    else if (!cur.name) {
      cur.name = word;
      if (word.raw === 'case') caseStack.push(false);
      if (word.raw === 'case' || word.raw === 'for') {
        blockDepth++;
        openBlock(word);
      }
    } else {
      cur.args.push(word);
      if (cur.name.raw === 'case' && word.raw === 'in') {
        caseStack[caseStack.length - 1] = true;
        finish(undefined);
      }
    }
  }
  finish(undefined);
  if (options.stopAtClosingBrace) return end;
  blocks.forEach(neverClosed);
  for (const doc of pending) script.problems.push({ span: doc.span, message: `the heredoc \`${doc.delimiter}\` has no body` });
  return end;
}

function readHeredocBody(src: string, i: number, end: number, doc: Heredoc, script: Script): number {
  const bodyStart = i;
  while (i < end) {
    const nl = src.indexOf('\n', i);
    const lineEnd = nl === -1 || nl > end ? end : nl;
    let line = src.slice(i, lineEnd);
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) {
      doc.body = { start: bodyStart, end: i };
      script.heredocs.push(doc);
      return Math.min(lineEnd + 1, end);
    }
    i = lineEnd + 1;
  }
  doc.body = { start: bodyStart, end };
  script.heredocs.push(doc);
  script.problems.push({ span: doc.span, message: `the heredoc is never ended by a line \`${doc.delimiter}\`` });
  return end;
}
