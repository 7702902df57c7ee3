import * as path from 'node:path';
import {
  CompletionItem,
  CompletionItemKind,
  CompletionList,
  InsertTextFormat,
  MarkupKind,
  Position,
  Range,
  TextEdit,
} from 'vscode-languageserver-types';
import type { Assignment } from '../apkbuild/model';
import { ruleRegistry } from '../rules/registry';
import type { PackageIndex } from '../workspace/package-index';
import { assignmentValueAt, commentAt, functionAt, offsetOf } from './cursor';
import type { FeatureDocument } from './document';
import { functionDocs } from './docs/functions';
import {
  archDoc,
  archNames,
  exceptionIds,
  LICENSE_OPERATORS,
  licenseIds,
  licenseName,
  optionDoc,
  optionNames,
  SUBPACKAGE_SUFFIXES,
} from './docs/values';
import { readableVariables, variableDoc, variableDocs } from './docs/variables';

/** Most package names offered at once; the list is marked incomplete so the editor asks again as the user types. */
export const MAX_PACKAGE_ITEMS = 200;

/**
 * Completion at a position: what fits the cursor's context (a variable's value, a function body,
 * a comment, the top level). Never throws on positions outside the text.
 */
export function completion(doc: FeatureDocument, position: Position, index?: PackageIndex): CompletionList {
  const offset = offsetOf(doc, position);
  const { apkbuild, text } = doc;
  const lineStart = apkbuild.lines.lineStart(apkbuild.lines.lineOf(offset));
  const linePrefix = text.slice(lineStart, offset);

  const comment = commentAt(apkbuild, offset);
  if (comment || /^\s*#/.test(linePrefix)) return list(commentItems(doc, offset, lineStart, linePrefix));

  const variable = /\$\{?([A-Za-z_][A-Za-z0-9_]*)?$/.exec(linePrefix);
  if (variable) return list(variableItems(doc, offset, variable[1] ?? '', functionAt(apkbuild, offset)?.name));

  const assignment = assignmentValueAt(apkbuild, offset);
  // split functions set depends, provides, install_if, arch... for their subpackage: same values
  if (assignment && (assignment.functionName === undefined || variableDoc(assignment.name)?.kind === 'dependency' || assignment.name === 'arch')) {
    return valueItems(doc, assignment, offset, index);
  }

  const fn = functionAt(apkbuild, offset);
  if (fn) {
    return list(/(^|[;&|({]|\bthen|\bdo|\belse)\s*[A-Za-z0-9_]*$/.test(linePrefix) ? commandItems(doc, offset) : []);
  }
  if (/^[A-Za-z0-9_]*$/.test(linePrefix)) return list(topLevelItems(doc, offset, linePrefix));
  return list([]);
}

function list(items: CompletionItem[], isIncomplete = false): CompletionList {
  return { isIncomplete, items };
}

function rangeBack(doc: FeatureDocument, offset: number, length: number): Range {
  return { start: doc.apkbuild.lines.position(offset - length), end: doc.apkbuild.lines.position(offset) };
}

function markdown(value: string): { kind: 'markdown'; value: string } {
  return { kind: MarkupKind.Markdown, value };
}

// --- top level ---------------------------------------------------------------------------------

function topLevelItems(doc: FeatureDocument, offset: number, typed: string): CompletionItem[] {
  const range = rangeBack(doc, offset, typed.length);
  const defined = new Set(doc.apkbuild.assignments.map((a) => a.name));
  const items: CompletionItem[] = [];
  for (const v of variableDocs()) {
    if (v.kind === 'abuild' || v.kind === 'environment' || defined.has(v.name)) continue;
    const value = v.name === 'pkgrel' ? '${1:0}' : v.name === 'pkgname' ? `\${1:${packageNameGuess(doc)}}` : '"$1"';
    items.push({
      label: v.name,
      kind: CompletionItemKind.Variable,
      detail: 'APKBUILD variable',
      documentation: markdown(v.doc),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, `${v.name}=${value}`),
    });
  }
  const definedFns = new Set(doc.apkbuild.functions.map((f) => f.name));
  for (const f of functionDocs('phase')) {
    if (definedFns.has(f.name)) continue;
    items.push({
      label: `${f.name}()`,
      filterText: f.name,
      kind: CompletionItemKind.Function,
      detail: 'abuild phase',
      documentation: markdown(f.doc),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, f.name === 'prepare' ? 'prepare() {\n\tdefault_prepare\n\t$0\n}' : `${f.name}() {\n\t$0\n}`),
    });
  }
  if (!defined.has('pkgname')) {
    items.push({
      label: 'APKBUILD skeleton',
      filterText: typed || 'apkbuild',
      kind: CompletionItemKind.Snippet,
      detail: 'a new APKBUILD: metadata, source and the standard functions',
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, skeleton(packageNameGuess(doc))),
      sortText: '0',
    });
  }
  return items;
}

function packageNameGuess(doc: FeatureDocument): string {
  return doc.fsPath ? path.basename(path.dirname(doc.fsPath)) : 'name';
}

function skeleton(name: string): string {
  const esc = (s: string) => s.replace(/[$}\\]/g, '\\$&');
  return [
    '# Maintainer: ${1:Your Name <you@example.org>}',
    `pkgname=\${2:${esc(name)}}`,
    'pkgver=${3:1.0.0}',
    'pkgrel=0',
    'pkgdesc="${4:description}"',
    'url="${5:https://example.org}"',
    'arch="${6:all}"',
    'license="${7:MIT}"',
    'depends=""',
    'makedepends="$8"',
    'subpackages="\\$pkgname-doc"',
    'source="${9:https://example.org/\\$pkgname-\\$pkgver.tar.gz}"',
    'builddir="\\$srcdir/\\$pkgname-\\$pkgver"',
    '',
    'build() {',
    '\t${10:make}',
    '}',
    '',
    'check() {',
    '\tmake check',
    '}',
    '',
    'package() {',
    '\tmake DESTDIR="\\$pkgdir" install',
    '}',
    '',
  ].join('\n');
}

