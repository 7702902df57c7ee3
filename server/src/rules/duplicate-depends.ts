import { removeItemSpan } from './fix';
import { Apkbuild } from '../apkbuild/apkbuild';
import { Env } from '../apkbuild/expand';
import { assignmentsOf, memo } from '../apkbuild/facts';
import { Assignment, ListItem } from '../apkbuild/model';
import { Span } from '../apkbuild/span';
import { Dependency, parseDependency } from '../apkbuild/version';
import { Fix, Rule, RuleFinding } from './types';

/**
 * The dependency lists atools' aports-lint reads (depends, makedepends, checkdepends), followed
 * through their top-level assignments without running anything:
 *
 * - an assignment that refers to its own list (`depends="$depends foo"`) adds to it; the items
 *   that expansion brings in are the earlier entries, which keep the span where they were written;
 * - an unconditional assignment that does not replaces the list;
 * - a conditional one (`case $CARCH in ...`) adds its entries (on some builds they are there).
 *
 * atools sources the file and compares the words of the final value as plain text
 * (`sort | uniq -d`, `grep "^$d$"`). Here entries are compared in apk's canonical form
 * (`foo>=1` and `foo=>1` are the same entry); entries with an unknown value are never compared.
 */

export interface ListEntry {
  item: ListItem;
  /** the expanded value; undefined when it is not known */
  value: string | undefined;
  /** canonical text of the entry; undefined when its value is unknown */
  key: string | undefined;
  /** the parsed entry, when its value is known and apk can parse it */
  dep: Dependency | undefined;
  /** the entry has its source text to itself (it is not one of several a `$var` brings in) */
  alone: boolean;
  /** its text can be deleted as it is: alone, with no quote in it */
  removable: boolean;
  assignment: Assignment;
}

export const CHECKED_LISTS = ['depends', 'makedepends', 'checkdepends'] as const;
export type CheckedList = (typeof CHECKED_LISTS)[number];

/** apk's canonical text of a dependency entry, or the entry itself when apk could not parse it. */
export function dependencyKey(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const dep = parseDependency(value);
  return dep ? keyOf(dep) : value;
}

function keyOf(dep: Dependency): string {
  if (!dep.conflict && dep.op === undefined && dep.version === undefined) return dep.name;
  return `${dep.conflict ? '!' : ''}${dep.name}${dep.op ?? ''}${dep.version ?? ''}`;
}

/** The characters of apk's dependency names (version.ts's DEP_NAME): letters, digits and `+-._,:/[]`. */
const NAME_CODES = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-._,:/[]') NAME_CODES[c.charCodeAt(0)] = 1;

/**
 * parseDependency, without its regular expressions for the usual entry: a plain name (only name
 * characters, so no `!`, no operator, no blank) parses to itself.
 */
export function dependencyOf(value: string): Dependency | undefined {
  if (value.length === 0) return parseDependency(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 128 || NAME_CODES[c] === 0) return parseDependency(value);
  }
  return { conflict: false, name: value };
}

/** Spans of the `$name` / `${name...}` expansions in an assignment that refer to its own variable. */
const NO_SPANS: readonly Span[] = [];

function selfReferences(a: Assignment): readonly Span[] {
  let out: Span[] | undefined;
  for (const p of a.parts) if (p.kind === 'param' && p.name === a.name) (out ??= []).push(p.span);
  return out ?? NO_SPANS;
}

const within = (inner: Span, outer: Span) => inner.start < outer.end && inner.end > outer.start;

function withinAny(inner: Span, outers: readonly Span[]): boolean {
  for (const outer of outers) if (within(inner, outer)) return true;
  return false;
}

const QUOTES = /["'\\]/;
const REFERENCE = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The value of an item, unless it uses a variable the file never assigns at top level: the model
 * expands those to nothing, but they are mostly loop variables (`for _v in ...; do
 * makedepends="$makedepends lua$_v-dev"`) or a split function's own variables.
 */
function knownValue(item: ListItem, env: Env): string | undefined {
  if (item.value === undefined || item.value === '') return undefined;
  if (item.text.includes('$')) {
    REFERENCE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = REFERENCE.exec(item.text))) if (!env.has(m[1])) return undefined;
  }
  return item.value;
}

