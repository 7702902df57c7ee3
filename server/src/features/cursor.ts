// Where the cursor is, in terms of the model: which assignment value, list item, function,
// comment or `$variable` it is in. Shared by completion, hover and navigation.
import type { Position } from 'vscode-languageserver-types';
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Assignment, Comment, FunctionDef, ListItem } from '../apkbuild/model';
import type { Span } from '../apkbuild/span';
import type { FeatureDocument } from './document';

/** The document offset of an LSP position, clamped into the text (positions past the end are fine). */
export function offsetOf(doc: FeatureDocument, position: Position): number {
  if (position.line < 0) return 0;
  return Math.max(0, Math.min(doc.apkbuild.lines.offset(position), doc.text.length));
}

/** Inside `[start, end]`; a closing quote ends the value, so the offset just after it is outside. */
function inValue(a: Assignment, offset: number, text: string): boolean {
  const { start, end } = a.valueSpan;
  if (offset < start || offset > end) return false;
  const last = text[end - 1];
  return !(offset === end && end > start && (last === '"' || last === "'") && a.quoting !== 'none');
}

/** The assignment whose value holds the offset: top-level ones first, then those in functions. */
export function assignmentValueAt(apkbuild: Apkbuild, offset: number): Assignment | undefined {
  for (const list of [apkbuild.assignments, apkbuild.functionAssignments]) {
    for (const a of list) if (inValue(a, offset, apkbuild.text)) return a;
  }
  return undefined;
}

/** The assignment whose name is under the offset. */
export function assignmentNameAt(apkbuild: Apkbuild, offset: number): Assignment | undefined {
  for (const list of [apkbuild.assignments, apkbuild.functionAssignments]) {
    for (const a of list) if (offset >= a.nameSpan.start && offset <= a.nameSpan.end) return a;
  }
  return undefined;
}

export function itemAt(a: Assignment, offset: number): ListItem | undefined {
  return a.items.find((i) => offset >= i.span.start && offset <= i.span.end);
}

export function functionAt(apkbuild: Apkbuild, offset: number): FunctionDef | undefined {
  return apkbuild.functions.find((f) => offset > f.bodySpan.start && offset < f.bodySpan.end);
}

export function functionNameAt(apkbuild: Apkbuild, offset: number): FunctionDef | undefined {
  return apkbuild.functions.find((f) => offset >= f.nameSpan.start && offset <= f.nameSpan.end);
}

export function commentAt(apkbuild: Apkbuild, offset: number): Comment | undefined {
  return apkbuild.comments.find((c) => offset > c.span.start && offset <= c.span.end);
}

const NAME_CHAR = /[A-Za-z0-9_]/;

/** `$name` or `${name...}` with the offset on the `$`, the brace or the name. */
export function variableReferenceAt(text: string, offset: number): { name: string; span: Span } | undefined {
  let start = offset;
  while (start > 0 && NAME_CHAR.test(text[start - 1])) start--;
  let nameStart = start;
  if (text[start] === '$') nameStart = start + 1;
  if (text[nameStart] === '{') nameStart++;
  let end = nameStart;
  while (end < text.length && NAME_CHAR.test(text[end])) end++;
  if (end === nameStart || /[0-9]/.test(text[nameStart])) return undefined;
  const before = text[nameStart - 1] === '{' ? nameStart - 2 : nameStart - 1;
  if (text[before] !== '$' || (before > 0 && text[before - 1] === '\\')) return undefined;
  return { name: text.slice(nameStart, end), span: { start: nameStart, end } };
}

/** The shell word (command name or argument) under the offset; `stop` matches the characters that end it. */
export function wordAt(text: string, offset: number, stop: RegExp = /[\s;&|()<>"'`=]/): { word: string; span: Span } | undefined {
  let start = offset;
  while (start > 0 && !stop.test(text[start - 1])) start--;
  let end = offset;
  while (end < text.length && !stop.test(text[end])) end++;
  if (end === start) return undefined;
  return { word: text.slice(start, end), span: { start, end } };
}

/** A dependency entry's package name: without `!` and without a version constraint. */
export function dependencyName(entry: string): string {
  return entry.replace(/^!/, '').replace(/(<=|>=|<~|>~|[<>=~]).*$/, '');
}
