import { Edit, Language, Parser, Query, Tree } from 'web-tree-sitter';
import { locateWasm } from './wasm';

export type { Edit, Node, Tree, TreeCursor } from 'web-tree-sitter';

let ready: Promise<void> | undefined;
let parser: Parser | undefined;
let bash: Language | undefined;

/** Loads the runtime and the bash grammar once; every later call returns the same promise. */
export function initParser(): Promise<void> {
  ready ??= (async () => {
    const wasm = locateWasm();
    await Parser.init({ locateFile: () => wasm.runtime });
    bash = await Language.load(wasm.bash);
    parser = new Parser();
    parser.setLanguage(bash);
  })();
  return ready;
}

function requireParser(): Parser {
  if (!parser) throw new Error('initParser() must be awaited before parsing');
  return parser;
}

export function bashLanguage(): Language {
  if (!bash) throw new Error('initParser() must be awaited before using the language');
  return bash;
}

/**
 * Parses text. With `previous` (already edited with `applyEdit`), tree-sitter reuses unchanged
 * subtrees. The caller owns the returned tree and must `delete()` it when replaced.
 */
export function parseText(text: string, previous?: Tree): Tree {
  const tree = requireParser().parse(text, previous);
  if (!tree) throw new Error('tree-sitter returned no tree');
  return tree;
}

/** Tells an old tree about a text edit before it is passed to parseText as `previous`. */
export function applyEdit(tree: Tree, edit: Edit): void {
  tree.edit(edit);
}

const compiled = new Map<string, Query>();

/** Queries are compiled once per source text and kept for the life of the process. */
export function query(source: string): Query {
  let q = compiled.get(source);
  if (!q) {
    q = new Query(bashLanguage(), source);
    compiled.set(source, q);
  }
  return q;
}
