import { sortByStart, Span } from './span';

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

// character codes the lexer looks at (charCodeAt past the end gives NaN, which matches none)
const TAB = 9;
const NL = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DQUOTE = 34;
const HASH = 35;
const DOLLAR = 36;
const AMP = 38;
const SQUOTE = 39;
const LPAREN = 40;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const MINUS = 45;
const SEMI = 59;
const LT = 60;
const EQUALS = 61;
const GT = 62;
const QUESTION = 63;
const AT = 64;
const BACKSLASH = 92;
const BACKTICK = 96;
const LBRACE = 123;
const PIPE = 124;
const RBRACE = 125;

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `@*#?-$!` and the digits: the one-character special parameters. */
function isSpecialParamCode(c: number): boolean {
  return c === AT || c === STAR || c === HASH || c === QUESTION || c === MINUS || c === DOLLAR || c === BANG || isDigitCode(c);
}

/*
 * Classes of the ASCII characters, for the scans that run over every character of a run: one
 * table lookup per character instead of a chain of comparisons.
 */
/** a blank, a newline or one of `;&|()<>`: what ends an unquoted word */
const ENDS_WORD = 1;
/** `\\` `"` `$` `\``: what a run of plain characters inside double quotes stops at */
const ENDS_DOUBLE_QUOTED_RUN = 2;
/** those and `'`: what a run of plain characters stops at outside quotes */
const ENDS_TEXT_RUN = 4;
/** a letter, a digit or `_` */
const NAME_CHARACTER = 8;

const CHAR_CLASS = (() => {
  const table = new Uint8Array(128);
  for (const c of [SPACE, TAB, NL, SEMI, AMP, PIPE, LPAREN, RPAREN, LT, GT]) table[c] |= ENDS_WORD;
  for (const c of [BACKSLASH, DQUOTE, DOLLAR, BACKTICK]) table[c] |= ENDS_DOUBLE_QUOTED_RUN | ENDS_TEXT_RUN;
  table[SQUOTE] |= ENDS_TEXT_RUN;
  for (let c = 0; c < 128; c++) if (isNameCharCode(c)) table[c] |= NAME_CHARACTER;
  return table;
})();

/** Whether the character code is in one of the classes of `mask` (NaN, past the end, is in none). */
function inClass(c: number, mask: number): boolean {
  return c < 128 && (CHAR_CLASS[c] & mask) !== 0;
}

/** The first index from `i` (before `end`) whose character is in one of the classes of `mask`, else `end`. */
function scanUntil(src: string, i: number, end: number, mask: number): number {
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c < 128 && (CHAR_CLASS[c] & mask) !== 0) return i;
    i++;
  }
  return end;
}

/** The first index from `i` whose character is not in the class `mask` (or the length of `text`). */
function scanWhile(text: string, i: number, mask: number): number {
  const end = text.length;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c >= 128 || (CHAR_CLASS[c] & mask) === 0) return i;
    i++;
  }
  return end;
}

/** What ends an unquoted word: a blank, a newline or one of `;&|()<>`. */
function endsWord(c: number): boolean {
  return inClass(c, ENDS_WORD);
}

/** After a `$`: what makes it an expansion rather than a literal `$`. */
function startsExpansion(c: number): boolean {
  return isNameStartCode(c) || c === LBRACE || c === LPAREN || isSpecialParamCode(c);
}

function skipSingleQuoted(src: string, i: number, end: number): number {
  const close = src.indexOf("'", i);
  return close === -1 || close >= end ? end : close + 1;
}

/** From just after an opening `"`, returns the index after the closing `"`. */
function skipDoubleQuoted(src: string, i: number, end: number): number {
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === DQUOTE) return i + 1;
    else if (c === DOLLAR && (src.charCodeAt(i + 1) === LPAREN || src.charCodeAt(i + 1) === LBRACE)) i = skipDollar(src, i, end);
    else if (c === BACKTICK) i = skipBacktick(src, i + 1, end);
    else i++;
  }
  return end;
}

function skipBacktick(src: string, i: number, end: number): number {
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === BACKTICK) return i + 1;
    else i++;
  }
  return end;
}

