import type { Tree, TreeCursor } from '../parser/parser';
import { baseEnv, Env, expandParts, VariableValue } from './expand';
import { Heredoc, isAssignmentWord, lexScript, Script, SimpleCommand, Word, WordPart } from './shell-lexer';
import { LineIndex, Span } from './span';

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
  items: ListItem[];
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
  /** ranges tree-sitter could not parse */
  errors: Span[];
  /** static environment after the whole top level */
  env: Env;
}

const DECLARATIONS = new Set(['export', 'local', 'readonly', 'declare', 'typeset']);

export function buildModel(text: string, tree: Tree): ParsedApkbuild {
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
    env: new Map(),
  };
  const env = baseEnv();
  const cursor = tree.walk();
  try {
    readStatements(cursor, text, text.length, model, env, false);
  } finally {
    cursor.delete();
  }
  model.env = env;
  for (const fn of model.functions) {
    collectScript(fn.script, text, model, env, fn.name);
  }
  return model;
}

/** Reads the children of the cursor's node as top-level statements. */
function readStatements(cursor: TreeCursor, text: string, limit: number, model: ParsedApkbuild, env: Map<string, VariableValue>, insideError: boolean): void {
  if (!cursor.gotoFirstChild()) return;
  let pendingStart = -1;
  const flush = (end: number) => {
    if (pendingStart !== -1 && end > pendingStart) {
      const script = lexScript(text, pendingStart, end);
      collectScript(script, text, model, env, undefined);
    }
    pendingStart = -1;
  };
  do {
    const type = cursor.nodeType;
    const start = cursor.startIndex;
    if (type === 'function_definition') {
      flush(start);
      readFunction(cursor, text, model);
    } else if (type === 'ERROR') {
      flush(start);
      model.errors.push({ start, end: cursor.endIndex });
      readStatements(cursor, text, cursor.endIndex, model, env, true);
      cursor.gotoParent();
    } else {
      if (cursor.nodeIsMissing) model.errors.push({ start, end: cursor.endIndex });
      // statements are lexed up to the next function or error, not to tree-sitter's own end of
      // the node: a few valid forms (`x="$a"/$b-$c`) are split wrongly by the grammar
      if (pendingStart === -1) pendingStart = start;
    }
  } while (cursor.gotoNextSibling());
  flush(limit);
  if (!insideError) cursor.gotoParent();
}

