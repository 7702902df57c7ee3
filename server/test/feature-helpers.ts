import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Position } from 'vscode-languageserver-types';
import { analyze } from '../src/apkbuild/apkbuild';
import type { FeatureDocument } from '../src/features/document';
import { initParser, parseText } from '../src/parser/parser';
import { PackageIndex } from '../src/workspace/package-index';
import { FIXTURES } from './helpers';

export { initParser };
export const FIXTURE_TREE = path.join(FIXTURES, 'aports');

/** The caret mark in fixture texts: where the cursor is. */
export const CARET = '‸';

/** A FeatureDocument parsed with the real parser. The tree is deleted right away: features must
 * not need it after the model is built (they get it, but this keeps the tests honest). */
export function featureDoc(text: string, fsPath?: string): FeatureDocument {
  const tree = parseText(text);
  const apkbuild = analyze(text, tree);
  tree.delete();
  return {
    uri: fsPath ? pathToFileURL(fsPath).href : 'untitled:APKBUILD',
    fsPath,
    version: 1,
    text,
    apkbuild,
    tree: undefined,
  };
}

/** A document from text holding one caret mark, and the LSP position of that mark. */
export function atCaret(marked: string, fsPath?: string): { doc: FeatureDocument; position: Position } {
  const at = marked.indexOf(CARET);
  if (at === -1 || marked.indexOf(CARET, at + 1) !== -1) throw new Error('the fixture needs exactly one caret');
  const text = marked.slice(0, at) + marked.slice(at + CARET.length);
  const doc = featureDoc(text, fsPath);
  return { doc, position: doc.apkbuild.lines.position(at) };
}

let fixtureIndex: Promise<PackageIndex> | undefined;

/** The index of test-fixtures/aports, built once per test file. */
export function fixtureTreeIndex(): Promise<PackageIndex> {
  fixtureIndex ??= (async () => {
    const index = new PackageIndex([FIXTURE_TREE]);
    await index.build();
    return index;
  })();
  return fixtureIndex;
}
