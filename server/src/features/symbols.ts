import { DocumentSymbol, SymbolKind } from 'vscode-languageserver-types';
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Span } from '../apkbuild/span';
import type { FeatureDocument } from './document';

const PREVIEW = 60;

/**
 * The outline: groups for metadata (top-level variables), functions, sources and secfixes
 * (versions with their identifiers), each group spanning its children.
 */
export function documentSymbols(doc: FeatureDocument): DocumentSymbol[] {
  const { apkbuild } = doc;
  const sym = (name: string, kind: SymbolKind, span: Span, selection: Span = span, detail?: string, children?: DocumentSymbol[]): DocumentSymbol => ({
    name: name || ' ',
    kind,
    detail,
    range: apkbuild.lines.range(span),
    selectionRange: apkbuild.lines.range(selection),
    children,
  });
  const group = (name: string, kind: SymbolKind, children: DocumentSymbol[]): DocumentSymbol[] => {
    if (children.length === 0) return [];
    const range = { start: children[0].range.start, end: children[children.length - 1].range.end };
    return [{ name, kind, range, selectionRange: { start: range.start, end: range.start }, children }];
  };

  const metadata = apkbuild.assignments
    .filter((a) => !a.name.startsWith('sha') || !a.name.endsWith('sums'))
    .map((a) => sym(a.name, a.name.startsWith('_') ? SymbolKind.Variable : SymbolKind.Property, a.span, a.nameSpan, preview(a.value ?? a.raw)));
  const functions = apkbuild.functions.map((f) => sym(f.name, SymbolKind.Function, f.span, f.nameSpan));
  const sources = apkbuild.sources.map((s) => sym(s.fileName ?? s.text, SymbolKind.File, s.span, s.span, s.remote ? s.url : 'local file'));
  const secfixes = secfixesSymbols(apkbuild, sym);
  return [
    ...group('metadata', SymbolKind.Namespace, metadata),
    ...group('functions', SymbolKind.Namespace, functions),
    ...group('sources', SymbolKind.Namespace, sources),
    ...group('secfixes', SymbolKind.Namespace, secfixes),
  ];
}

function preview(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > PREVIEW ? flat.slice(0, PREVIEW - 1) + '…' : flat;
}

type Make = (name: string, kind: SymbolKind, span: Span, selection?: Span, detail?: string, children?: DocumentSymbol[]) => DocumentSymbol;

function secfixesSymbols(apkbuild: Apkbuild, sym: Make): DocumentSymbol[] {
  const block = apkbuild.secfixes;
  if (!block) return [];
  const out: DocumentSymbol[] = [];
  let current: { line: (typeof block.lines)[number]; ids: DocumentSymbol[]; end: number } | undefined;
  const flush = () => {
    if (!current) return;
    const { line, ids, end } = current;
    out.push(sym(line.value, SymbolKind.Key, { start: line.span.start, end }, line.valueSpan, `${ids.length} fixed`, ids));
    current = undefined;
  };
  for (const line of block.lines) {
    if (line.kind === 'version') {
      flush();
      current = { line, ids: [], end: line.span.end };
    } else if (line.kind === 'id' && current) {
      current.ids.push(sym(line.value, SymbolKind.Event, line.span, line.valueSpan));
      current.end = line.span.end;
    }
  }
  flush();
  return out;
}