// --- variables and commands --------------------------------------------------------------------

function variableItems(doc: FeatureDocument, offset: number, typed: string, inFunction: string | undefined): CompletionItem[] {
  const range = rangeBack(doc, offset, typed.length);
  const items = new Map<string, CompletionItem>();
  const add = (name: string, detail: string, documentation?: string) => {
    if (!items.has(name)) items.set(name, { label: name, kind: CompletionItemKind.Variable, detail, documentation: documentation ? markdown(documentation) : undefined, textEdit: TextEdit.replace(range, name) });
  };
  for (const a of doc.apkbuild.functionAssignments) if (a.functionName === inFunction && inFunction) add(a.name, `local to ${inFunction}()`);
  for (const a of doc.apkbuild.assignments) {
    const value = a.value === undefined ? undefined : a.value.length > 80 ? a.value.slice(0, 77) + '...' : a.value;
    add(a.name, value === undefined ? 'defined in this file' : `= ${value}`, variableDoc(a.name)?.doc);
  }
  // abuild's default, readable even when the file does not set it
  add('builddir', 'set by abuild unless the file sets it', variableDoc('builddir')?.doc);
  if (inFunction) for (const v of readableVariables()) add(v.name, v.kind === 'abuild' ? 'set by abuild' : 'environment', v.doc);
  else for (const name of ['srcdir', 'pkgdir', 'startdir', 'CARCH']) add(name, 'set by abuild', variableDoc(name)?.doc);
  return [...items.values()];
}

function commandItems(doc: FeatureDocument, offset: number): CompletionItem[] {
  const typed = /[A-Za-z0-9_]*$/.exec(doc.text.slice(Math.max(0, offset - 100), offset))![0];
  const range = rangeBack(doc, offset, typed.length);
  const items: CompletionItem[] = functionDocs('helper').map((f) => ({
    label: f.name,
    kind: CompletionItemKind.Function,
    detail: f.usage ? `abuild: ${f.usage}` : 'abuild helper',
    documentation: markdown(f.doc),
    textEdit: TextEdit.replace(range, f.name),
  }));
  for (const f of doc.apkbuild.functions) {
    if (!items.some((i) => i.label === f.name)) items.push({ label: f.name, kind: CompletionItemKind.Function, detail: 'defined in this file', textEdit: TextEdit.replace(range, f.name) });
  }
  return items;
}

// --- comments: secfixes and suppressions --------------------------------------------------------

