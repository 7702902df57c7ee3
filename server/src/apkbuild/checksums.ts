import { Assignment, ParsedApkbuild } from './model';
import { Span } from './span';

export type ChecksumKind = 'sha512sums' | 'sha256sums' | 'sha1sums' | 'md5sums';
export const CHECKSUM_VARIABLES: ChecksumKind[] = ['sha512sums', 'sha256sums', 'sha1sums', 'md5sums'];

export interface ChecksumLine {
  hash: string;
  fileName: string;
  /** the whole line's content */
  span: Span;
  /** `<hash>  <name>` with exactly two spaces and a hex hash of the right length */
  wellFormed: boolean;
}

export interface ChecksumBlock {
  kind: ChecksumKind;
  assignment: Assignment;
  lines: ChecksumLine[];
}

const HASH_LENGTH: Record<ChecksumKind, number> = { sha512sums: 128, sha256sums: 64, sha1sums: 40, md5sums: 32 };
const HEX = /^[0-9a-f]+$/;
const LINE = /^(\S+)(\s+)(.*)$/;

export function checksumBlocksOf(model: ParsedApkbuild): ChecksumBlock[] {
  const blocks: ChecksumBlock[] = [];
  for (const a of model.assignments) {
    if (!(CHECKSUM_VARIABLES as string[]).includes(a.name)) continue;
    const kind = a.name as ChecksumKind;
    const lines: ChecksumLine[] = [];
    const text = model.text;
    // the value's lines, without the quotes
    let pos = a.valueSpan.start + (text[a.valueSpan.start] === '"' || text[a.valueSpan.start] === "'" ? 1 : 0);
    const end = a.valueSpan.end - (a.quoting === 'double' || a.quoting === 'single' ? 1 : 0);
    while (pos < end) {
      let nl = text.indexOf('\n', pos);
      if (nl === -1 || nl > end) nl = end;
      const line = text.slice(pos, nl);
      const content = line.trim();
      if (content) {
        const lead = line.length - line.trimStart().length;
        const span = { start: pos + lead, end: pos + lead + content.length };
        const m = LINE.exec(content);
        const hash = m ? m[1] : content;
        const fileName = m ? m[3] : '';
        lines.push({
          hash,
          fileName,
          span,
          wellFormed: !!m && m[2] === '  ' && hash.length === HASH_LENGTH[kind] && HEX.test(hash) && fileName !== '',
        });
      }
      pos = nl + 1;
    }
    blocks.push({ kind, assignment: a, lines });
  }
  return blocks;
}
