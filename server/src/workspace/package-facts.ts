import { baseEnv, expandParts, VariableValue } from '../apkbuild/expand';
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
}

const LISTS = new Set(['subpackages', 'provides']);
const DECLARATIONS = new Set(['export', 'readonly', 'declare', 'typeset']);
const VERSIONED = /(<=|>=|<~|>~|[<>=~]).*$/;

/**
 * Reads the index facts from an APKBUILD's text with the shell lexer alone (no tree-sitter, no
 * model: about six times cheaper per file, which is what a whole-tree index needs). Top-level
 * assignments are expanded in file order; list entries (subpackages, provides) are collected
 * from every assignment, conditional ones included, since a package may provide them on some
 * architectures only. Nothing is executed.
 */
export function extractPackageFacts(text: string): PackageFacts {
  const script = lexScript(text, 0, text.length, false, undefined, { detectFunctions: true });
  const env = baseEnv();
  const lists: Record<string, Set<string>> = { subpackages: new Set(), provides: new Set() };
  for (const command of script.commands) {
    if (command.nested) continue;
    const conditional = command.blockDepth > 0 || isLogical(command.precededBy) || isLogical(command.followedBy);
    let words: Word[];
    if (!command.name) words = command.assignments;
    else if (DECLARATIONS.has(command.name.raw)) words = command.args.filter(isAssignmentWord);
    else continue;
    for (const word of words) assign(word, conditional);
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
  };

  function assign(word: Word, conditional: boolean): void {
    const first = word.parts[0] as { text: string; span: { start: number; end: number } };
    const eq = first.text.indexOf('=');
    const append = first.text[eq - 1] === '+';
    const name = first.text.slice(0, append ? eq - 1 : eq);
    const parts: WordPart[] = [];
    if (first.text.length > eq + 1) {
      parts.push({ kind: 'literal', text: first.text.slice(eq + 1), quote: 'none', span: { start: first.span.start + eq + 1, end: first.span.end } });
    }
    parts.push(...word.parts.slice(1));
    const partValues = parts.map((p) => (p.kind === 'literal' ? p.text : expandParts([p], env, text)));
    const whole = partValues.includes(undefined) ? undefined : partValues.join('');
    if (LISTS.has(name)) {
      for (const item of splitItems(parts, partValues, text)) {
        if (item.value === undefined) continue;
        const entry = name === 'subpackages' ? item.value.split(':')[0] : item.value.replace(VERSIONED, '');
        if (entry && !entry.includes('$')) lists[name].add(entry);
      }
    }
    const previous = env.get(name)?.value;
    const next: VariableValue = {
      value: conditional ? undefined : append ? (previous === undefined || whole === undefined ? undefined : previous + whole) : whole,
    };
    env.set(name, next);
  }
}

function isLogical(op: string | undefined): boolean {
  return op === '&&' || op === '||';
}
