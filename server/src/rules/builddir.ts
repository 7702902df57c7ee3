import { Apkbuild } from '../apkbuild/apkbuild';
import { definitionOf } from '../apkbuild/facts';
import { Assignment } from '../apkbuild/model';
import { SimpleCommand, WordPart } from '../apkbuild/shell-lexer';
import { Span } from '../apkbuild/span';
import { Fix, Rule, RuleFinding } from './types';

const LINE_REST = /^[ \t]*;?[ \t]*(#.*)?$/;

/**
 * The edit that deletes whole lines [first line of `span`, last line of `span`] including the
 * newline, when nothing but `span` (and blanks, an optional `;` and a trailing comment) is on those lines.
 * Undefined when the lines hold anything else.
 */
export function deleteLinesEdit(apkbuild: Apkbuild, span: Span): Span | undefined {
  const { lines, text } = apkbuild;
  const first = lines.lineOf(span.start);
  const last = lines.lineOf(span.end);
  const start = lines.lineStart(first);
  const end = lines.lineEnd(last);
  if (text.slice(start, span.start).trim() !== '') return undefined;
  if (!LINE_REST.test(text.slice(span.end, end))) return undefined;
  const next = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : text.length;
  return { start, end: next };
}

/** A fix that deletes the lines a statement occupies (see deleteLinesEdit). */
export function deleteLinesFix(apkbuild: Apkbuild, span: Span, title: string): Fix | undefined {
  const edit = deleteLinesEdit(apkbuild, span);
  return edit && { title, edits: [{ span: edit, newText: '' }] };
}

/** Whether a plain, unconditional `name=value` statement stands alone (no command, no other assignment). */
function isLoneAssignment(a: Assignment): boolean {
  const s: SimpleCommand = a.statement;
  return !a.declaration && !s.name && s.assignments.length === 1 && s.redirects.length === 0;
}

const BUILDDIR_REFERENCE = /\$\{?builddir(?![A-Za-z0-9_])/;

/** Whether a top-level statement after `offset` reads $builddir (abuild only sets the default after
 * sourcing the file, so removing the assignment would change what it reads). */
function builddirReadAfter(apkbuild: Apkbuild, offset: number): boolean {
  for (const a of apkbuild.assignments) if (a.span.start > offset && BUILDDIR_REFERENCE.test(a.raw)) return true;
  for (const c of apkbuild.commands) {
    if (c.span.start > offset && BUILDDIR_REFERENCE.test(apkbuild.text.slice(c.span.start, c.span.end))) return true;
  }
  return false;
}

const NAME_CHAR = /[A-Za-z0-9_]/;

/** Whether the value transforms a variable (`${pkgver/_/-}`, `${pkgver%.*}`), directly or through the
 * custom variables it uses: then it only happens to equal the default for this version. */
function transforms(apkbuild: Apkbuild, parts: readonly WordPart[], depth: number): boolean {
  for (const p of parts) {
    if (p.kind !== 'param') continue;
    if (p.op || p.length) return true;
    if (depth > 0 && p.name.startsWith('_')) {
      const def = definitionOf(apkbuild, p.name);
      if (def && transforms(apkbuild, def.parts, depth - 1)) return true;
    }
  }
  return false;
}

const SRCDIR_PREFIX = '$srcdir/';

/** value === '$srcdir/' + pkgname + '-' + pkgver, without building that string. */
function isDefaultBuilddir(value: string | undefined, pkgname: string, pkgver: string): boolean {
  return (
    value !== undefined &&
    value.length === SRCDIR_PREFIX.length + pkgname.length + 1 + pkgver.length &&
    value.startsWith(SRCDIR_PREFIX) &&
    value.startsWith(pkgname, SRCDIR_PREFIX.length) &&
    value.charCodeAt(SRCDIR_PREFIX.length + pkgname.length) === 45 /* - */ &&
    value.endsWith(pkgver)
  );
}

/** AL1's findings, when builddir is assigned. */
function defaultBuilddirFindings(apkbuild: Apkbuild): RuleFinding[] {
  const env = apkbuild.env;
  const pkgname = env.get('pkgname')?.value;
  const pkgver = env.get('pkgver')?.value;
  if (!pkgname || !pkgver) return [];
  let out: RuleFinding[] | undefined;
  for (const a of apkbuild.assignments) {
    if (a.name !== 'builddir' || a.append || a.conditional || !isDefaultBuilddir(a.value, pkgname, pkgver)) continue;
    if (transforms(apkbuild, a.parts, 3) || builddirReadAfter(apkbuild, a.span.end)) continue;
    const fix = isLoneAssignment(a) ? deleteLinesFix(apkbuild, a.statement.span, 'Remove the builddir assignment') : undefined;
    (out ??= []).push({ span: a.span, message: 'builddir can be removed as it is the default value', fix, tags: ['unnecessary'] });
  }
  return out ?? [];
}

/** AL26's findings, when _builddir is assigned. */
function legacyBuilddirFindings(apkbuild: Apkbuild): RuleFinding[] {
  let defs: Assignment[] | undefined;
  for (const a of apkbuild.assignments) {
    if (a.name === 'builddir') return [];
    if (a.name === '_builddir') (defs ??= []).push(a);
  }
  if (defs === undefined) return [];
  const { text } = apkbuild;
  // atools: only when the value is not empty
  if (defs.every((a) => a.raw === '' || a.value === '')) return [];
  // every reference and every assignment, in code and in expanding heredocs alike
  const edits: { span: Span; newText: string }[] = [];
  for (const a of [...apkbuild.assignments, ...apkbuild.functionAssignments]) {
    if (a.name === '_builddir') edits.push({ span: a.nameSpan, newText: 'builddir' });
  }
  const seen = new Set(edits.map((e) => e.span.start));
  let i = text.indexOf('_builddir');
  while (i !== -1) {
    const end = i + '_builddir'.length;
    const before = text[i - 1] === '$' ? 1 : text[i - 1] === '{' && text[i - 2] === '$' ? 2 : 0;
    if (before && !NAME_CHAR.test(text[end] ?? '') && !seen.has(i)) {
      edits.push({ span: { start: i, end }, newText: 'builddir' });
      seen.add(i);
    }
    i = text.indexOf('_builddir', end);
  }
  const fix: Fix = { title: 'Rename _builddir to builddir', edits };
  return defs.map((a) => ({ span: a.nameSpan, message: 'rename _builddir to builddir', fix }));
}

export const rules: Rule[] = [
  {
    code: 'AL1',
    label: 'default-builddir-value',
    severity: 'minor',
    certainty: 'certain',
    summary: 'builddir is set to its default value `$srcdir/$pkgname-$pkgver`',
    docs:
      'Since abuild 2.29.0, builddir defaults to "$srcdir/$pkgname-$pkgver" when an APKBUILD leaves it unset. ' +
      'An assignment that spells out exactly that value (in any quoting, after expanding the variables it uses) ' +
      'is noise: remove the line. Not reported for a value that transforms pkgver (${pkgver/_/-}): it only ' +
      'happens to match the default for the current version; nor when the top level reads $builddir after ' +
      'the assignment, because abuild only applies the default after sourcing the file.',
    fixable: true,
    check(apkbuild) {
      const env = apkbuild.env;
      // every top-level assignment is in the environment, and abuild's own variables do not include
      // builddir: most files never assign it
      if (!env.has('builddir')) return [];
      return defaultBuilddirFindings(apkbuild);
    },
  },
  {
    code: 'AL26',
    label: '_builddir-is-set',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the legacy `_builddir` variable is set instead of `builddir`',
    docs:
      '_builddir is a convention from before abuild knew builddir. abuild changes into $builddir before ' +
      'prepare, build, check and package, and default_prepare applies patches there; with only _builddir set, ' +
      'builddir falls back to "$srcdir/$pkgname-$pkgver", which may not be the right directory. Rename ' +
      '_builddir to builddir everywhere. Not reported when builddir is set too (then _builddir is just a ' +
      'custom variable).',
    fixable: true,
    check(apkbuild) {
      // as for AL1: an assignment puts the name in the environment
      if (!apkbuild.env.has('_builddir')) return [];
      return legacyBuilddirFindings(apkbuild);
    },
  },
];
