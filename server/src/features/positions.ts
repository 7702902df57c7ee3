// LSP positions from clients are not always valid: past the end of a line or of the file,
// negative, fractional, or between the two halves of a surrogate pair. These helpers turn any
// of them into a usable offset instead of throwing.
import type { LineIndex, Position, Range, Span } from '../apkbuild/span';

function wholeNumber(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? Math.floor(n) : 0;
}

/** The offset of a position, clamped into the text; a position inside a surrogate pair moves to its start. */
export function offsetAt(lines: LineIndex, position: Position | undefined): number {
  if (!position) return 0;
  const line = wholeNumber(position.line);
  if (line >= lines.lineCount) return lines.text.length;
  let offset = lines.offset({ line, character: wholeNumber(position.character) });
  const text = lines.text;
  if (offset > 0 && offset < text.length && isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1))) offset--;
  return offset;
}

export function spanAt(lines: LineIndex, range: Range | undefined): Span {
  const start = offsetAt(lines, range?.start);
  const end = offsetAt(lines, range?.end);
  return start <= end ? { start, end } : { start: end, end: start };
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Line and UTF-16 column reached after writing `inserted` from `start` (tree-sitter's point). */
export function pointAfter(start: { row: number; column: number }, inserted: string): { row: number; column: number } {
  const lastBreak = inserted.lastIndexOf('\n');
  if (lastBreak === -1) return { row: start.row, column: start.column + inserted.length };
  let rows = 0;
  for (let i = inserted.indexOf('\n'); i !== -1; i = inserted.indexOf('\n', i + 1)) rows++;
  return { row: start.row + rows, column: inserted.length - lastBreak - 1 };
}
