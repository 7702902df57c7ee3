import type { Tree, TreeCursor } from '../parser/parser';
import { Env, expandPart, FileEnv, VariableValue } from './expand';
import { Heredoc, isAssignmentWord, LexProblem, lexScript, LiteralPart, Script, SimpleCommand, Word, WordPart } from './shell-lexer';
import { LineIndex, sortByStart, Span } from './span';

export type Quoting = 'none' | 'double' | 'single' | 'mixed' | 'empty';

/** One whitespace-separated entry of a list variable (`depends`, `source`, ...). */
export interface ListItem {
  /** the source text of the entry, as written */
  text: string;
  /** after static expansion; undefined when some part is unknown */
  value: string | undefined;
  span: Span;
}

export interface Assignment {
  name: string;
  nameSpan: Span;
  /** `name=value` */
  span: Span;
  append: boolean;
  /** the value as written, from after `=` to its end; empty span for `name=` */
  valueSpan: Span;
  raw: string;
  parts: WordPart[];
  quoting: Quoting;
  value: string | undefined;
  /** whitespace-separated items, computed on first use */
  readonly items: ListItem[];
  /** top level of the file, or the function it is in */
  functionName?: string;
  declaration?: 'export' | 'local' | 'readonly' | 'declare' | 'typeset';
  /** inside an if/case/loop or after `&&`/`||`: may not happen on every build */
  conditional: boolean;
  /** the statement holding it, for fixes that remove or rewrite the whole line */
  statement: SimpleCommand;
}

export interface FunctionDef {
  name: string;
  nameSpan: Span;
  span: Span;
  /** `{ ... }` including the braces */
  bodySpan: Span;
  keyword: boolean;
  /** offsets of `(` and `)` when present */
  parens?: Span;
  script: Script;
}

export interface Comment {
  span: Span;
  text: string;
}

export interface ParsedApkbuild {
  text: string;
  lines: LineIndex;
  /** top-level assignments in file order (conditional ones included) */
  assignments: Assignment[];
  /** assignments inside functions */
  functionAssignments: Assignment[];
  functions: FunctionDef[];
  comments: Comment[];
  /** top-level commands that are not plain assignments */
  commands: SimpleCommand[];
  heredocs: Heredoc[];
  /** spans of every quoted string, substitution and heredoc body that spans lines */
  multilineLiterals: Span[];
  /** ranges tree-sitter could not parse (its grammar also rejects some valid shell) */
  errors: Span[];
  /** what the shell itself would reject: unclosed quotes, substitutions, blocks, heredocs */
  syntaxProblems: LexProblem[];
  /** static environment after the whole top level */
  env: Env;
}

const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);

export function buildModel(text: string, tree: Tree): ParsedApkbuild {
  const env = new FileEnv();
  const model: ParsedApkbuild = {
    text,
    lines: new LineIndex(text),
    assignments: [],
    functionAssignments: [],
    functions: [],
    comments: [],
    commands: [],
    heredocs: [],
    multilineLiterals: [],
    errors: [],
    syntaxProblems: [],
    env,
  };
  // the root node asked for once: each `tree.rootNode` is a call into wasm and a new node object
  const root = tree.rootNode;
  const cursor = root.walk();
  try {
    readStatements(cursor, root.hasError, text, text.length, model, env);
  } finally {
    cursor.delete();
  }
  for (const fn of model.functions) {
    // a function sees the top level's variables, then its own assignments in order: they go into
    // the top level's map and are undone after it (cheaper than a copy of the map per function)
    const shadowed = new Map<string, VariableValue | undefined>();
    collectScript(fn.script, text, model, env, fn.name, shadowed);
    for (const [name, value] of shadowed) value === undefined ? env.delete(name) : env.set(name, value);
  }
  sortByStart(model.syntaxProblems);
  return model;
}

/**
 * Reads the children of the cursor's node as top-level statements. Every cursor call crosses into
 * wasm, so a node's start is only asked for where it is used, and a function's own error flag
 * only when the tree has an error somewhere.
 */
