// Code actions: each rule fix as a quickfix, "fix all" as a source action, the dependency list
// sort as a refactoring, and "Update checksums" on the checksum diagnostics. Pure.
import { CodeAction, CodeActionKind, Diagnostic, Range, TextEdit as LspTextEdit, WorkspaceEdit } from 'vscode-languageserver';
import type { Finding } from '../rules/engine';
import type { TextEdit } from '../rules/types';
import type { FeatureDocument } from './document';
import { DIAGNOSTIC_SOURCE, DiagnosticOptions, toDiagnostic } from './diagnostics';
import { dependencyListAt, sortListEdit } from './list-sort';
import { offsetAt } from './positions';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.apkbuild`;
export const UPDATE_CHECKSUMS_COMMAND = 'apkbuild.updateChecksums';
/** the rules that say sha512sums does not match source: missing block, missing/orphan/out-of-order/duplicate lines */
export const CHECKSUM_MISMATCH_CODES = new Set(['AB39', 'AB40', 'AB41', 'AB42', 'AB43']);

export interface CodeActionRequest {
  range: Range;
  /** the diagnostics the client sent in the context */
  diagnostics?: readonly Diagnostic[];
  only?: readonly string[];
  /** the client accepts `documentChanges` (workspace.workspaceEdit.documentChanges); default true */
  versionedEdits?: boolean;
}

/** A workspace edit on one document, tied to its version (so that a stale edit is refused) unless
 * the client only understands the plain `changes` form. */
export function documentEdit(doc: FeatureDocument, edits: readonly TextEdit[], versioned = true): WorkspaceEdit {
  const lines = doc.apkbuild.lines;
  const lsp: LspTextEdit[] = edits.map((e) => ({ range: lines.range(e.span), newText: e.newText }));
  if (!versioned) return { changes: { [doc.uri]: lsp } };
  return { documentChanges: [{ textDocument: { uri: doc.uri, version: doc.version }, edits: lsp }] };
}

/** Every fix of `findings`, in order, without the edits that overlap an earlier one. */
export function combinedFixEdits(findings: readonly Finding[]): TextEdit[] {
  const all = findings.flatMap((f) => (f.fix ? f.fix.edits.map((e) => ({ span: e.span, newText: e.newText })) : []));
  all.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
  const kept: TextEdit[] = [];
  let end = -1;
  for (const e of all) {
    const last = kept[kept.length - 1];
    if (last && last.span.start === e.span.start && last.span.end === e.span.end && last.newText === e.newText) continue;
    if (e.span.start < end || (last && e.span.start === last.span.start && e.span.start === e.span.end)) continue;
    kept.push(e);
    end = Math.max(end, e.span.end);
  }
  return kept;
}

function wanted(only: readonly string[] | undefined, kind: string): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(`${o}.`));
}

function intersects(a: Range, b: Range): boolean {
  const before = (p: Range['start'], q: Range['start']) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

/** The client's diagnostic for a finding when it sent one, else ours. */
function diagnosticFor(f: Finding, request: CodeActionRequest, options: DiagnosticOptions): Diagnostic {
  const ours = toDiagnostic(f, options);
  return request.diagnostics?.find((d) => d.source === DIAGNOSTIC_SOURCE && d.code === f.code && sameRange(d.range, ours.range)) ?? ours;
}

export function codeActions(doc: FeatureDocument, findings: readonly Finding[], request: CodeActionRequest, options: DiagnosticOptions): CodeAction[] {
  const actions: CodeAction[] = [];
  const inRange = findings.filter((f) => f.path === options.path && intersects(f.range, request.range));
  if (wanted(request.only, CodeActionKind.QuickFix)) {
    for (const f of inRange) {
      if (f.fix?.edits.length) {
        actions.push({ title: f.fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnosticFor(f, request, options)], edit: documentEdit(doc, f.fix.edits, request.versionedEdits), isPreferred: true });
      }
    }
    const mismatch = inRange.filter((f) => CHECKSUM_MISMATCH_CODES.has(f.code));
    if (mismatch.length && doc.fsPath) {
      actions.push({
        title: 'Update checksums',
        kind: CodeActionKind.QuickFix,
        diagnostics: mismatch.map((f) => diagnosticFor(f, request, options)),
        command: { title: 'Update checksums', command: UPDATE_CHECKSUMS_COMMAND, arguments: [doc.uri] },
      });
    }
  }
  if (wanted(request.only, FIX_ALL_KIND) && (request.only || inRange.some((f) => f.fix))) {
    const edits = combinedFixEdits(findings.filter((f) => f.path === options.path));
    if (edits.length) actions.push({ title: 'Fix all in file', kind: FIX_ALL_KIND, edit: documentEdit(doc, edits, request.versionedEdits) });
  }
  if (wanted(request.only, CodeActionKind.RefactorRewrite)) {
    const a = dependencyListAt(doc.apkbuild, offsetAt(doc.apkbuild.lines, request.range.start));
    const edit = a && sortListEdit(doc.apkbuild, a);
    if (a && edit) actions.push({ title: `Sort and deduplicate ${a.name}`, kind: CodeActionKind.RefactorRewrite, edit: documentEdit(doc, [edit], request.versionedEdits) });
  }
  return actions;
}