function commentItems(doc: FeatureDocument, offset: number, lineStart: number, linePrefix: string): CompletionItem[] {
  const { apkbuild } = doc;
  const directive = /apkbuild-lint\s+disable(?:-file|-line|-next-line)?\s*=\s*(?:[A-Za-z0-9_-]+\s*,\s*)*([A-Za-z0-9_-]*)$/.exec(linePrefix);
  if (directive) {
    const range = rangeBack(doc, offset, directive[1].length);
    return ruleRegistry.map((r) => ({
      label: r.code,
      kind: CompletionItemKind.Constant,
      detail: r.label,
      documentation: markdown(`${r.summary}\n\n${r.docs}`),
      textEdit: TextEdit.replace(range, r.code),
    }));
  }
  const line = apkbuild.lines.lineOf(offset);
  const block = apkbuild.secfixes;
  if (!block || !/^\s*#[#\s]*$|^\s*#\s*-?\s*[A-Za-z0-9.-]*$/.test(linePrefix)) return [];
  const first = apkbuild.lines.lineOf(block.header.start);
  const last = apkbuild.lines.lineOf(block.lines[block.lines.length - 1].span.start);
  if (line <= first || line > last + 1) return [];
  const range = { start: apkbuild.lines.position(lineStart), end: apkbuild.lines.position(offset) };
  const pkgver = apkbuild.env.get('pkgver')?.value;
  const pkgrel = apkbuild.env.get('pkgrel')?.value;
  const version = pkgver !== undefined && pkgrel !== undefined ? `${pkgver}-r${pkgrel}` : '${1:pkgver-rpkgrel}';
  return [
    {
      label: `#   ${pkgver !== undefined && pkgrel !== undefined ? version : '$pkgver-r$pkgrel'}:`,
      kind: CompletionItemKind.Snippet,
      detail: 'secfixes: the version that fixes the vulnerabilities below',
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, `#   ${version}:\n#     - \${2:CVE-}`),
      sortText: '0',
    },
    {
      label: '#     - CVE-',
      kind: CompletionItemKind.Snippet,
      detail: 'secfixes: a fixed vulnerability (CVE-YYYY-NNNN, GHSA-..., XSA-N)',
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: TextEdit.replace(range, '#     - CVE-${1:YYYY}-${2:NNNN}'),
      sortText: '1',
    },
  ];
}

// --- values of metadata variables ---------------------------------------------------------------

