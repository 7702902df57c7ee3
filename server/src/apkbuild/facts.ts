import { Assignment, Comment, ListItem, ParsedApkbuild } from './model';
import { Span } from './span';
import { ABUILD_SET_VARIABLES } from './expand';
import { isNameCharCode, isNameStartCode } from './shell-lexer';

/** The top-level assignments of one variable, in file order. */
export function assignmentsOf(model: ParsedApkbuild, name: string): Assignment[] {
  return tables(model).get(name)?.assignments ?? [];
}

/** The assignment that defines a variable: the last unconditional one, else the first. */
export function definitionOf(model: ParsedApkbuild, name: string): Assignment | undefined {
  return tables(model).get(name)?.definition;
}

/** A variable's top-level assignments and the one that defines it. */
interface VariableTable {
  assignments: Assignment[];
  definition: Assignment;
}

/*
 * What is computed once per model is kept on the model itself, under a symbol, and not in a
 * WeakMap keyed by the model: with a WeakMap every model survived the young-generation garbage
 * collections and was promoted to the old one, which cost more CPU than building the models.
 */
const TABLES = Symbol('assignment tables');
const MEMOS = Symbol('memos');

/** Stores a value on an object without making it visible (not enumerable: no copy or comparison sees it). */
function attach<T>(owner: object, key: symbol, value: T): T {
  Object.defineProperty(owner, key, { value, configurable: true });
  return value;
}

/** Each variable's assignments and definition, by name, built once per model (one map lookup per assignment). */
function tables(model: ParsedApkbuild): Map<string, VariableTable> {
  const cached = (model as { [TABLES]?: Map<string, VariableTable> })[TABLES];
  if (cached) return cached;
  const byName = new Map<string, VariableTable>();
  for (const a of model.assignments) {
    const table = byName.get(a.name);
    if (table === undefined) byName.set(a.name, { assignments: [a], definition: a });
    else {
      table.assignments.push(a);
      if (!a.conditional) table.definition = a;
    }
  }
  return attach(model, TABLES, byName);
}

export function valueOf(model: ParsedApkbuild, name: string): string | undefined {
  return model.env.get(name)?.value;
}

/** The items of a list variable from its defining assignment. */
export function itemsOf(model: ParsedApkbuild, name: string): ListItem[] {
  return definitionOf(model, name)?.items ?? [];
}

export interface Person {
  name: string;
  email?: string;
  /** the whole `Name <mail>` text */
  text: string;
  span: Span;
  from: 'variable' | 'comment';
}

const PERSON = /^\s*(.*?)\s*(?:<([^>]*)>)?\s*$/;

function person(text: string, span: Span, from: Person['from']): Person {
  const m = PERSON.exec(text)!;
  return { name: m[1], email: m[2], text, span, from };
}

const MAINTAINER_LABEL = /^#\s*Maintainer:\s*/i;
const CONTRIBUTOR_LABEL = /^#\s*Contributor:\s*/i;

/** Adds to `out` the person named by each comment that starts before `limit` and has the label. */
function addCommentPeople(out: Person[], comments: Comment[], label: RegExp, limit: number): Person[] {
  for (const c of comments) {
    if (c.span.start >= limit) continue;
    const m = label.exec(c.text);
    if (!m) continue;
    const start = c.span.start + m[0].length;
    const rest = c.text.slice(m[0].length).replace(/\s+$/, '');
    out.push(person(rest, { start, end: start + rest.length }, 'comment'));
  }
  return out;
}

/** Every maintainer declaration: the `maintainer=` variable and `# Maintainer:` comments. */
export function maintainersOf(model: ParsedApkbuild): Person[] {
  const out: Person[] = [];
  for (const a of assignmentsOf(model, 'maintainer')) {
    out.push(person(a.value ?? a.raw, a.valueSpan, 'variable'));
  }
  return addCommentPeople(out, model.comments, MAINTAINER_LABEL, firstFunctionStart(model));
}

export function contributorsOf(model: ParsedApkbuild): Person[] {
  return addCommentPeople([], model.comments, CONTRIBUTOR_LABEL, Infinity);
}

function firstFunctionStart(model: ParsedApkbuild): number {
  return model.functions.length ? model.functions[0].span.start : model.text.length;
}

/**
 * Computes something about an APKBUILD once and shares it between the rules that need it
 * (dependency entries, final list values, ...). `key` names the computation; use a prefix per
 * module to keep keys apart.
 */
export function memo<T>(apkbuild: object, key: string, compute: () => T): T {
  const table = (apkbuild as { [MEMOS]?: Map<string, unknown> })[MEMOS] ?? attach(apkbuild, MEMOS, new Map<string, unknown>());
  if (table.has(key)) return table.get(key) as T;
  const value = compute();
  table.set(key, value);
  return value;
}

const ABUILD_SET = new Set(ABUILD_SET_VARIABLES);

/**
 * Whether text written at `offset` refers to a variable that no top-level assignment before it sets
 * and abuild does not set either: a `for` loop variable, a function's local, a name assigned only
 * further down. Its static value is a guess ('' for an unset name), so values built from it are
 * not to be judged.
 */
export function refersToUnassigned(apkbuild: ParsedApkbuild, text: string, offset: number): boolean {
  return refersToUnassignedIn(apkbuild, text, 0, text.length, offset);
}

/** refersToUnassigned for `text.slice(from, to)`, without the slice. */
export function refersToUnassignedIn(apkbuild: ParsedApkbuild, text: string, from: number, to: number, offset: number): boolean {
  // each match of `\$\{?([A-Za-z_][A-Za-z0-9_]*)`, found by hand
  let dollar = text.indexOf('$', from);
  while (dollar !== -1 && dollar < to) {
    let start = dollar + 1;
    if (start < to && text.charCodeAt(start) === 123 /* { */) start++;
    if (start >= to || !isNameStartCode(text.charCodeAt(start))) {
      dollar = text.indexOf('$', dollar + 1);
      continue;
    }
    let end = start + 1;
    while (end < to && isNameCharCode(text.charCodeAt(end))) end++;
    // assigned before `offset`, or set by abuild (the name is only cut out for the rarer second question)
    if (!assignedBeforeAt(apkbuild, text, start, end, offset) && !ABUILD_SET.has(text.slice(start, end))) return true;
    dollar = text.indexOf('$', end);
  }
  return false;
}

/** Whether the first top-level assignment of the name `text.slice(start, end)` starts before `offset`. */
function assignedBeforeAt(apkbuild: ParsedApkbuild, text: string, start: number, end: number, offset: number): boolean {
  const length = end - start;
  for (const a of apkbuild.assignments) {
    if (a.name.length === length && text.startsWith(a.name, start)) return a.span.start < offset;
  }
  return false;
}