/** The entries an assignment writes itself, without the ones its own `$name` brings back. */
export function ownEntries(a: Assignment, env: Env, selfSpans: readonly Span[] = selfReferences(a)): ListEntry[] {
  const out: ListEntry[] = [];
  const items = a.items;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (selfSpans.length > 0 && withinAny(item.span, selfSpans)) continue;
    const value = knownValue(item, env);
    // several items on one span come from one `$var`: they can not be removed one by one
    const alone = (i === 0 || items[i - 1].span.start !== item.span.start) && (i + 1 === items.length || items[i + 1].span.start !== item.span.start);
    const removable = value !== undefined && alone && !QUOTES.test(item.text);
    // parsed here, hot, rather than looked up in a cache across files: a lookup in a big map
    // whose memory the parser has since pushed out of the CPU caches costs more
    const dep = value === undefined ? undefined : dependencyOf(value);
    out.push({ item, value, key: value === undefined ? undefined : dep ? keyOf(dep) : value, dep, alone, removable, assignment: a });
  }
  return out;
}

export interface ListInfo {
  /** every entry the list can hold at the end of the top level */
  entries: ListEntry[];
  /** entries written a second time into the list (in one assignment, or added again later) */
  duplicates: ListEntry[];
}

const EMPTY_INFO: ListInfo = Object.freeze({ entries: Object.freeze([]) as unknown as ListEntry[], duplicates: Object.freeze([]) as unknown as ListEntry[] });

// (a function that captures nothing: memo then allocates nothing when the map is there)
const newLists = () => new Map<string, ListInfo>();

/** A list's entries and duplicates, computed once per file. */
export function listInfo(apkbuild: Apkbuild, name: string): ListInfo {
  const lists = memo(apkbuild, 'duplicate-depends:lists', newLists);
  let info = lists.get(name);
  if (!info) {
    info = assignmentsOf(apkbuild, name).length === 0 ? EMPTY_INFO : walkList(apkbuild, name);
    lists.set(name, info);
  }
  return info;
}

// abuild installs makedepends_build on the build machine and makedepends_host on the host when it
// cross-builds: a package in both (`makedepends="$makedepends_build $makedepends_host"`) is needed twice
const CROSS_LIST = /^\$\{?makedepends_(build|host)\}?$/;

/** The side of an entry, as a bit: 1 for a plain entry, 2 / 4 through $makedepends_build / _host. */
function side(e: ListEntry): number {
  const text = e.item.text;
  if (text.charCodeAt(0) !== 36 /* $ */) return 1;
  const m = CROSS_LIST.exec(text);
  return m ? (m[1] === 'build' ? 2 : 4) : 1;
}

function hasRepeatedKey(entries: readonly ListEntry[]): boolean {
  for (let i = 1; i < entries.length; i++) {
    const key = entries[i].key;
    if (key === undefined) continue;
    for (let j = 0; j < i; j++) if (entries[j].key === key) return true;
  }
  return false;
}

/** Adds to `found` the entries of `own` already in `before` or earlier in `own`. */
function findDuplicates(before: readonly ListEntry[] | undefined, own: readonly ListEntry[], found: ListEntry[]): void {
  // most lists have no key twice: for a short one, seeing that costs less than a map
  if ((!before || before.length === 0) && own.length <= 32 && !hasRepeatedKey(own)) return;
  // where each key was seen: a set of side bits
  const seen = new Map<string, number>();
  if (before) for (const e of before) if (e.key !== undefined) seen.set(e.key, (seen.get(e.key) ?? 0) | side(e));
  for (const e of own) {
    if (e.key === undefined) continue;
    const s = side(e);
    const sides = seen.get(e.key);
    // a plain entry clashes with any; a build/host one with a plain one or one of its own side
    if (sides !== undefined && (s === 1 || (sides & (1 | s)) !== 0)) found.push(e);
    else seen.set(e.key, (sides ?? 0) | s);
  }
}

/**
 * Walks the top-level assignments of a list, finding the entries it can hold at the end and the
 * ones written twice. An assignment that refers to itself is compared with the entries known to
 * be in the list before it (none when an earlier conditional assignment makes them unknown).
 */
