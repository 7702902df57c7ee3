import type { Location, Position } from 'vscode-languageserver-types';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { offsetOf } from './cursor';
import type { FeatureDocument } from './document';
import { Occurrence, occurrenceAt, occurrences } from './occurrences';

/** Every occurrence of the variable or function under the cursor in this document. */
export function references(doc: FeatureDocument, position: Position, context: { includeDeclaration: boolean } = { includeDeclaration: true }): Location[] {
  return sameSymbol(doc.apkbuild, offsetOf(doc, position))
    .filter((o) => context.includeDeclaration || o.role !== 'definition')
    .map((o) => ({ uri: doc.uri, range: doc.apkbuild.lines.range(o.span) }));
}

/**
 * The occurrences that name the same thing as the one at `offset`. A variable assigned with
 * `local` in a function is that function's own; any other name is one symbol for the file.
 */
export function sameSymbol(apkbuild: Apkbuild, offset: number): Occurrence[] {
  const at = occurrenceAt(apkbuild, offset);
  if (!at) return [];
  const all = occurrences(apkbuild).filter((o) => o.kind === at.kind && o.name === at.name);
  if (at.kind !== 'variable') return all;
  const localIn = (fn: string | undefined) =>
    fn !== undefined && apkbuild.functionAssignments.some((a) => a.functionName === fn && a.name === at.name && a.declaration === 'local');
  if (localIn(at.functionName)) return all.filter((o) => o.functionName === at.functionName);
  return all.filter((o) => !localIn(o.functionName));
}