function readFunction(cursor: TreeCursor, text: string, model: ParsedApkbuild): void {
  const span = { start: cursor.startIndex, end: cursor.endIndex };
  let keyword = false;
  let nameSpan: Span | undefined;
  let open = -1;
  let close = -1;
  let bodySpan: Span | undefined;
  if (cursor.gotoFirstChild()) {
    do {
      const type = cursor.nodeType;
      if (type === 'function') keyword = true;
      else if (type === 'word' && !nameSpan) nameSpan = { start: cursor.startIndex, end: cursor.endIndex };
      else if (type === '(') open = cursor.startIndex;
      else if (type === ')') close = cursor.endIndex;
      else if (cursor.nodeIsNamed && type !== 'comment') bodySpan = { start: cursor.startIndex, end: cursor.endIndex };
    } while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  if (!nameSpan) return;
  bodySpan ??= { start: span.end, end: span.end };
  const inner = text[bodySpan.start] === '{' || text[bodySpan.start] === '(' ? bodySpan.start + 1 : bodySpan.start;
  const innerEnd = bodySpan.end > inner && (text[bodySpan.end - 1] === '}' || text[bodySpan.end - 1] === ')') ? bodySpan.end - 1 : bodySpan.end;
  model.functions.push({
    name: text.slice(nameSpan.start, nameSpan.end),
    nameSpan,
    span,
    bodySpan,
    keyword,
    parens: open !== -1 && close !== -1 ? { start: open, end: close } : undefined,
    script: lexScript(text, inner, innerEnd),
  });
}

function collectScript(script: Script, text: string, model: ParsedApkbuild, env: Map<string, VariableValue>, functionName: string | undefined): void {
  for (const span of script.comments) model.comments.push({ span, text: text.slice(span.start, span.end) });
  for (const doc of script.heredocs) {
    model.heredocs.push(doc);
    if (doc.body.end > doc.body.start) model.multilineLiterals.push(doc.body);
  }
  for (const word of script.words) {
    if (text.indexOf('\n', word.span.start) < word.span.end && text.indexOf('\n', word.span.start) !== -1) {
      model.multilineLiterals.push(word.span);
    }
  }
  const topLevel = functionName === undefined;
  for (const command of script.commands) {
    if (topLevel && command.nested) continue;
    const conditional = !topLevel || isConditional(command);
    const name = command.name?.raw;
    if (!command.name) {
      for (const word of command.assignments) addAssignment(word, command, undefined, conditional);
    } else if (name && DECLARATIONS.has(name)) {
      for (const word of command.args) {
        if (isAssignmentWord(word)) addAssignment(word, command, name as Assignment['declaration'], conditional);
      }
    } else if (topLevel) {
      model.commands.push(command);
    }
  }

  function addAssignment(word: Word, statement: SimpleCommand, declaration: Assignment['declaration'], conditional: boolean): void {
    const a = makeAssignment(word, statement, text, env, functionName, declaration, conditional);
    if (topLevel) {
      model.assignments.push(a);
      env.set(a.name, { value: conditional ? undefined : a.append ? concat(env.get(a.name)?.value ?? '', a.value) : a.value });
    } else {
      model.functionAssignments.push(a);
    }
  }
}

function concat(a: string | undefined, b: string | undefined): string | undefined {
  return a === undefined || b === undefined ? undefined : a + b;
}


/** A top-level assignment is conditional when a control structure or `&&`/`||` guards it. */
function isConditional(command: SimpleCommand): boolean {
  const op = (o?: string) => o === '&&' || o === '||';
  return command.blockDepth > 0 || op(command.precededBy) || op(command.followedBy);
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
  const first = word.parts[0] as { kind: 'literal'; text: string; span: Span; quote: 'none' };
  const eq = first.text.indexOf('=');
  const append = first.text[eq - 1] === '+';
  const name = first.text.slice(0, append ? eq - 1 : eq);
  const valueStart = first.span.start + eq + 1;
  const parts: WordPart[] = [];
  if (first.text.length > eq + 1) {
    parts.push({ kind: 'literal', text: first.text.slice(eq + 1), quote: 'none', span: { start: valueStart, end: first.span.end } });
  }
  parts.push(...word.parts.slice(1));
  const valueSpan = { start: valueStart, end: word.span.end };
  const value = expandParts(parts, env, text);
  return {
    name,
    nameSpan: { start: word.span.start, end: word.span.start + name.length },
    span: word.span,
    append,
    valueSpan,
    raw: text.slice(valueSpan.start, valueSpan.end),
    parts,
    quoting: quotingOf(parts),
    value,
    items: splitItems(parts, env, text),
    functionName,
    declaration,
    conditional,
    statement,
  };
}

function quotingOf(parts: readonly WordPart[]): Quoting {
  if (parts.length === 0) return 'empty';
  const kinds = new Set<string>();
  for (const p of parts) {
    if (p.kind === 'literal') kinds.add(p.quote === 'single' ? 'single' : p.quote === 'double' ? 'double' : 'none');
    else kinds.add(p.quoted ? 'double' : 'none');
  }
  return kinds.size === 1 ? ([...kinds][0] as Quoting) : 'mixed';
}

interface Unit {
  value: string | undefined;
  start: number;
  end: number;
}

/** Splits a value into whitespace-separated items, each with the span of the text it came from. */
export function splitItems(parts: readonly WordPart[], env: Env, text: string): ListItem[] {
  const units: Unit[] = [];
  for (const p of parts) {
    if (p.kind === 'literal' && (p.quote === 'none' || p.quote === 'double' || p.quote === 'single')) {
      const offset = p.span.start + (p.quote === 'single' ? 1 : 0);
      for (let i = 0; i < p.text.length; i++) units.push({ value: p.text[i], start: offset + i, end: offset + i + 1 });
    } else {
      const v = p.kind === 'literal' ? p.text : expandParts([p], env, text);
      units.push({ value: v, start: p.span.start, end: p.span.end });
    }
  }
  const items: ListItem[] = [];
  let current: { value: string | undefined; start: number; end: number } | undefined;
  const close = () => {
    if (current) {
      items.push({ text: text.slice(current.start, current.end), value: current.value, span: { start: current.start, end: current.end } });
      current = undefined;
    }
  };
  const append = (piece: string | undefined, start: number, end: number) => {
    if (!current) current = { value: piece, start, end };
    else {
      current.value = current.value === undefined || piece === undefined ? undefined : current.value + piece;
      current.end = Math.max(current.end, end);
    }
  };
  for (const u of units) {
    if (u.value === undefined) {
      append(undefined, u.start, u.end);
      continue;
    }
    const pieces = u.value.split(/([ \t\n]+)/);
    for (let k = 0; k < pieces.length; k++) {
      const piece = pieces[k];
      if (k % 2 === 1) close();
      else if (piece !== '') append(piece, u.start, u.end);
    }
  }
  close();
  return items;
}
