import type { Position, Range, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { splitFunctionOf } from '../apkbuild/subpackages';
import { offsetOf } from './cursor';
import type { FeatureDocument } from './document';
import { functionDoc } from './docs/functions';
import { occurrenceAt } from './occurrences';
import { sameSymbol } from './references';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * What may be renamed: the file's own `_custom` variables, and functions it defines that abuild
 * does not call by name (not a phase, not a built-in split name, not the implicit split function
 * of a subpackage). Returns the name's range and text, or null to refuse.
 */
export function prepareRename(doc: FeatureDocument, position: Position): { range: Range; placeholder: string } | null {
  const offset = offsetOf(doc, position);
  const { apkbuild } = doc;
  const at = occurrenceAt(apkbuild, offset);
  if (!at || !renamable(apkbuild, at.kind, at.name)) return null;
  return { range: apkbuild.lines.range(at.span), placeholder: at.name };
}

function renamable(apkbuild: Apkbuild, kind: 'variable' | 'function', name: string): boolean {
  if (kind === 'variable') {
    return name.startsWith('_') && [...apkbuild.assignments, ...apkbuild.functionAssignments].some((a) => a.name === name);
  }
  if (!apkbuild.functions.some((f) => f.name === name)) return false;
  if (functionDoc(name)) return false;
  // abuild finds `foo-bar`'s split function by the name `bar`: renaming it would break the package
  return !apkbuild.subpackages.some((s) => !s.splitFunction && splitFunctionOf(s) === name);
}

/**
 * The edits renaming the symbol under the cursor. Throws an Error with a message for the user
 * when the new name is not acceptable; returns null where prepareRename refuses.
 */
export function rename(doc: FeatureDocument, position: Position, newName: string): WorkspaceEdit | null {
  const offset = offsetOf(doc, position);
  const { apkbuild } = doc;
  const at = occurrenceAt(apkbuild, offset);
  if (!at || !renamable(apkbuild, at.kind, at.name)) return null;
  if (!IDENTIFIER.test(newName)) throw new Error(`\`${newName}\` is not a shell name (letters, digits and _, not starting with a digit)`);
  if (at.kind === 'variable' && !newName.startsWith('_')) throw new Error('custom variables must start with `_` (aports coding style)');
  if (at.kind === 'function' && functionDoc(newName)) throw new Error(`\`${newName}\` is a name abuild gives a meaning to`);
  const taken = at.kind === 'variable' ? [...apkbuild.assignments, ...apkbuild.functionAssignments].some((a) => a.name === newName) : apkbuild.functions.some((f) => f.name === newName);
  if (taken) throw new Error(`\`${newName}\` is already defined in this APKBUILD`);
  const edits: TextEdit[] = sameSymbol(apkbuild, offset).map((o) => ({ range: apkbuild.lines.range(o.span), newText: newName }));
  return { changes: { [doc.uri]: edits } };
}
