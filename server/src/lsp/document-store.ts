// The open documents: text, syntax tree and model per URI. Changes are applied to the old tree
// with tree.edit as they arrive; the re-parse (incremental, reusing that tree) and the analysis
// happen once, when a document is next asked for, so a burst of keystrokes costs one parse.
import { fileURLToPath } from 'node:url';
import { analyze, Apkbuild } from '../apkbuild/apkbuild';
import { LineIndex } from '../apkbuild/span';
import type { FeatureDocument } from '../features/document';
import { applyEdit, parseText, Tree } from '../parser/parser';
import { pointAfter, spanAt } from '../features/positions';

export interface ContentChange {
  /** absent: the whole text is replaced */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  text: string;
}

interface Entry {
  uri: string;
  fsPath: string | undefined;
  version: number;
  text: string;
  lines: LineIndex | undefined;
  /** the last parsed tree, already told about the edits made since (when `stale`) */
  tree: Tree | undefined;
  stale: boolean;
  apkbuild: Apkbuild | undefined;
}

export function fsPathOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export class DocumentStore {
  private readonly entries = new Map<string, Entry>();

  open(uri: string, version: number, text: string): void {
    this.close(uri);
    this.entries.set(uri, { uri, fsPath: fsPathOf(uri), version, text, lines: undefined, tree: undefined, stale: true, apkbuild: undefined });
  }

  /** Applies incremental (or whole-text) changes in order; unknown documents are ignored. */
  change(uri: string, version: number, changes: readonly ContentChange[]): void {
    const e = this.entries.get(uri);
    if (!e) return;
    for (const change of changes) {
      if (typeof change.text !== 'string') continue;
      if (!change.range) {
        e.tree?.delete();
        e.tree = undefined;
        e.text = change.text;
      } else {
        const lines = (e.lines ??= new LineIndex(e.text));
        const span = spanAt(lines, change.range);
        if (e.tree) {
          const startPosition = toPoint(lines, span.start);
          applyEdit(e.tree, {
            startIndex: span.start,
            oldEndIndex: span.end,
            newEndIndex: span.start + change.text.length,
            startPosition,
            oldEndPosition: toPoint(lines, span.end),
            newEndPosition: pointAfter(startPosition, change.text),
          });
        }
        e.text = e.text.slice(0, span.start) + change.text + e.text.slice(span.end);
      }
      e.lines = undefined;
    }
    e.version = version;
    e.stale = true;
    e.apkbuild = undefined;
  }

  close(uri: string): void {
    const e = this.entries.get(uri);
    if (!e) return;
    e.tree?.delete();
    this.entries.delete(uri);
  }

  closeAll(): void {
    for (const uri of [...this.entries.keys()]) this.close(uri);
  }

  has(uri: string): boolean {
    return this.entries.has(uri);
  }

  version(uri: string): number | undefined {
    return this.entries.get(uri)?.version;
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }

  /** The analysed document (re-parsed incrementally when it changed); undefined when not open. */
  get(uri: string): FeatureDocument | undefined {
    const e = this.entries.get(uri);
    if (!e) return undefined;
    if (e.stale || !e.tree) {
      const tree = parseText(e.text, e.tree);
      e.tree?.delete();
      e.tree = tree;
      e.stale = false;
      e.apkbuild = undefined;
    }
    e.apkbuild ??= analyze(e.text, e.tree);
    e.lines = e.apkbuild.lines;
    return { uri: e.uri, fsPath: e.fsPath, version: e.version, text: e.text, apkbuild: e.apkbuild, tree: e.tree };
  }
}

function toPoint(lines: LineIndex, offset: number): { row: number; column: number } {
  const p = lines.position(offset);
  return { row: p.line, column: p.character };
}
