import type { Location, Position } from 'vscode-languageserver-types';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { definitionOf } from '../apkbuild/facts';
import type { Span } from '../apkbuild/span';
import { splitFunctionOf } from '../apkbuild/subpackages';
import type { PackageIndex } from '../workspace/package-index';
import { assignmentValueAt, dependencyName, itemAt, offsetOf } from './cursor';
import type { FeatureDocument } from './document';
import { variableDoc } from './docs/variables';
import { occurrenceAt } from './occurrences';
import { fileUri, packageFile } from './package-files';

const START = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/**
 * Go to definition: a variable's assignment (a function's own one first), a function (also from
 * a subpackage entry to its split function), a local source or install file in the package
 * directory, a dependency's APKBUILD through the index. Empty when there is nothing to go to.
 */
export function definition(doc: FeatureDocument, position: Position, index?: PackageIndex): Location[] {
  const offset = offsetOf(doc, position);
  const { apkbuild } = doc;
  const here = (span: Span): Location[] => [{ uri: doc.uri, range: apkbuild.lines.range(span) }];

  const a = assignmentValueAt(apkbuild, offset);
  const item = a ? itemAt(a, offset) : undefined;
  const occurrence = occurrenceAt(apkbuild, offset);
  if (occurrence && !(a?.name === 'subpackages' && occurrence.kind === 'function')) {
    if (occurrence.kind === 'variable') {
      const def = variableDefinition(apkbuild, occurrence.name, occurrence.functionName, offset);
      return def ? here(def) : [];
    }
    const fn = apkbuild.functions.find((f) => f.name === occurrence.name);
    return fn ? here(fn.nameSpan) : [];
  }
  if (!a || !item) return [];
  switch (a.functionName === undefined ? a.name : '') {
    case 'subpackages': {
      const sub = apkbuild.subpackages.find((s) => s.span.start === item.span.start);
      const fn = sub && apkbuild.functions.find((f) => f.name === splitFunctionOf(sub));
      return fn ? here(fn.nameSpan) : [];
    }
    case 'source': {
      const source = apkbuild.sources.find((s) => s.span.start === item.span.start);
      const file = source && !source.remote && source.fileName ? packageFile(doc, source.fileName) : undefined;
      return file ? [{ uri: fileUri(file), range: START }] : [];
    }
    case 'install': {
      const file = item.value ? packageFile(doc, item.value) : undefined;
      return file ? [{ uri: fileUri(file), range: START }] : [];
    }
  }
  if (variableDoc(a.name)?.packages && item.value !== undefined && index) {
    const name = dependencyName(item.value);
    const paths = [...new Set(index.lookup(name).map((m) => m.entry.path))].filter((p) => p !== doc.fsPath);
    return paths.map((p) => ({ uri: fileUri(p), range: START }));
  }
  return [];
}

/** Where a variable read at `offset` gets its value: an assignment in the same function before
 * the offset, else the top-level definition. */
export function variableDefinition(apkbuild: Apkbuild, name: string, functionName: string | undefined, offset: number): Span | undefined {
  if (functionName !== undefined) {
    const local = apkbuild.functionAssignments.filter((x) => x.functionName === functionName && x.name === name && x.nameSpan.start <= offset);
    if (local.length) return local[local.length - 1].nameSpan;
  }
  return definitionOf(apkbuild, name)?.nameSpan;
}
