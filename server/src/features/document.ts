// What every LSP feature receives: one open document, already analysed. The language server's
// document store owns the syntax tree (it re-parses incrementally and frees replaced trees);
// features read the model and may walk `tree` through helpers in src/parser, never keep it.
import type { Tree } from 'web-tree-sitter';
import type { Apkbuild } from '../apkbuild/apkbuild';

export interface FeatureDocument {
  readonly uri: string;
  /** The file system path when the URI is a file: URI; undefined for untitled or virtual documents. */
  readonly fsPath: string | undefined;
  readonly version: number;
  readonly text: string;
  /** The model; `apkbuild.lines` converts between offsets and LSP (UTF-16) positions. */
  readonly apkbuild: Apkbuild;
  /** The current syntax tree, valid only during the call. */
  readonly tree: Tree | undefined;
}
