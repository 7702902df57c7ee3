import { Hover, MarkupKind, Position } from 'vscode-languageserver-types';
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Assignment } from '../apkbuild/model';
import type { Span } from '../apkbuild/span';
import { splitFunctionOf } from '../apkbuild/subpackages';
import type { PackageIndex } from '../workspace/package-index';
import {
  assignmentNameAt,
  assignmentValueAt,
  commentAt,
  dependencyName,
  functionAt,
  functionNameAt,
  itemAt,
  offsetOf,
  variableReferenceAt,
  wordAt,
} from './cursor';
import type { FeatureDocument } from './document';
import { functionDoc } from './docs/functions';
import { archDoc, isExceptionId, LICENSE_OPERATORS, licenseName, optionDoc, ruleDoc } from './docs/values';
import { variableDoc } from './docs/variables';
import { ownAssignmentBefore, topLevelValueAt, ValueAt } from './value-at';

/** Hover at a position: docs, expanded values, package facts from the index; null when nothing is known. */
export function hover(doc: FeatureDocument, position: Position, index?: PackageIndex): Hover | null {
  const offset = offsetOf(doc, position);
  const { apkbuild, text } = doc;
  const at = (value: string, span: Span): Hover => ({ contents: { kind: MarkupKind.Markdown, value }, range: apkbuild.lines.range(span) });

  const comment = commentAt(apkbuild, offset);
  if (comment) {
    if (!/apkbuild-lint/.test(comment.text)) return null;
    const word = wordAt(text, offset, /[\s,=#]/);
    const rule = word ? ruleDoc(word.word) : undefined;
    return rule && word ? at(`**${rule.code}** \`${rule.label}\` (${rule.severity}, ${rule.certainty})\n\n${rule.summary}\n\n${rule.docs}`, word.span) : null;
  }

  const fnName = functionNameAt(apkbuild, offset);
  if (fnName) return at(functionText(apkbuild, fnName.name) ?? `\`${fnName.name}()\`: a function of this APKBUILD`, fnName.nameSpan);

  const named = assignmentNameAt(apkbuild, offset);
  if (named) return at(variableText(apkbuild, named.name, named), named.nameSpan);

  const ref = variableReferenceAt(text, offset);
  if (ref) {
    // inside a function, the value it last assigned before this point (a local one) wins
    const fn = functionAt(apkbuild, offset)?.name;
    if (fn === undefined) return at(variableText(apkbuild, ref.name, undefined, topLevelValueAt(apkbuild, ref.name, offset)), ref.span);
    return at(variableText(apkbuild, ref.name, ownAssignmentBefore(apkbuild, fn, ref.name, offset)), ref.span);
  }

  const a = assignmentValueAt(apkbuild, offset);
  if (a && (a.functionName === undefined || variableDoc(a.name)?.packages)) {
    const found = valueHover(doc, a, offset, index);
    if (found) return at(found.text, found.span);
    return null;
  }

  if (functionAt(apkbuild, offset)) {
    const word = wordAt(text, offset);
    if (word && /^[A-Za-z_][A-Za-z0-9_]*$/.test(word.word)) {
      const docText = functionText(apkbuild, word.word);
      if (docText) return at(docText, word.span);
    }
  }
  return null;
}

function code(value: string): string {
  const fence = value.includes('```') ? '~~~' : '```';
  return `${fence}sh\n${value}\n${fence}`;
}

function variableText(apkbuild: Apkbuild, name: string, assignment?: Assignment, valueAt?: ValueAt): string {
  const docEntry = variableDoc(name);
  const out = [`**${name}**${docEntry ? ` (${docEntry.kind === 'abuild' ? 'set by abuild' : docEntry.kind === 'environment' ? 'environment' : 'APKBUILD variable'})` : ''}`];
  if (docEntry) out.push(docEntry.doc);
  const inFunction = assignment?.functionName !== undefined;
  const value = assignment ? assignment.value : valueAt ? valueAt.value : apkbuild.env.get(name)?.value;
  const symbolic = apkbuild.env.get(name)?.symbolic;
  if (valueAt?.assignedBelow !== undefined) {
    out.push(`Not assigned yet at this line (first assigned at line ${valueAt.assignedBelow}): empty here.`);
  } else if (!symbolic && (assignment || apkbuild.env.has(name))) {
    if (value === undefined) out.push(inFunction ? `Assigned in ${assignment!.functionName}(); its value is only known at build time.` : 'Its value is only known at build time.');
    else out.push('Value:\n' + code(value.length > 2000 ? value.slice(0, 2000) + '…' : value));
  } else if (!docEntry && !name.startsWith('_') && /^[a-z]/.test(name)) {
    out.push('Not set in this APKBUILD.');
  }
  return out.join('\n\n');
}

function functionText(apkbuild: Apkbuild, name: string): string | undefined {
  const entry = functionDoc(name);
  const defined = apkbuild.functions.find((f) => f.name === name);
  if (!entry && !defined) return undefined;
  const out: string[] = [];
  if (entry) {
    const kind = entry.kind === 'phase' ? 'abuild phase' : entry.kind === 'split' ? 'built-in split function' : 'abuild helper';
    out.push(`**${entry.usage ?? name + '()'}** (${kind})`, entry.doc);
  } else out.push(`**${name}()**`);
  if (defined) {
    const subs = apkbuild.subpackages.filter((s) => s.known && splitFunctionOf(s) === name).map((s) => '`' + s.name + '`');
    out.push(`Defined in this APKBUILD at line ${apkbuild.lines.lineOf(defined.nameSpan.start) + 1}${subs.length ? `; split function of ${subs.join(', ')}` : ''}.`);
  }
  return out.join('\n\n');
}

function valueHover(doc: FeatureDocument, a: Assignment, offset: number, index: PackageIndex | undefined): { text: string; span: Span } | undefined {
  const { apkbuild } = doc;
  const item = itemAt(a, offset);
  if (a.name === 'license') {
    const word = wordAt(doc.text, offset);
    if (!word) return undefined;
    const lead = word.word.length - word.word.replace(/^[("']+/, '').length;
    const id = word.word.replace(/^[("']+/, '').replace(/[)"']+$/, '');
    const span = { start: word.span.start + lead, end: word.span.start + lead + id.length };
    if (LICENSE_OPERATORS[id]) return { text: `**${id}**: ${LICENSE_OPERATORS[id]}`, span };
    const license = licenseName(id);
    if (license) return { text: `**${id}**: ${license.name}\n\n${license.url}`, span };
    if (isExceptionId(id)) return { text: `**${id}**: an SPDX license exception`, span };
    return { text: `**${id}**: not an SPDX license id`, span };
  }
  if (!item) return { text: variableText(apkbuild, a.name, a), span: a.valueSpan };
  const value = item.value;
  switch (a.name) {
    case 'arch': {
      const d = value ? archDoc(value) : undefined;
      return { text: `**${value ?? item.text}**: ${d ?? 'not an architecture abuild knows'}`, span: item.span };
    }
    case 'options': {
      const d = value ? optionDoc(value) : undefined;
      const custom = value?.includes(':') ? 'a custom option (`name:value` or `subpkg::option`)' : undefined;
      return { text: `**${value ?? item.text}**: ${d ?? custom ?? 'not an option abuild knows'}`, span: item.span };
    }
    case 'source':
      return { text: sourceText(doc, item.span), span: item.span };
    case 'subpackages': {
      const sub = apkbuild.subpackages.find((s) => s.span.start === item.span.start);
      if (!sub) return undefined;
      const fn = splitFunctionOf(sub);
      const builtin = functionDoc(fn)?.kind === 'split' && !apkbuild.functions.some((f) => f.name === fn);
      return { text: `**${sub.name}**${sub.known ? '' : ' (not statically known)'}\n\nSplit function: \`${fn}()\`${builtin ? ' (built into abuild)' : ''}${sub.arch ? `\n\nArch: ${sub.arch}` : ''}`, span: item.span };
    }
  }
  if (variableDoc(a.name)?.packages && value !== undefined) {
    return { text: dependencyText(doc, dependencyName(value), value, index), span: item.span };
  }
  if (value !== undefined && value !== item.text) return { text: 'Expands to:\n' + code(value), span: item.span };
  return undefined;
}

function sourceText(doc: FeatureDocument, span: Span): string {
  const source = doc.apkbuild.sources.find((s) => s.span.start === span.start);
  if (!source) return '';
  const lines: string[] = [];
  if (source.value === undefined) lines.push('Not statically known (uses values set at build time).');
  else if (source.remote) {
    lines.push(`Downloads ${source.url}`);
    lines.push(`Saved as \`${source.fileName}\`${source.renamed ? ' (renamed with `::`)' : ''}`);
  } else lines.push(`Local file \`${source.fileName}\` in the package directory`);
  const sum = doc.apkbuild.checksums.flatMap((b) => b.lines.map((l) => ({ kind: b.kind, ...l }))).find((l) => l.fileName === source.fileName);
  if (sum) lines.push(`${sum.kind.replace(/sums$/, '')}: \`${sum.hash.slice(0, 16)}…\``);
  return lines.join('\n\n');
}

function dependencyText(doc: FeatureDocument, name: string, entry: string, index: PackageIndex | undefined): string {
  const out = [`**${entry}**${entry.startsWith('!') ? ' (conflict: must not be installed together)' : ''}`];
  const own = doc.apkbuild.subpackages.find((s) => s.known && s.name === name);
  if (own) out.push('A subpackage of this APKBUILD.');
  const matches = index?.lookup(name) ?? [];
  for (const m of matches.slice(0, 5)) {
    const e = m.entry;
    const version = e.pkgver !== undefined ? `${e.pkgver}-r${e.pkgrel ?? '?'}` : 'version unknown';
    const role = m.role === 'package' ? '' : m.role === 'subpackage' ? ` (subpackage of ${e.pkgname})` : ` (provided by ${e.pkgname})`;
    out.push(`${e.repo ? e.repo + '/' : ''}${e.pkgname} ${version}${role}${e.pkgdesc ? `\n\n${e.pkgdesc}` : ''}\n\n${e.path}`);
  }
  if (matches.length > 5) out.push(`…and ${matches.length - 5} more`);
  if (!own && matches.length === 0) out.push(index ? 'Not found in the workspace index.' : 'No workspace index.');
  return out.join('\n\n');
}
