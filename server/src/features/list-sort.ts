// The "sort and deduplicate" refactoring of dependency lists: pure, on the model.
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Assignment } from '../apkbuild/model';
import type { TextEdit } from '../rules/types';

/** Top-level variables holding package names: sorting them changes nothing for abuild. */
export const DEPENDENCY_LIST = /^(depends(_[a-z]+)?|makedepends(_build|_host)?|checkdepends|provides|replaces|install_if|_[A-Za-z0-9_]*(depends|deps))$/;

/** Values whose words are plain: no quotes inside, substitutions, escapes or comments. */
const PLAIN = /^[^"'`\\#(){};|&<>]*$/;

/** The dependency assignment whose value holds `offset`, when it can be rewritten. */
export function dependencyListAt(apkbuild: Apkbuild, offset: number): Assignment | undefined {
  return apkbuild.assignments.find(
    (a) => DEPENDENCY_LIST.test(a.name) && !a.functionName && offset >= a.span.start && offset <= a.span.end && (a.quoting === 'double' || a.quoting === 'single'),
  );
}

/** Variable references first in their order, then package names sorted; exact repeats dropped. */
export function sortItems(items: readonly string[]): string[] {
  const seen = new Set<string>();
  const unique = items.filter((i) => !seen.has(i) && !!seen.add(i));
  const vars = unique.filter((i) => i.startsWith('$'));
  const names = unique.filter((i) => !i.startsWith('$')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...vars, ...names];
}

/** The edit that sorts and deduplicates a list; undefined when it is already sorted or cannot be rewritten. */
export function sortListEdit(apkbuild: Apkbuild, a: Assignment): TextEdit | undefined {
  const raw = a.raw;
  const quote = raw[0];
  if ((quote !== '"' && quote !== "'") || raw[raw.length - 1] !== quote || raw.length < 2) return undefined;
  const inner = raw.slice(1, -1);
  if (!PLAIN.test(inner)) return undefined;
  const items = inner.split(/[ \t\n]+/).filter(Boolean);
  const sorted = sortItems(items);
  if (sorted.join(' ') === items.join(' ')) return undefined;
  const multiline = inner.includes('\n');
  const body = multiline ? `\n${sorted.map((i) => `\t${i}\n`).join('')}\t` : sorted.join(' ');
  return { span: a.valueSpan, newText: `${quote}${body}${quote}` };
}
