import { Apkbuild } from '../apkbuild/apkbuild';
import { SimpleCommand, Word, WordPart } from '../apkbuild/shell-lexer';
import { Span } from '../apkbuild/span';
import { Rule, RuleFinding } from './types';

/** Flags abuild exports from its configuration (default.conf sets CFLAGS, CXXFLAGS, LDFLAGS, GOFLAGS
 * and DFLAGS; CPPFLAGS is commonly set in a packager's abuild.conf). */
const FLAG_NAMES = ['CFLAGS', 'CXXFLAGS', 'CPPFLAGS', 'LDFLAGS', 'GOFLAGS', 'DFLAGS'];
const XFLAGS = new Set(FLAG_NAMES);
/** XFLAGS.has(name), rejecting most names without hashing them. */
function isFlagName(name: string): boolean {
  return name.length >= 6 && name.charCodeAt(name.length - 1) === 83 /* S */ && XFLAGS.has(name);
}

function anyWithin(offsets: readonly number[], start: number, end: number): boolean {
  for (const o of offsets) if (o >= start && o < end) return true;
  return false;
}

const PREFIX = /^(CFLAGS|CXXFLAGS|CPPFLAGS|LDFLAGS|GOFLAGS|DFLAGS)(\+?)=/;
const REFERENCE = /\$\{?(?:#?)([A-Za-z_][A-Za-z0-9_]*)/g;

interface FlagAssignment {
  name: string;
  nameSpan: Span;
  append: boolean;
  /** the value as written */
  raw: string;
  parts: readonly WordPart[];
  functionName?: string;
}

/** `CFLAGS=… make`: environment assignments before a command are not in the model's assignment lists. */
function prefixAssignments(text: string, commands: readonly SimpleCommand[], functionName: string | undefined, out: FlagAssignment[]): void {
  for (const c of commands) {
    if (!c.name || c.assignments.length === 0) continue;
    for (const w of c.assignments) addPrefix(text, w, functionName, out, c);
  }
}

function addPrefix(text: string, w: Word, functionName: string | undefined, out: FlagAssignment[], c: SimpleCommand): void {
  const m = PREFIX.exec(w.raw);
  // `CFLAGS='' ./configure --with-extra-cflags="$CFLAGS"` hands the old value over another way
  if (!m || references(text.slice(c.name!.span.start, c.span.end), m[1])) return;
  const valueStart = w.span.start + m[0].length;
  out.push({
    name: m[1],
    nameSpan: { start: w.span.start, end: w.span.start + m[1].length },
    append: m[2] === '+',
    raw: text.slice(valueStart, w.span.end),
    parts: w.parts,
    functionName,
  });
}

function referencedNames(raw: string): Set<string> {
  const names = new Set<string>();
  if (!raw.includes('$')) return names;
  for (const m of raw.matchAll(REFERENCE)) names.add(m[1]);
  return names;
}

const ONE_REFERENCE = new RegExp(REFERENCE.source, 'g');

/** referencedNames(raw).has(name), without building the set. */
function references(raw: string, name: string): boolean {
  if (!raw.includes(name)) return false;
  ONE_REFERENCE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ONE_REFERENCE.exec(raw))) if (m[1] === name) return true;
  return false;
}

/** Whether the value keeps the variable's previous value: it names the variable itself, or a helper
 * variable that does (one level: `local cflags="$CFLAGS -O2"; CFLAGS="$cflags"`). */
function keepsPrevious(apkbuild: Apkbuild, a: FlagAssignment): boolean {
  if (references(a.raw, a.name)) return true;
  for (const n of referencedNames(a.raw)) {
    if (XFLAGS.has(n)) continue;
    for (const list of [apkbuild.assignments, apkbuild.functionAssignments]) {
      for (const h of list) if (h.name === n && references(h.raw, a.name)) return true;
    }
  }
  return false;
}

/** A command substitution may compute the flags from their old value (`$(perl -MConfig …)`, `$(echo
 * "$CFLAGS" | sed …)`): not known statically, so not reported. */
function computed(parts: readonly WordPart[]): boolean {
  return parts.some((p) => p.kind === 'command' || (p.kind === 'param' && p.arg !== undefined && (p.arg.includes('$(') || p.arg.includes('`'))));
}

/** AL36's findings, given the offset of the first `FLAGS` in the text. */
function flagFindings(apkbuild: Apkbuild, at: number): RuleFinding[] {
  const { text } = apkbuild;
  // where the text names a flag variable: a function with none of them holds no flag assignment
  const places: number[] = [];
  while (at !== -1) {
    places.push(at);
    at = text.indexOf('FLAGS', at + 5);
  }
  const candidates: FlagAssignment[] = [];
  // a top-level assignment puts its name in the environment (abuild's own variables are not flags)
  const env = apkbuild.env;
  if (FLAG_NAMES.some((name) => env.has(name))) for (const a of apkbuild.assignments) if (isFlagName(a.name)) candidates.push(a);
  const withFlags = apkbuild.functions.filter((fn) => anyWithin(places, fn.span.start, fn.span.end));
  if (withFlags.length) for (const a of apkbuild.functionAssignments) if (isFlagName(a.name)) candidates.push(a);
  prefixAssignments(text, apkbuild.commands, undefined, candidates);
  for (const fn of withFlags) prefixAssignments(text, fn.script.commands, fn.name, candidates);
  if (candidates.length === 0) return [];
  const out: RuleFinding[] = [];
  for (const a of candidates) {
    if (a.append || computed(a.parts) || keepsPrevious(apkbuild, a)) continue;
    const where = a.functionName ? ` in ${a.functionName}()` : '';
    out.push({
      span: a.nameSpan,
      message: a.raw === '' || a.raw === '""' || a.raw === "''"
        ? `${a.name} is emptied${where}: abuild's ${a.name} is lost; remove only the flags that must go`
        : `${a.name} is overwritten${where}: abuild's ${a.name} is lost; extend it instead (${a.name}="$${a.name} …")`,
    });
  }
  return out.sort((x, y) => x.span.start - y.span.start);
}

export const rules: Rule[] = [
  {
    code: 'AL36',
    label: 'overwrite-xflags',
    severity: 'important',
    certainty: 'possible',
    summary: 'CFLAGS, CXXFLAGS, CPPFLAGS, LDFLAGS, GOFLAGS or DFLAGS is overwritten instead of extended',
    docs:
      'abuild exports the distribution’s compiler and linker flags (optimisation level and hardening such as ' +
      '-fstack-clash-protection, -Wformat -Werror=format-security, -D_GLIBCXX_ASSERTIONS, --as-needed, ' +
      '-buildmode=pie -trimpath for Go). An assignment that does not include the previous value throws them ' +
      'away. Extend the variable instead: CFLAGS="$CFLAGS -O2" (or edit it: CFLAGS="${CFLAGS/-Os/-O2}"). ' +
      'Values computed by a command substitution are not reported, since they may start from the old value.',
    fixable: false,
    check(apkbuild) {
      const { text } = apkbuild;
      const at = text.indexOf('FLAGS');
      if (at === -1) return [];
      return flagFindings(apkbuild, at);
    },
  },
];
