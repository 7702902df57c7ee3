// Whether an APKBUILD builds on an arch at all, decided as `abuild check_arch` does, from the
// statically read `arch=` (the APKBUILD is never run).
import { analyzeText } from '../apkbuild/apkbuild';
import { initParser } from '../parser/parser';

/** abuild's check_arch: `all`/`noarch` or the arch itself allow it, `!arch` forbids it outright. */
export function archAllowed(archWords: readonly string[], carch: string): boolean {
  let allowed = false;
  for (const word of archWords) {
    if (word === 'all' || word === 'noarch' || word === carch) allowed = true;
    else if (word === '!' + carch) return false;
  }
  return allowed;
}

export interface ArchField {
  /** the words of arch=, when known statically */
  words?: string[];
  /** 1-based line of the assignment, for messages */
  line?: number;
}

/** Reads arch= through the engine's model: the last unconditional top-level assignment wins. */
export async function readArchField(text: string): Promise<ArchField> {
  await initParser();
  const model = analyzeText(text);
  const assignments = model.assignments.filter((a) => a.name === 'arch' && !a.functionName);
  const last = assignments[assignments.length - 1];
  if (!last || assignments.some((a) => a.conditional || a.append)) return { words: last ? undefined : [] };
  if (last.value === undefined) return { line: model.lines.lineOf(last.span.start) + 1 };
  return { words: last.value.split(/\s+/).filter(Boolean), line: model.lines.lineOf(last.span.start) + 1 };
}

export type ArchDecision = { arch: string; build: true } | { arch: string; build: false; reason: string };

/** Splits the requested arches into those to build and those the APKBUILD excludes. */
export function decideArches(requested: readonly string[], field: ArchField): ArchDecision[] {
  return requested.map((arch) => {
    if (field.words === undefined) return { arch, build: true as const };
    if (archAllowed(field.words, arch)) return { arch, build: true as const };
    return { arch, build: false as const, reason: `not for this arch: arch="${field.words.join(' ')}"${field.line ? ` (APKBUILD line ${field.line})` : ''}` };
  });
}