function walkList(apkbuild: Apkbuild, name: string): ListInfo {
  let exact: ListEntry[] | undefined = [];
  let possible: ListEntry[] = [];
  const duplicates: ListEntry[] = [];
  for (const a of assignmentsOf(apkbuild, name)) {
    if (a.declaration === 'local') continue;
    const selfSpans = selfReferences(a);
    const own = ownEntries(a, apkbuild.env, selfSpans);
    const extends_ = a.append || selfSpans.length > 0;
    findDuplicates(extends_ ? exact : [], own, duplicates);
    if (extends_) {
      possible = possible.concat(own);
      exact = exact && !a.conditional ? exact.concat(own) : undefined;
    } else if (a.conditional) {
      possible = possible.concat(own);
      exact = undefined;
    } else {
      possible = own;
      exact = own;
    }
  }
  return { entries: possible, duplicates };
}

const BLANKS = /^[ \t]*$/;


export function removeItemFix(text: string, entry: ListEntry, title: string): Fix | undefined {
  if (!entry.removable) return undefined;
  // `depends="$depends foo"` without foo would do nothing: remove the whole line
  const a = entry.assignment;
  const selfSpans = selfReferences(a);
  const others = a.items.filter((i) => i !== entry.item && !selfSpans.some((s) => within(i.span, s)));
  if (selfSpans.length > 0 && others.length === 0 && !a.append) {
    const st = a.statement.span;
    const lineStart = text.lastIndexOf('\n', st.start - 1) + 1;
    let lineEnd = text.indexOf('\n', st.end);
    if (lineEnd === -1) lineEnd = text.length;
    if (a.statement.assignments.length === 1 && !a.statement.name && BLANKS.test(text.slice(lineStart, st.start)) && BLANKS.test(text.slice(st.end, lineEnd))) {
      return { title, edits: [{ span: { start: lineStart, end: Math.min(lineEnd + 1, text.length) }, newText: '' }] };
    }
  }
  return { title, edits: [{ span: removeItemSpan(text, entry.item.span), newText: '' }] };
}

