import type { Span } from '../apkbuild/span';
import { TextEdit } from './types';

/** Applies non-overlapping edits; overlapping ones after the first are dropped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.span.start < pos) continue;
    out += text.slice(pos, e.span.start) + e.newText;
    pos = e.span.end;
  }
  return out + text.slice(pos);
}

const BLANKS = /^[ \t]*$/;

/** What to delete to remove one list item: its whole line when it stands alone on it, else the
 * item and the blanks before it (after it, when it is the first of its list). */
export function removeItemSpan(text: string, span: Span): Span {
  const lineStart = text.lastIndexOf('\n', span.start - 1) + 1;
  let lineEnd = text.indexOf('\n', span.end);
  if (lineEnd === -1) lineEnd = text.length;
  if (BLANKS.test(text.slice(lineStart, span.start)) && BLANKS.test(text.slice(span.end, lineEnd))) {
    return { start: lineStart, end: Math.min(lineEnd + 1, text.length) };
  }
  let start = span.start;
  while (start > 0 && (text[start - 1] === ' ' || text[start - 1] === '\t')) start--;
  if (start < span.start && !'"\'=\n'.includes(text[start - 1])) return { start, end: span.end };
  let end = span.end;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return { start: span.start, end };
}