function readStatements(cursor: TreeCursor, treeHasError: boolean, text: string, limit: number, model: ParsedApkbuild, env: FileEnv): void {
  if (!cursor.gotoFirstChild()) return;
  let pendingStart = -1;
  do {
    const type = cursor.nodeType;
    const isFunction = type === 'function_definition';
    if (isFunction && !(treeHasError && cursor.currentNode.hasError)) {
      const start = cursor.startIndex;
      if (pendingStart !== -1) readTopLevel(text, pendingStart, start, model, env);
      pendingStart = -1;
      readFunction(start, cursor.endIndex, text, model);
    } else {
      // everything else, and whatever tree-sitter could not parse, is read by the lexer, which
      // finds statements and function definitions by itself
      if (type === 'ERROR' || isFunction) model.errors.push({ start: cursor.startIndex, end: cursor.endIndex });
      // statements are lexed up to the next function or error, not to tree-sitter's own end of
      // the node: a few valid forms (`x="$a"/$b-$c`) are split wrongly by the grammar
      if (pendingStart === -1) pendingStart = cursor.startIndex;
    }
  } while (cursor.gotoNextSibling());
  if (pendingStart !== -1) readTopLevel(text, pendingStart, limit, model, env);
}

/** Lexes top-level statements from `start` to `end` into the model (with the functions the lexer finds there). */
function readTopLevel(text: string, start: number, end: number, model: ParsedApkbuild, env: FileEnv): void {
  if (end <= start) return;
  const script = lexScript(text, start, end, false, undefined, DETECT_FUNCTIONS);
  collectScript(script, text, model, env, undefined);
  for (const fn of script.functions) model.functions.push(fn);
}

const DETECT_FUNCTIONS = { detectFunctions: true };

const FUNCTION_HEADER = /(function[ \t]+)?([^\s()]+)[ \t]*(\([ \t]*\))?\s*/y;

/** Reads a function's header from its text: walking its nodes through wasm costs more. */
function readFunction(start: number, end: number, text: string, model: ParsedApkbuild): void {
  const span = { start, end };
  FUNCTION_HEADER.lastIndex = span.start;
  const m = FUNCTION_HEADER.exec(text);
  if (!m) return;
  const keyword = m[1] !== undefined;
  const nameStart = span.start + (m[1]?.length ?? 0);
  const nameSpan = { start: nameStart, end: nameStart + m[2].length };
  let parens: Span | undefined;
  if (m[3]) {
    const open = text.indexOf('(', nameSpan.end);
    parens = { start: open, end: open + m[3].length };
  }
  let bodyStart = FUNCTION_HEADER.lastIndex;
  // comments between the header and the body: `name() # why⏎{`
  while (text[bodyStart] === '#') {
    const nl = text.indexOf('\n', bodyStart);
    bodyStart = nl === -1 ? span.end : nl;
    while (/\s/.test(text[bodyStart] ?? '')) bodyStart++;
  }
  bodyStart = Math.min(bodyStart, span.end);
  const bodySpan = { start: bodyStart, end: span.end };
  const inner = text[bodyStart] === '{' || text[bodyStart] === '(' ? bodyStart + 1 : bodyStart;
  const innerEnd = span.end > inner && (text[span.end - 1] === '}' || text[span.end - 1] === ')') ? span.end - 1 : span.end;
  model.functions.push({ name: m[2], nameSpan, span, bodySpan, keyword, parens, script: lexScript(text, inner, innerEnd) });
}

/** `shadowed` collects, for a function, the top-level values its own assignments replace in `env`. */
function collectScript(
  script: Script,
  text: string,
  model: ParsedApkbuild,
  env: FileEnv,
  functionName: string | undefined,
  shadowed?: Map<string, VariableValue | undefined>,
): void {
  for (const span of script.comments) model.comments.push({ span, text: text.slice(span.start, span.end) });
  for (const problem of script.problems) model.syntaxProblems.push(problem);
  for (const doc of script.heredocs) {
    model.heredocs.push(doc);
    if (doc.body.end > doc.body.start) model.multilineLiterals.push(doc.body);
  }
  for (const word of script.words) {
    if (word.raw.includes('\n')) model.multilineLiterals.push(word.span);
  }
  const commands = new CommandCollector(text, model, env, functionName, shadowed);
  for (const command of script.commands) {
    if (functionName === undefined && command.nested) continue;
    commands.add(command);
  }
}

