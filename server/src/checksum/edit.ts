import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Assignment } from '../apkbuild/model';
import type { Span } from '../apkbuild/span';
import type { TextEdit } from '../rules/types';
import type { SourceHash } from './compute';

/** One line as coreutils `sha512sum` prints it (a name with `\` is escaped, the line then starts with `\`). */
export function sumLine({ hash, name }: SourceHash): string {
  return name.includes('\\') ? `\\${hash}  ${name.replace(/\\/g, '\\\\')}` : `${hash}  ${name}`;
}

/** The assignment abuild's checksum() writes: printf 'sha512sums="\n%s\n"\n' "$(sha512sum $files)". */
export function sha512sumsBlock(hashes: readonly SourceHash[]): string {
  return `sha512sums="\n${hashes.map(sumLine).join('\n')}\n"`;
}

/** Blocks abuild's sed deletes: `sha<digits>sums=` at the start of a line (md5sums is left alone, as abuild does). */
const DELETED = /^sha[0-9]+sums$/;

/**
 * The edits that make the checksums those of `hashes`: the last sha512sums block is replaced
 * in place, every other sha*sums block is deleted, and when there was no sha512sums block a
 * fresh one is appended at the end, as `abuild checksum` appends it. No source: the blocks go
 * and nothing is added. Nothing else is touched; no edits when nothing changes.
 */
export function checksumEdits(text: string, apkbuild: Apkbuild, hashes: readonly SourceHash[]): TextEdit[] {
  const blocks = apkbuild.assignments.filter(
    (a) => DELETED.test(a.name) && !a.conditional && !a.declaration && apkbuild.lines.lineStart(apkbuild.lines.lineOf(a.span.start)) === a.span.start,
  );
  const target = hashes.length ? [...blocks].reverse().find((a) => a.name === 'sha512sums') : undefined;
  const block = sha512sumsBlock(hashes);
  const edits: TextEdit[] = [];
  for (const a of blocks) {
    if (a === target) {
      if (text.slice(a.span.start, a.span.end) !== block) edits.push({ span: a.span, newText: block });
    } else edits.push({ span: deletion(text, apkbuild, a), newText: '' });
  }
  if (hashes.length && !target) {
    const last = edits.find((e) => e.span.end === text.length);
    const end = last ? last.span.start : text.length;
    const newline = end === 0 || text[end - 1] === '\n' ? '' : '\n';
    edits.push({ span: { start: text.length, end: text.length }, newText: `${newline}${block}\n` });
  }
  return edits;
}

/** The whole lines of an assignment alone on its lines; else just the assignment. */
function deletion(text: string, apkbuild: Apkbuild, a: Assignment): Span {
  const lines = apkbuild.lines;
  const last = lines.lineOf(a.span.end);
  if (text.slice(a.span.end, lines.lineEnd(last)).trim() !== '') return a.span;
  const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : text.length;
  return { start: a.span.start, end };
}