/** Groups findings that land on the same span (several entries one `$var` brings in). */
export function bySpan<T>(entries: readonly T[], spanOf: (t: T) => Span): T[][] {
  const groups = new Map<string, T[]>();
  for (const e of entries) {
    const s = spanOf(e);
    const k = `${s.start}:${s.end}`;
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  return [...groups.values()];
}

const quoteList = (names: readonly string[]) => names.map((n) => `'${n}'`).join(', ');

function duplicates(apkbuild: Apkbuild, variable: CheckedList): RuleFinding[] {
  const listed = listInfo(apkbuild, variable).duplicates;
  let found: ListEntry[] | undefined;
  // a split function's own `depends=` is a list of its own
  if (variable === 'depends') {
    for (const a of apkbuild.functionAssignments) {
      if (a.name === variable && a.declaration !== 'local') findDuplicates([], ownEntries(a, apkbuild.env, NO_SPANS), (found ??= [...listed]));
    }
  }
  found ??= listed;
  if (found.length === 0) return [];
  return bySpan(found, (e) => e.item.span).map((group) => {
    const e = group[0];
    const names = group.map((g) => g.value ?? g.item.text);
    const via = e.item.text === e.value ? '' : ` (from ${e.item.text})`;
    const message = `duplicate ${quoteList(names)} in ${variable}${via}`;
    const fix = group.length === 1 ? removeItemFix(apkbuild.text, e, `Remove the duplicate '${names[0]}'`) : undefined;
    return fix ? { span: e.item.span, message, fix } : { span: e.item.span, message };
  });
}

function duplicateRule(code: string, variable: CheckedList): Rule {
  return {
    code,
    label: `duplicate-${variable}`,
    severity: 'minor',
    certainty: 'certain',
    summary: `the same entry is listed twice in ${variable}`,
    docs:
      `An entry of ${variable} is listed twice (also when a later \`${variable}="$${variable} ..."\` adds it again). ` +
      'apk installs a package once however often it is named, so the second entry is superfluous: remove it. ' +
      'Entries are compared after expansion and in apk\'s canonical form; two different constraints on one name ' +
      '(`foo>=1 foo<2`) are not duplicates.',
    fixable: true,
    check: (apkbuild) => duplicates(apkbuild, variable),
  };
}

/** The keys of a list: a set for a long list, the list itself (scanned) for a short one. */
type Keys = Set<string> | readonly ListEntry[];

function keysOf(entries: readonly ListEntry[]): Keys {
  if (entries.length <= 16) return entries;
  const keys = new Set<string>();
  for (const e of entries) if (e.key !== undefined) keys.add(e.key);
  return keys;
}

function hasKey(keys: Keys, key: string): boolean {
  if (keys instanceof Set) return keys.has(key);
  for (const e of keys) if (e.key === key) return true;
  return false;
}

type Hits = Map<ListEntry, CheckedList[]>;

/** Adds each entry of the later list that the earlier list already has, with that list. */
function collectHits(earlier: CheckedList, earlierKeys: Keys, later: readonly ListEntry[], hits: Hits | undefined): Hits | undefined {
  for (const e of later) {
    if (e.key === undefined || !hasKey(earlierKeys, e.key)) continue;
    hits ??= new Map();
    const where = hits.get(e);
    if (where) where.push(earlier);
    else hits.set(e, [earlier]);
  }
  return hits;
}

function overlap(apkbuild: Apkbuild): RuleFinding[] {
  const text = apkbuild.text;
  const depends = listInfo(apkbuild, 'depends').entries;
  const makedepends = listInfo(apkbuild, 'makedepends').entries;
  const checkdepends = listInfo(apkbuild, 'checkdepends').entries;
  // an overlap needs a later list and an earlier one with entries
  if (depends.length === 0 ? makedepends.length === 0 || checkdepends.length === 0 : makedepends.length === 0 && checkdepends.length === 0) return [];
  // each entry of the later list that an earlier list already has, with those lists; the pairs
  // in order: depends/makedepends, depends/checkdepends, makedepends/checkdepends
  let hits: Hits | undefined;
  if (depends.length > 0) {
    const keys = keysOf(depends);
    hits = collectHits('depends', keys, makedepends, hits);
    hits = collectHits('depends', keys, checkdepends, hits);
  }
  if (makedepends.length > 0 && checkdepends.length > 0) hits = collectHits('makedepends', keysOf(makedepends), checkdepends, hits);
  if (!hits) return [];
  const out: RuleFinding[] = [];
  for (const group of bySpan([...hits.keys()], (e) => e.item.span)) {
    const e = group[0];
    const later = e.assignment.name;
    const earlier = hits.get(e)!;
    const names = group.map((g) => g.value ?? g.item.text);
    const all = [...earlier, later];
    const listNames = `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
    const via = e.item.text === e.value ? '' : ` (from ${e.item.text})`;
    const message = `${names.length > 1 ? 'dependencies' : 'dependency'} ${quoteList(names)} ${names.length > 1 ? 'are' : 'is'} in ${listNames}${via}`;
    const fix = group.length === 1 ? removeItemFix(text, e, `Remove '${names[0]}' from ${later}`) : undefined;
    out.push(fix ? { span: e.item.span, message, fix } : { span: e.item.span, message });
  }
  return out;
}

export const rules: Rule[] = [
  duplicateRule('AL17', 'depends'),
  duplicateRule('AL19', 'makedepends'),
  duplicateRule('AL21', 'checkdepends'),
  {
    code: 'AL24',
    label: 'depends-makedepends-checkdepends-overlap',
    severity: 'important',
    certainty: 'certain',
    summary: 'the same entry is in more than one of depends, makedepends and checkdepends',
    docs:
      'abuild installs depends, makedepends and checkdepends together before it builds a package, so an entry ' +
      'listed in two of them is installed anyway by the first: keep it only in the list that needs it at the ' +
      'lowest level (depends before makedepends before checkdepends) and remove it from the later one. ' +
      'Entries are compared as apk reads them (the same name with the same constraint); `foo` in depends ' +
      'and `foo>=2` in makedepends are different entries and are not reported.',
    fixable: true,
    check: overlap,
  },
];
