// Applies LSP text edits to a string, as an editor would (for checking what the server sends).
import { LineIndex } from '../src/apkbuild/span';

export interface LspEdit {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  newText: string;
}

export function applyLspEdits(text: string, edits: readonly LspEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ start: lines.offset(e.range.start), end: lines.offset(e.range.end), newText: e.newText }));
  spans.sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  for (const s of spans) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/** The edits of a WorkspaceEdit for one document, from `documentChanges` or `changes`. */
export function editsOf(edit: any, uri: string): LspEdit[] {
  if (edit.documentChanges) return edit.documentChanges.filter((c: any) => c.textDocument?.uri === uri).flatMap((c: any) => c.edits);
  return edit.changes?.[uri] ?? [];
}