/**
 * Reads the commands of one script into the model, in order: assignments (expanded with the
 * variables as they are at that point) and the other commands. A class rather than closures in
 * collectScript: the optimising compiler compiles small methods much faster than one function
 * holding closures, and every worker thread compiles them anew.
 */
class CommandCollector {
  constructor(
    private readonly text: string,
    private readonly model: ParsedApkbuild,
    private readonly env: FileEnv,
    private readonly functionName: string | undefined,
    private readonly shadowed: Map<string, VariableValue | undefined> | undefined,
  ) {}

  add(command: SimpleCommand): void {
    const topLevel = this.functionName === undefined;
    const conditional = topLevel ? isConditional(command) : command.blockDepth > 0 || isConditional(command);
    const name = command.name?.raw;
    if (!command.name) {
      for (const word of command.assignments) this.addAssignment(word, command, undefined, conditional);
    } else if (name && name.length <= 8 && DECLARATIONS.has(name)) {
      for (const word of command.args) {
        if (isAssignmentWord(word)) this.addAssignment(word, command, name as Assignment['declaration'], conditional);
        else if (name === 'local' && VARIABLE_NAME.test(word.raw)) this.set(word.raw, { value: '' });
      }
    } else {
      if (name === 'for' && command.args[0]) this.set(command.args[0].raw, { value: undefined }); // the loop variable
      if (name === 'read') for (const arg of command.args) if (!arg.raw.startsWith('-')) this.set(arg.raw, { value: undefined });
      if (topLevel) this.model.commands.push(command);
    }
  }

  private addAssignment(word: Word, statement: SimpleCommand, declaration: Assignment['declaration'], conditional: boolean): void {
    const env = this.env;
    const a = makeAssignment(word, statement, this.text, env, this.functionName, declaration, conditional);
    (this.functionName === undefined ? this.model.assignments : this.model.functionAssignments).push(a);
    this.set(a.name, { value: conditional ? undefined : a.append ? concat(env.get(a.name)?.value ?? '', a.value) : a.value });
  }

  private set(name: string, value: VariableValue): void {
    const shadowed = this.shadowed;
    if (shadowed && !shadowed.has(name)) shadowed.set(name, this.env.get(name));
    this.env.set(name, value);
  }
}

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function concat(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}


/** A top-level assignment is conditional when a control structure or `&&`/`||` guards it. */
function isConditional(command: SimpleCommand): boolean {
  return command.blockDepth > 0 || isAndOr(command.precededBy) || isAndOr(command.followedBy);
}

function isAndOr(op: string | undefined): boolean {
  return op === '&&' || op === '||';
}

function makeAssignment(
  word: Word,
  statement: SimpleCommand,
  text: string,
  env: Env,
  functionName: string | undefined,
  declaration: Assignment['declaration'],
  conditional: boolean,
): Assignment {
  return new LazyItemsAssignment(word, statement, text, env, functionName, declaration, conditional);
}

/** An assignment read from its word, whose items are split on first use. */
class LazyItemsAssignment implements Assignment {
  /** each part's expansion, for the items */
  private readonly partValues: (string | undefined)[];
  private readonly text: string;
  name: string;
  nameSpan: Span;
  span: Span;
  append: boolean;
  valueSpan: Span;
  raw: string;
  parts: WordPart[];
  quoting: Quoting;
  value: string | undefined;
  functionName?: string;
  declaration?: Assignment['declaration'];
  conditional: boolean;
  statement: SimpleCommand;
  private cachedItems: ListItem[] | undefined;