/** From a `$` followed by `(` or `{`, returns the index after the matching close. */
function skipDollar(src: string, i: number, end: number): number {
  const open = src.charCodeAt(i + 1);
  const close = open === LPAREN ? RPAREN : RBRACE;
  let depth = 1;
  i += 2;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) i += 2;
    else if (c === SQUOTE && open === LPAREN) i = skipSingleQuoted(src, i + 1, end);
    else if (c === DQUOTE) i = skipDoubleQuoted(src, i + 1, end);
    else if (c === BACKTICK) i = skipBacktick(src, i + 1, end);
    else if (c === DOLLAR && (src.charCodeAt(i + 1) === LPAREN || src.charCodeAt(i + 1) === LBRACE)) i = skipDollar(src, i, end);
    else if (c === HASH && open === LPAREN && /[\s(;|&]/.test(src[i - 1] ?? ' ')) {
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

function braceOpAt(src: string, j: number): string {
  for (const op of BRACE_OPS) if (src.startsWith(op, j)) return op;
  return src[j];
}

/**
 * Where the part just read by readDollar/readParam/readBacktick ends. The readers run one at a
 * time, and a returned `{ part, next }` pair per expansion would be garbage at once.
 */
let partEnd = 0;

function readParam(src: string, i: number, end: number, quoted: boolean): WordPart {
  if (src.charCodeAt(i + 1) === LBRACE) return readBracedParam(src, i, end, quoted);
  let j = i + 1;
  if (isNameStartCode(src.charCodeAt(j))) {
    while (j < end && isNameCharCode(src.charCodeAt(j))) j++;
  } else if (j < end && isSpecialParamCode(src.charCodeAt(j))) {
    j++;
  } else {
    partEnd = i + 1;
    return { kind: 'literal', text: '$', quote: quoted ? 'double' : 'none', span: { start: i, end: i + 1 } };
  }
  partEnd = j;
  return paramPart(src.slice(i + 1, j), false, false, undefined, undefined, undefined, quoted, i, j);
}

/** `${...}` from its `$` at `i`. */
function readBracedParam(src: string, i: number, end: number, quoted: boolean): ParamPart {
  const close = skipDollar(src, i, end);
  const closed = src.charCodeAt(close - 1) === RBRACE;
  if (!closed || close - 1 <= i + 1) unclosed('this ${ expansion', i, close);
  const inner = i + 2;
  const innerEnd = closed ? close - 1 : close;
  let j = inner;
  let length = false;
  if (src.charCodeAt(j) === HASH && j + 1 < innerEnd && (isNameStartCode(src.charCodeAt(j + 1)) || isSpecialParamCode(src.charCodeAt(j + 1)))) {
    length = true;
    j++;
  }
  let name = '';
  if (isNameStartCode(src.charCodeAt(j))) {
    const s = j;
    while (j < innerEnd && isNameCharCode(src.charCodeAt(j))) j++;
    name = src.slice(s, j);
  } else if (j < innerEnd && isSpecialParamCode(src.charCodeAt(j))) {
    const s = j;
    j++;
    if (isDigitCode(src.charCodeAt(s))) while (j < innerEnd && isDigitCode(src.charCodeAt(j))) j++;
    name = src.slice(s, j);
  }
  let op: string | undefined;
  let arg: string | undefined;
  let argSpan: Span | undefined;
  if (j < innerEnd) {
    op = braceOpAt(src, j);
    j += op.length;
    arg = src.slice(j, innerEnd);
    argSpan = { start: j, end: innerEnd };
  }
  partEnd = close;
  return paramPart(name, true, length, op, arg, argSpan, quoted, i, close);
}

/** Every parameter part has every field (op, arg and argSpan undefined without an operator): one object shape. */
function paramPart(
  name: string,
  braced: boolean,
  length: boolean,
  op: string | undefined,
  arg: string | undefined,
  argSpan: Span | undefined,
  quoted: boolean,
  start: number,
  end: number,
): ParamPart {
  return { kind: 'param', name, braced, length, op, arg, argSpan, quoted, span: { start, end } };
}

function readDollar(src: string, i: number, end: number, quoted: boolean): WordPart {
  if (src.charCodeAt(i + 1) === LPAREN) {
    const close = skipDollar(src, i, end);
    const closed = src.charCodeAt(close - 1) === RPAREN;
    if (!closed || close - 1 <= i + 1) unclosed('this $( command substitution', i, close);
    partEnd = close;
    if (src.charCodeAt(i + 2) === LPAREN) return { kind: 'arith', quoted, span: { start: i, end: close } };
    const bodyEnd = closed ? close - 1 : close;
    return { kind: 'command', backtick: false, quoted, span: { start: i, end: close }, body: { start: i + 2, end: bodyEnd } };
  }
  return readParam(src, i, end, quoted);
}

function readBacktick(src: string, i: number, end: number, quoted: boolean): WordPart {
  const close = skipBacktick(src, i + 1, end);
  const closed = src.charCodeAt(close - 1) === BACKTICK && close - 1 !== i;
  if (!closed) unclosed('this ` command substitution', i, close);
  partEnd = close;
  return { kind: 'command', backtick: true, quoted, span: { start: i, end: close }, body: { start: i + 1, end: closed ? close - 1 : close } };
}

/*
 * The word being read (one at a time: the readers never nest): its finished parts, then the
 * literal still open, which the next piece of text extends when it has the same quoting and
 * follows it directly. Pieces whose source length differs from their text (escapes) stay on
 * their own, so that every other literal maps text index i to source offset start + i (+1 for
 * single quotes).
 */
const wordParts: WordPart[] = [];
let partCount = 0;
let literalStart = -1;
let literalEnd = -1;
let literalQuote: Quote = 'none';
let literalLinear = true;
/** the open literal's text; undefined while it is exactly the source it spans, sliced when closed */
let literalText: string | undefined;

/** Adds a piece whose text is the source `src[start, end)` itself. */
function addSource(src: string, quote: Quote, start: number, end: number): void {
  if (literalStart !== -1 && (literalQuote !== quote || literalEnd !== start || !literalLinear)) closeLiteral(src);
  if (literalStart === -1) {
    literalStart = start;
    literalQuote = quote;
    literalText = undefined;
  } else if (literalText !== undefined) literalText += src.slice(start, end);
  literalLinear = true;
  literalEnd = end;
}

/** Adds a piece whose text differs from its source (quotes or escapes removed). */
function addText(src: string, text: string, quote: Quote, start: number, end: number): void {
  const linear = end - start === text.length + (quote === 'single' ? 2 : 0);
  if (literalStart !== -1 && (literalQuote !== quote || literalEnd !== start || !linear || !literalLinear)) closeLiteral(src);
  if (literalStart === -1) {
    literalStart = start;
    literalQuote = quote;
    literalText = text;
  } else literalText = (literalText ?? src.slice(literalStart, literalEnd)) + text;
  literalLinear = linear;
  literalEnd = end;
}

function addPart(src: string, part: WordPart): void {
  closeLiteral(src);
  wordParts[partCount++] = part;
}

function closeLiteral(src: string): void {
  if (literalStart === -1) return;
  const text = literalText ?? src.slice(literalStart, literalEnd);
  wordParts[partCount++] = { kind: 'literal', text, quote: literalQuote, span: { start: literalStart, end: literalEnd } };
  literalStart = -1;
  literalText = undefined;
}

/** The parts of the word just read, in an array of their own. */
function takeParts(): WordPart[] {
  const parts = partCount === 1 ? [wordParts[0]] : wordParts.slice(0, partCount);
  for (let k = 0; k < partCount; k++) wordParts[k] = undefined as unknown as WordPart; // nothing kept alive
  partCount = 0;
  return parts;
}

function readDoubleQuoted(src: string, i: number, end: number): number {
  // i is just after the opening quote; the quote characters belong to the surrounding literal spans
  while (i < end) {
    const c = src.charCodeAt(i);
    if (c === DQUOTE) return i + 1;
    if (c === BACKSLASH && i + 1 < end) {
      const n = src.charCodeAt(i + 1);
      if (n === NL) {
        i += 2;
        continue;
      }
      if (n === DOLLAR || n === BACKTICK || n === DQUOTE || n === BACKSLASH) addText(src, src[i + 1], 'double', i, i + 2);
      else addSource(src, 'double', i, i + 2);
      i += 2;
    } else if (c === DOLLAR && startsExpansion(src.charCodeAt(i + 1))) {
      addPart(src, readDollar(src, i, end, true));
      i = partEnd;
    } else if (c === BACKTICK) {
      addPart(src, readBacktick(src, i, end, true));
      i = partEnd;
    } else {
      // a run of characters with no special meaning, taken in one step
      const stop = inClass(c, ENDS_DOUBLE_QUOTED_RUN) ? i + 1 : scanUntil(src, i + 1, end, ENDS_DOUBLE_QUOTED_RUN);
      addSource(src, 'double', i, stop);
      i = stop;
    }
  }
  return end;
}

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
  // a word left half-read by an exception must not leak into this one
  partCount = 0;
  literalStart = -1;
  while (i < end) {
    const c = src.charCodeAt(i);
    if (stopAtBlank && endsWord(c)) break;
    if (c === BACKSLASH) {
      if (src.charCodeAt(i + 1) === NL) {
        i += 2;
        continue;
      }
      addText(src, src[i + 1] ?? '', 'escape', i, Math.min(i + 2, end));
      i += 2;
    } else if (c === SQUOTE) {
      const close = skipSingleQuoted(src, i + 1, end);
      const closed = src.charCodeAt(close - 1) === SQUOTE && close - 1 !== i;
      if (!closed) unclosed("this ' quote", i, close);
      addText(src, src.slice(i + 1, closed ? close - 1 : close), 'single', i, close);
      i = close;
    } else if (c === DOLLAR && src.charCodeAt(i + 1) === SQUOTE) {
      const close = skipSingleQuoted(src, i + 2, end);
      addText(src, src.slice(i + 2, close - 1), 'ansi', i, close);
      i = close;
    } else if (c === DQUOTE) {
      closeLiteral(src);
      const open = i;
      i = readDoubleQuoted(src, i + 1, end);
      if (src.charCodeAt(i - 1) !== DQUOTE || i - 1 === open) unclosed('this " quote', open, i);
      closeLiteral(src);
    } else if (c === DOLLAR) {
      addPart(src, readDollar(src, i, end, false));
      i = partEnd;
    } else if (c === BACKTICK) {
      addPart(src, readBacktick(src, i, end, false));
      i = partEnd;
    } else {
      // a run of characters with no special meaning, taken in one step
      const stop = scanUntil(src, i + 1, end, stopAtBlank ? ENDS_TEXT_RUN | ENDS_WORD : ENDS_TEXT_RUN);
      addSource(src, 'none', i, stop);
      i = stop;
    }
  }
  closeLiteral(src);
  const parts = takeParts();
  // a plain word is its one unquoted literal, whose text is its source: the word shares its text and span
  const only = parts.length === 1 ? parts[0] : undefined;
  if (only !== undefined && only.kind === 'literal' && only.quote === 'none' && only.span.start === start && only.span.end === i) {
    return { span: only.span, raw: only.text, parts };
  }
  return { span: { start, end: i }, raw: src.slice(start, i), parts };
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

// the length first: a Set lookup hashes the whole word, and words can be a whole checksum list
function isOpenKeyword(raw: string): boolean {
  return raw.length <= 5 && OPEN_KEYWORDS.has(raw);
}

function isCloseKeyword(raw: string): boolean {
  return raw.length <= 4 && CLOSE_KEYWORDS.has(raw);
}
/** The control operator at `i` (`&&` `||` `;;` `|` `&` `;` `(` `)`), where `c` is `src.charCodeAt(i)`. */
function operatorAt(src: string, i: number, c: number): string | undefined {
  switch (c) {
    case AMP:
      return src.charCodeAt(i + 1) === AMP ? '&&' : '&';
    case PIPE:
      return src.charCodeAt(i + 1) === PIPE ? '||' : '|';
    case SEMI:
      return src.charCodeAt(i + 1) === SEMI ? ';;' : ';';
    case LPAREN:
      return '(';
    case RPAREN:
      return ')';
    default:
      return undefined;
  }
}
const REDIRECT = /[0-9]*(<<-|<<|>>|<&|>&|<>|>\||<|>)/y;

export function isAssignmentWord(word: Word): boolean {
  const first = word.parts[0];
  return first?.kind === 'literal' && first.quote === 'none' && startsWithAssignment(first.text);
}

/** Whether text starts with `name=` or `name+=`. */
function startsWithAssignment(text: string): boolean {
  if (!isNameStartCode(text.charCodeAt(0))) return false;
  const k = scanWhile(text, 1, NAME_CHARACTER);
  const c = text.charCodeAt(k);
  return c === EQUALS || (c === PLUS && text.charCodeAt(k + 1) === EQUALS);
}

const NO_OPTIONS: RegionOptions = {};

/** Lexes a region of shell code (a function body, a substitution) into simple commands. */
export function lexScript(src: string, start: number, end: number, nested = false, into?: Script, options: RegionOptions = NO_OPTIONS): Script {
  const script: Script = into ?? emptyScript();
  const outerProblems = problems;
  problems = script.problems;
  try {
    lexRegion(src, start, end, nested, script, options);
  } finally {
    problems = outerProblems;
  }
  if (!into) sortByStart(script.commands);
  return script;
}

const BLOCK_END: Record<string, string> = { if: 'fi', case: 'esac', for: 'done', while: 'done', until: 'done', '{': '}' };

interface Block {
  word: string;
  span: Span;
}

interface FunctionHeader {
  name: Word;
  keyword: boolean;
  parens?: Span;
  start: number;
}

const FUNCTION_BODY: RegionOptions = { stopAtClosingBrace: true };

/** Lexes `src[start, end)`; returns where it stopped (the closing `}` with stopAtClosingBrace). */
function lexRegion(src: string, start: number, end: number, nested: boolean, script: Script, options: RegionOptions): number {
  return new RegionLexer(src, end, nested, script, options).run(start);
}

/** What to do with a word read where a command may start. */
const enum CommandStart {
  /** it is the command's first word */
  Word,
  /** a keyword or case pattern, done with */
  Skip,
  /** the `}` that closes the function body being read */
  Stop,
}

/**
 * One region being lexed. The main loop keeps to the common cases; redirections, keywords and
 * function bodies are methods of their own, which keeps what the optimising compiler compiles
 * (and compiles again after a deoptimisation) small.
 */
class RegionLexer {
  private header: FunctionHeader | undefined = undefined;
  private readonly blocks: Block[] = [];
  private cur: SimpleCommand | undefined = undefined;
  private lastOp: string | undefined = undefined;
  private readonly pending: Heredoc[] = [];
  /** each open case: whether a pattern is expected */
  private readonly cases: { inPattern: boolean }[] = [];
  private blockDepth = 0;

  constructor(
    private readonly src: string,
    private readonly end: number,
    private readonly nested: boolean,
    private readonly script: Script,
    private readonly options: RegionOptions,
  ) {}

  run(start: number): number {
    const src = this.src;
    const end = this.end;
    let i = start;
    while (i < end) {
      const c = src.charCodeAt(i);
      if (c === SPACE || c === TAB || c === CR) {
        i++;
        continue;
      }
      if (c === BACKSLASH && src.charCodeAt(i + 1) === NL) {
        i += 2;
        continue;
      }
      if (c === NL) {
        i = this.newline(i);
        continue;
      }
      if (c === HASH) {
        i = this.comment(i);
        continue;
      }
      const op = operatorAt(src, i, c);
      if (op) {
        i = this.operator(op, i);
        continue;
      }
      // a redirection starts with a digit, `<` or `>`
      if (c === LT || c === GT || isDigitCode(c)) {
        REDIRECT.lastIndex = i;
        const redirect = REDIRECT.exec(src);
        if (redirect) {
          i = this.redirect(redirect[1], i, i + redirect[0].length);
          continue;
        }
      }
      const word = lexWord(src, i, end);
      if (word.span.end === i) {
        i++; // a stray character the word reader cannot take
        continue;
      }
      i = word.span.end;
      if (!this.cur && this.header && word.raw === '{' && this.options.detectFunctions) {
        i = this.functionBody(this.header, word);
        continue;
      }
      if (!this.cur) {
        this.header = undefined;
        const what = this.commandStart(word);
        if (what === CommandStart.Stop) return word.span.start;
        if (what === CommandStart.Skip) continue;
      }
      this.addToCommand(this.cur!, word);
    }
    this.finish(undefined);
    if (this.options.stopAtClosingBrace) return end;
    for (const b of this.blocks) this.neverClosed(b);
    for (const doc of this.pending) this.script.problems.push({ span: doc.span, message: `the heredoc \`${doc.delimiter}\` has no body` });
    return end;
  }

  private newline(i: number): number {
    // `a &&` / `a ||` / `a |` at the end of a line continue on the next one
    const lastOp = this.lastOp;
    if (this.cur || (lastOp !== '&&' && lastOp !== '||' && lastOp !== '|')) this.finish(undefined);
    i++;
    while (this.pending.length && i < this.end) i = readHeredocBody(this.src, i, this.end, this.pending.shift()!, this.script);
    return i;
  }

  private comment(i: number): number {
    const nl = this.src.indexOf('\n', i);
    const stop = nl === -1 || nl > this.end ? this.end : nl;
    this.script.comments.push({ start: i, end: stop });
    return stop;
  }

  /** A control operator at `i`; returns where lexing goes on. */
  private operator(op: string, i: number): number {
    const open = this.cases.at(-1);
    const cur = this.cur;
    if (op === ';;' && open) open.inPattern = true;
    if (op === ')' && open?.inPattern && !cur) {
      open.inPattern = false;
    } else if (op === '(' && cur?.name && this.src.startsWith('()', i) && cur.assignments.length === 0 &&
      (cur.args.length === 0 || (cur.args.length === 1 && cur.name.raw === 'function'))) {
      // a function definition: `name() {` or `function name() {`
      const keyword = cur.args.length === 1;
      this.header = { name: keyword ? cur.args[0] : cur.name, keyword, parens: { start: i, end: i + 2 }, start: cur.span.start };
      this.cur = undefined;
      return i + 2;
    } else this.finish(op === ';;' ? undefined : op);
    return i + op.length;
  }

  /** The redirection `op` written from `i` to `opEnd`, and its target; returns the end of both. */
  private redirect(op: string, i: number, opEnd: number): number {
    const src = this.src;
    const end = this.end;
    let j = opEnd;
    while (j < end && (src.charCodeAt(j) === SPACE || src.charCodeAt(j) === TAB)) j++;
    let target: Word | undefined;
    if (j < end && !endsWord(src.charCodeAt(j))) {
      target = lexWord(src, j, end);
      j = target.span.end;
    }
    const cur = (this.cur ??= this.newCommand(i, j));
    cur.redirects.push({ op, target, span: { start: i, end: j } });
    cur.span.end = j;
    if (op.startsWith('<<') && target) {
      this.pending.push({
        span: { start: i, end: j },
        delimiter: target.parts.map((p) => (p.kind === 'literal' ? p.text : '')).join(''),
        quoted: target.parts.some((p) => p.kind === 'literal' && p.quote !== 'none'),
        stripTabs: op === '<<-',
        body: { start: 0, end: 0 },
      });
    } else if (target) this.addWord(target);
    return j;
  }

  /** The body of the function whose header was just read, from its `{`; returns where it ends. */
  private functionBody(header: FunctionHeader, brace: Word): number {
    const src = this.src;
    const body = emptyScript();
    const stop = lexRegion(src, brace.span.end, this.end, false, body, FUNCTION_BODY);
    const closed = src[stop] === '}';
    if (!closed) body.problems.push({ span: brace.span, message: `the body of ${header.name.raw}() is never closed by \`}\`` });
    sortByStart(body.commands);
    const stopEnd = closed ? stop + 1 : stop;
    // the fields in the order of the model's own function definitions (model.ts readFunction):
    // one object shape for the code that reads them
    this.script.functions.push({
      name: header.name.raw,
      nameSpan: header.name.span,
      span: { start: header.start, end: stopEnd },
      bodySpan: { start: brace.span.start, end: stopEnd },
      keyword: header.keyword,
      parens: header.parens,
      script: body,
    });
    this.header = undefined;
    return stopEnd;
  }

  /** A word where no command is open: a keyword, a case pattern, or the start of a command. */
  private commandStart(word: Word): CommandStart {
    const raw = word.raw;
    const inPattern = this.cases.at(-1)?.inPattern ?? false;
    if (inPattern || isCloseKeyword(raw)) {
      if (isCloseKeyword(raw) && (!inPattern || raw === 'esac' || raw === '}') && !this.closeBlock(word)) {
        if (raw === '}' && this.options.stopAtClosingBrace) {
          for (const b of this.blocks) this.neverClosed(b); // the function's own brace ends whatever is still open
          this.finish(undefined);
          return CommandStart.Stop;
        }
        this.script.problems.push({ span: word.span, message: `\`${raw}\` without a matching opening` });
      }
      if (raw === 'esac') this.cases.pop();
      if (raw === 'esac' || raw === 'fi' || raw === 'done') this.blockDepth = Math.max(0, this.blockDepth - 1);
      return CommandStart.Skip; // pattern words up to `)`, or the end of a block
    }
    if (isOpenKeyword(raw)) {
      if (BLOCK_END[raw]) this.openBlock(word);
      if (raw === 'if' || raw === 'while' || raw === 'until') this.blockDepth++;
      return CommandStart.Skip;
    }
    this.cur = this.newCommand(word.span.start, word.span.end);
    return CommandStart.Word;
  }

  /** A command starting here. Every field is set, `name` and `followedBy` too: commands that all
   * have one shape keep the code reading them monomorphic. */
  private newCommand(start: number, end: number): SimpleCommand {
    return {
      name: undefined,
      args: [],
      assignments: [],
      redirects: [],
      span: { start, end },
      precededBy: this.lastOp,
      followedBy: undefined,
      nested: this.nested,
      blockDepth: this.blockDepth,
    };
  }

  private addToCommand(cur: SimpleCommand, word: Word): void {
    cur.span.end = word.span.end;
    this.addWord(word);
    if (!cur.name && isAssignmentWord(word)) cur.assignments.push(word);
    else if (!cur.name) {
      cur.name = word;
      if (word.raw === 'case') this.cases.push({ inPattern: false });
      if (word.raw === 'case' || word.raw === 'for') {
        this.blockDepth++;
        this.openBlock(word);
      }
    } else {
      cur.args.push(word);
      if (cur.name.raw === 'case' && word.raw === 'in') {
        this.cases.at(-1)!.inPattern = true;
        this.finish(undefined);
      }
    }
  }

  private addWord(w: Word): void {
    this.script.words.push(w);
    for (const p of w.parts) {
      if (p.kind === 'command') lexScript(this.src, p.body.start, p.body.end, true, this.script);
    }
  }

  private finish(op: string | undefined): void {
    const cur = this.cur;
    if (cur) {
      cur.followedBy = op;
      this.script.commands.push(cur);
      this.cur = undefined;
    }
    this.lastOp = op;
  }

  private openBlock(w: Word): void {
    this.blocks.push({ word: w.raw, span: w.span });
  }

  /** Closes the innermost block `w` ends; blocks left open inside it are reported. Returns false
   * when nothing open matches. */
  private closeBlock(w: Word): boolean {
    const blocks = this.blocks;
    let k = blocks.length - 1;
    while (k >= 0 && BLOCK_END[blocks[k].word] !== w.raw) k--;
    if (k < 0) return false;
    for (const b of blocks.splice(k).slice(1)) this.neverClosed(b);
    return true;
  }

  private neverClosed(b: Block): void {
    this.script.problems.push({ span: b.span, message: `\`${b.word}\` is never closed by \`${BLOCK_END[b.word]}\`` });
  }
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