function valueItems(doc: FeatureDocument, a: Assignment, offset: number, index: PackageIndex | undefined): CompletionList {
  let start = offset;
  while (start > a.valueSpan.start && !/[\s"'(]/.test(doc.text[start - 1])) start--;
  const typed = doc.text.slice(start, offset);
  const range = rangeBack(doc, offset, typed.length);
  // the entries already there (other than the one being typed) are not offered again
  const present = new Set(a.items.filter((i) => offset < i.span.start || offset > i.span.end).map((i) => i.value));
  const values = (names: readonly string[], kind: CompletionItemKind, docOf: (n: string) => string | undefined, detail?: string) =>
    list(names.filter((n) => !present.has(n)).map((n) => ({ label: n, kind, detail, documentation: docOf(n) ? markdown(docOf(n)!) : undefined, textEdit: TextEdit.replace(range, n) })));
  switch (a.name) {
    case 'arch': {
      const arches = archNames();
      return values(['all', 'noarch', ...arches, ...arches.map((x) => '!' + x)], CompletionItemKind.EnumMember, archDoc);
    }
    case 'options':
      return values(optionNames(), CompletionItemKind.EnumMember, optionDoc);
    case 'license':
      return licenseItems(doc, a, start, range);
    case 'subpackages':
      return list(subpackageItems(doc, typed, range));
    case 'install':
      return list(installItems(doc, range));
  }
  const v = variableDoc(a.name);
  if (v?.packages) return packageItems(doc, typed, range, index);
  return list([]);
}

function licenseItems(doc: FeatureDocument, a: Assignment, start: number, range: Range): CompletionList {
  const before = doc.text.slice(a.valueSpan.start, start).trim().split(/\s+/).pop();
  if (before === 'WITH') return list(exceptionIds().map((id) => ({ label: id, kind: CompletionItemKind.EnumMember, detail: 'SPDX exception', textEdit: TextEdit.replace(range, id) })));
  const items: CompletionItem[] = licenseIds().map((id) => ({
    label: id,
    kind: CompletionItemKind.EnumMember,
    detail: licenseName(id)?.name,
    textEdit: TextEdit.replace(range, id),
  }));
  const afterLicense = before !== undefined && before !== '' && !['AND', 'OR', '(', '"', "'"].includes(before) && !/^["'(]*$/.test(before);
  if (afterLicense) {
    for (const [op, text] of Object.entries(LICENSE_OPERATORS)) {
      items.push({ label: op, kind: CompletionItemKind.Keyword, documentation: markdown(text), textEdit: TextEdit.replace(range, op), sortText: '0' + op });
    }
  }
  return list(items);
}

function subpackageItems(doc: FeatureDocument, typed: string, range: Range): CompletionItem[] {
  const items: CompletionItem[] = [];
  const present = new Set(doc.apkbuild.subpackages.map((s) => s.name));
  const pkgname = doc.apkbuild.env.get('pkgname')?.value;
  const colon = typed.indexOf(':');
  if (colon !== -1) {
    // `name:` → the file's functions; `name:fn:` → noarch
    const parts = typed.split(':');
    const head = parts.slice(0, -1).join(':') + ':';
    const choices = parts.length === 2 ? doc.apkbuild.functions.map((f) => f.name) : ['noarch', ...archNames()];
    return choices.map((c) => ({ label: c, kind: parts.length === 2 ? CompletionItemKind.Function : CompletionItemKind.EnumMember, filterText: head + c, textEdit: TextEdit.replace(range, head + c) }));
  }
  for (const [suffix, what] of Object.entries(SUBPACKAGE_SUFFIXES)) {
    if (pkgname && present.has(`${pkgname}-${suffix}`)) continue;
    const text = `$pkgname-${suffix}`;
    items.push({ label: text, kind: CompletionItemKind.Module, detail: what, textEdit: TextEdit.replace(range, text) });
  }
  items.push({
    label: '$pkgname-name:split:noarch',
    kind: CompletionItemKind.Snippet,
    detail: 'a subpackage with its own split function, architecture independent',
    insertTextFormat: InsertTextFormat.Snippet,
    filterText: '$pkgname-',
    textEdit: TextEdit.replace(range, '\\$pkgname-${1:name}:${2:split}:noarch'),
  });
  return items;
}

const INSTALL_SCRIPTS = ['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-deinstall', 'post-deinstall'];

/** `$pkgname.post-install` and friends, also for each subpackage (`$pkgname-openrc.post-install`). */
function installItems(doc: FeatureDocument, range: Range): CompletionItem[] {
  const pkgname = doc.apkbuild.env.get('pkgname')?.value;
  const owners = ['$pkgname', ...doc.apkbuild.subpackages.filter((s) => s.known).map((s) => (pkgname && s.name.startsWith(pkgname + '-') ? '$pkgname' + s.name.slice(pkgname.length) : s.name))];
  return owners.flatMap((owner) =>
    INSTALL_SCRIPTS.map((script) => ({
      label: `${owner}.${script}`,
      kind: CompletionItemKind.File,
      detail: `run by apk ${script.replace('-', ' ')}`,
      textEdit: TextEdit.replace(range, `${owner}.${script}`),
    })),
  );
}

function packageItems(doc: FeatureDocument, typed: string, range: Range, index: PackageIndex | undefined): CompletionList {
  const bang = typed.startsWith('!') ? '!' : '';
  const prefix = typed.slice(bang.length);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  const pkgname = doc.apkbuild.env.get('pkgname')?.value;
  for (const sub of doc.apkbuild.subpackages) {
    if (!sub.known || !sub.name.startsWith(prefix) || seen.has(sub.name)) continue;
    seen.add(sub.name);
    items.push({ label: sub.name, kind: CompletionItemKind.Module, detail: 'subpackage of this APKBUILD', textEdit: TextEdit.replace(range, bang + sub.name), filterText: bang + sub.name });
  }
  let incomplete = false;
  if (index) {
    const { names, total } = index.namesStartingWith(prefix, MAX_PACKAGE_ITEMS + seen.size + 1);
    const matches = names.filter((name) => !seen.has(name) && name !== pkgname);
    incomplete = total > names.length || matches.length > MAX_PACKAGE_ITEMS;
    for (const name of matches.slice(0, MAX_PACKAGE_ITEMS)) {
      const match = index.lookup(name)[0];
      const e = match.entry;
      const version = e.pkgver !== undefined ? ` ${e.pkgver}-r${e.pkgrel ?? '?'}` : '';
      items.push({
        label: name,
        kind: match.role === 'provides' ? CompletionItemKind.Interface : CompletionItemKind.Module,
        detail: `${e.repo ? e.repo + '/' : ''}${e.pkgname}${version}${match.role === 'package' ? '' : match.role === 'subpackage' ? ' (subpackage)' : ' (provided)'}`,
        documentation: e.pkgdesc,
        filterText: bang + name,
        textEdit: TextEdit.replace(range, bang + name),
      });
    }
  }
  return list(items, incomplete);
}