  constructor(
    word: Word,
    statement: SimpleCommand,
    text: string,
    env: Env,
    functionName: string | undefined,
    declaration: Assignment['declaration'],
    conditional: boolean,
  ) {
    const first = word.parts[0] as LiteralPart;
    const eq = first.text.indexOf('=');
    const append = first.text[eq - 1] === '+';
    const name = first.text.slice(0, append ? eq - 1 : eq);
    const valueStart = first.span.start + eq + 1;
    // the word's parts without the `name=` (exact-size arrays: most values have one or two parts)
    const valueInFirst = first.text.length > eq + 1;
    const parts = word.parts.slice(valueInFirst ? 0 : 1);
    if (valueInFirst) parts[0] = { kind: 'literal', text: first.text.slice(eq + 1), quote: 'none', span: { start: valueStart, end: first.span.end } };
    // each part is expanded now, with the variables as they are at this point of the file
    const partValues = new Array<string | undefined>(parts.length);
    let value: string | undefined = '';
    for (let k = 0; k < parts.length; k++) {
      const p = parts[k];
      const v = p.kind === 'literal' ? p.text : expandPart(p, env, text);
      partValues[k] = v;
      value = value === undefined || v === undefined ? undefined : value + v;
    }
    // field by field, in one order: every assignment has the same shape
    this.partValues = partValues;
    this.text = text;
    this.name = name;
    this.nameSpan = { start: word.span.start, end: word.span.start + name.length };
    this.span = word.span;
    this.append = append;
    this.valueSpan = { start: valueStart, end: word.span.end };
    this.raw = text.slice(valueStart, word.span.end);
    this.parts = parts;
    this.quoting = quotingOf(parts);
    this.value = value;
    this.functionName = functionName;
    this.declaration = declaration;
    this.conditional = conditional;
    this.statement = statement;
    this.cachedItems = undefined;
  }

  get items(): ListItem[] {
    return (this.cachedItems ??= splitItems(this.parts, this.partValues, this.text));
  }
}

function quotingOf(parts: readonly WordPart[]): Quoting {
  if (parts.length === 0) return 'empty';
  let quoting: Quoting | undefined;
  for (const p of parts) {
    const q: Quoting = p.kind === 'literal' ? (p.quote === 'single' ? 'single' : p.quote === 'double' ? 'double' : 'none') : p.quoted ? 'double' : 'none';
    if (quoting === undefined) quoting = q;
    else if (q !== quoting) return 'mixed';
  }
  return quoting!;
}

const BLANK_RUNS = /[^ \t\n]+/g;

/** Splits a value into whitespace-separated items, each with the span of the text it came from. */
export function splitItems(parts: readonly WordPart[], partValues: readonly (string | undefined)[], text: string): ListItem[] {
  const items: ListItem[] = [];
  let value: string | undefined = '';
  let start = -1;
  let end = -1;
  const close = () => {
    // an item made only of empty expansions is no word at all for the shell
    if (start !== -1 && value !== '') items.push({ text: text.slice(start, end), value, span: { start, end } });
    start = -1;
    value = '';
  };
  const extend = (piece: string | undefined, s: number, e: number) => {
    if (start === -1) start = s;
    end = e;
    value = value === undefined || piece === undefined ? undefined : value + piece;
  };
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    const linear = p.kind === 'literal' && (p.quote === 'none' || p.quote === 'double' || p.quote === 'single');
    const piece = partValues[i];
    if (piece === undefined) {
      extend(undefined, p.span.start, p.span.end);
      continue;
    }
    if (piece === '') {
      // an expansion that is empty still belongs to the item it is in
      if (!linear) extend('', p.span.start, p.span.end);
      continue;
    }
    const base = p.span.start + (linear && p.kind === 'literal' && p.quote === 'single' ? 1 : 0);
    BLANK_RUNS.lastIndex = 0;
    let m: RegExpExecArray | null;
    let last = 0;
    while ((m = BLANK_RUNS.exec(piece))) {
      if (m.index > last || (m.index > 0 && last === 0)) close();
      if (linear) extend(m[0], base + m.index, base + m.index + m[0].length);
      else extend(m[0], p.span.start, p.span.end);
      last = m.index + m[0].length;
    }
    if (last < piece.length) close();
  }
  close();
  return items;
}
