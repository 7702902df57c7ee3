// Whether an APKBUILD builds on an arch at all, decided as `abuild check_arch` does, from the
// statically read `arch=` (the APKBUILD is never run).
import { analyzeText } from '../apkbuild/apkbuild';
import { archAllows, archListOf } from '../apkbuild/arch';
import { initParser } from '../parser/parser';

export interface ArchField {
  /** the words of arch=, when known statically */
  words?: string[];
  /** 1-based line of the assignment, for messages */
  line?: number;
}

/** Reads arch= through the engine's model, as the build planner does. */
export async function readArchField(text: string): Promise<ArchField> {
  await initParser();
  const { words, line } = archListOf(analyzeText(text));
  return { words, line: line === undefined ? undefined : line + 1 };
}

export type ArchDecision = { arch: string; build: true } | { arch: string; build: false; reason: string };

/** Splits the requested arches into those to build and those the APKBUILD excludes. */
export function decideArches(requested: readonly string[], field: ArchField): ArchDecision[] {
  return requested.map((arch) => {
    if (field.words === undefined) return { arch, build: true as const };
    if (archAllows(field.words, arch)) return { arch, build: true as const };
    return { arch, build: false as const, reason: `not for this arch: arch="${field.words.join(' ')}"${field.line ? ` (APKBUILD line ${field.line})` : ''}` };
  });
}
