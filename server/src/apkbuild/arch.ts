import { assignmentsOf, definitionOf } from './facts';
import { ParsedApkbuild } from './model';

/**
 * Whether abuild builds a package with these `arch=` words on `carch`, as its check_arch does:
 * `all`, `noarch` or the arch itself allow it, `!arch` forbids it whatever else is there, and
 * nothing (an empty or unset arch) allows no arch at all.
 */
export function archAllows(words: readonly string[], carch: string): boolean {
  let allowed = false;
  for (const word of words) {
    if (word === '!' + carch) return false;
    if (word === 'all' || word === 'noarch' || word === carch) allowed = true;
  }
  return allowed;
}

/** What an APKBUILD's `arch=` is, read statically. */
export interface ArchList {
  /** the words of the value; undefined when a conditional assignment, an append or an unknown
   * expansion makes it unknowable without running the file */
  words: string[] | undefined;
  /** 0-based line of the defining assignment; undefined when arch is never set */
  line: number | undefined;
  /** `arch="..."` as written, for messages */
  text: string | undefined;
}

/** The `arch=` of a parsed APKBUILD (its defining top-level assignment). */
export function archListOf(model: ParsedApkbuild): ArchList {
  const all = assignmentsOf(model, 'arch').filter((a) => a.declaration !== 'local');
  const def = definitionOf(model, 'arch');
  if (!def || all.length === 0) return { words: [], line: undefined, text: undefined };
  const line = model.lines.lineOf(def.span.start);
  const text = model.text.slice(def.span.start, def.span.end);
  const knowable = !all.some((a) => a.conditional || a.append) && def.value !== undefined;
  return { words: knowable ? def.value!.split(/\s+/).filter(Boolean) : undefined, line, text };
}
