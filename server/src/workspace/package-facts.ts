import { Env, expandParts, FileEnv, VariableValue } from '../apkbuild/expand';
import { splitItems } from '../apkbuild/model';
import { isAssignmentWord, lexScript, Word, WordPart } from '../apkbuild/shell-lexer';

/** What the aports index keeps of one APKBUILD. */
export interface PackageFacts {
  pkgname: string | undefined;
  pkgver: string | undefined;
  pkgrel: string | undefined;
  pkgdesc: string | undefined;
  /** subpackage names, `$pkgname` expanded, without `:split:arch` */
  subpackages: string[];
  /** provided names without their version (`so:libfoo.so.1`, `cmd:foo`, `pc:foo`, `foo`) */
  provides: string[];
  /**
   * subpackage and provided names known only when abuild runs (a loop's `lua$_v-posix`, a
   * `$pkgname-utils` with a conditional pkgname), with `*` for each unknown part: `lua*-posix`
   */
  patterns: string[];
}

const LISTS = new Set(['subpackages', 'provides']);
const DECLARATIONS = new Set(['export', 'readonly', 'declare', 'typeset']);
const VERSIONED = /(<=|>=|<~|>~|[<>=~]).*$/;

/**
 * Reads the index facts from an APKBUILD's text with the shell lexer alone (no tree-sitter, no
 * model: about six times cheaper per file, which is what a whole-tree index needs). Top-level
 * assignments are expanded in file order; list entries (subpackages, provides) are collected
 * from every assignment, conditional ones included, since a package may provide them on some
 * architectures only; `provides` also from the split functions, whose subpackages provide them.
 * Nothing is executed.
 */
export function extractPackageFacts(text: string): PackageFacts {
  const script = lexScript(text, 0, text.length, false, undefined, { detectFunctions: true });
  const env = new FileEnv();
  const lists: Record<string, Set<string>> = { subpackages: new Set(), provides: new Set() };
  const patterns = new Set<string>();
  for (const command of script.commands) {
    if (command.nested) continue;
    const conditional = command.blockDepth > 0 || isLogical(command.precededBy) || isLogical(command.followedBy);
    let words: Word[];
    if (!command.name) words = command.assignments;
    else if (DECLARATIONS.has(command.name.raw)) words = command.args.filter(isAssignmentWord);
    else continue;
    for (const word of words) assign(word, conditional);
  }
  // a split function's `provides=` names what its subpackage provides (lua5.1's dev() provides lua-dev)
  for (const fn of script.functions) {
    for (const command of fn.script.commands) {
      if (command.nested || command.name) continue;
      for (const word of command.assignments) {
        const { name, parts } = assignmentParts(word);
        if (name !== 'provides') continue;
        const partValues = parts.map((p) => (p.kind === 'literal' ? p.text : expandParts([p], env, text)));
        addItems(name, parts, partValues);
      }
    }
  }
  const value = (name: string) => {
    const v = env.get(name);
    return v && !v.symbolic ? v.value : undefined;
  };
  return {
    pkgname: value('pkgname'),
    pkgver: value('pkgver'),
    pkgrel: value('pkgrel'),
    pkgdesc: value('pkgdesc'),
    subpackages: [...lists.subpackages],
    provides: [...lists.provides],
    patterns: [...patterns],
  };

  function assignmentParts(word: Word): { name: string; append: boolean; parts: WordPart[] } {
    const first = word.parts[0] as { text: string; span: { start: number; end: number } };
    const eq = first.text.indexOf('=');
    const append = first.text[eq - 1] === '+';
    const name = first.text.slice(0, append ? eq - 1 : eq);
    const parts: WordPart[] = [];
    if (first.text.length > eq + 1) {
      parts.push({ kind: 'literal', text: first.text.slice(eq + 1), quote: 'none', span: { start: first.span.start + eq + 1, end: first.span.end } });
    }
    parts.push(...word.parts.slice(1));
    return { name, append, parts };
  }

  function addItems(name: string, parts: WordPart[], partValues: (string | undefined)[]): void {
    for (const item of splitItems(parts, partValues, text)) {
      if (item.value === undefined || hasUnknownReference(item.text, env)) {
        const pattern = patternOf(item.text, env, name === 'subpackages');
        if (pattern !== undefined) patterns.add(pattern);
        continue;
      }
      const entry = name === 'subpackages' ? item.value.split(':')[0] : item.value.replace(VERSIONED, '');
      if (entry && !entry.includes('$')) lists[name].add(entry);
    }
  }

  function assign(word: Word, conditional: boolean): void {
    const { name, append, parts } = assignmentParts(word);
    const partValues = parts.map((p) => (p.kind === 'literal' ? p.text : expandParts([p], env, text)));
    const whole = partValues.includes(undefined) ? undefined : partValues.join('');
    if (LISTS.has(name)) addItems(name, parts, partValues);
    const previous = env.get(name)?.value;
    const next: VariableValue = {
      value: conditional ? undefined : append ? (previous === undefined || whole === undefined ? undefined : previous + whole) : whole,
    };
    env.set(name, next);
  }
}

const REFERENCE = /\$(?:\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g;
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** literal characters a pattern needs to say anything (`g++*` does, `*` or `-*` do not) */
const PATTERN_LITERALS = 3;

/** The entry uses a variable the top level never assigns (a loop or function variable: the lexer expands it to nothing). */
function hasUnknownReference(itemText: string, env: Env): boolean {
  if (!itemText.includes('$')) return false;
  for (const m of itemText.matchAll(REFERENCE)) {
    const name = m[2] ?? /^[#!]?([A-Za-z_][A-Za-z0-9_]*)/.exec(m[1])?.[1];
    if (name === undefined || !env.has(name)) return true;
  }
  return false;
}

/** An entry's name with `*` for what is unknown; undefined when too little of it is known. */
function patternOf(itemText: string, env: Env, subpackage: boolean): string | undefined {
  let pattern = itemText.replace(/["']/g, '').replace(REFERENCE, (_, braced: string | undefined, plain: string | undefined) => {
    const name = plain ?? (braced !== undefined && PLAIN_NAME.test(braced) ? braced : undefined);
    const v = name === undefined ? undefined : env.get(name);
    return v && !v.symbolic && v.value !== undefined && !/[\s*?[]/.test(v.value) ? v.value : '*';
  });
  if (subpackage) pattern = pattern.split(':')[0];
  else pattern = pattern.replace(VERSIONED, '');
  pattern = pattern.replace(/\*+/g, '*');
  return pattern.replace(/\*/g, '').length >= PATTERN_LITERALS && !/[\s$]/.test(pattern) ? pattern : undefined;
}

function isLogical(op: string | undefined): boolean {
  return op === '&&' || op === '||';
}
