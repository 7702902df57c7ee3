import { Apkbuild } from '../apkbuild/apkbuild';
import { lexWord } from '../apkbuild/shell-lexer';
import { LineIndex, Span } from '../apkbuild/span';
import { Rule, RuleFinding } from './types';

/** Top-level variables whose multi-line value is a whitespace-separated list: the blanks in it are
 * layout, not content. */
const LIST_VARIABLE =
  /^(depends(_[a-z]+)?|makedepends(_build|_host)?|checkdepends|subpackages|source|options|arch|license|provides|replaces|install|triggers|install_if|pkgusers|pkggroups|sha512sums|sha256sums|md5sums|ldpath|somask|sonameprefix|pcprefix|_[A-Za-z0-9_]*(depends|deps))$/;

/**
 * Disjoint sorted ranges of text whose blanks are content: heredoc bodies, and the quoted parts
 * (and `${x:-…}` operands) of words that span lines — except the values of top-level list variables.
 * The code inside a multi-line `$( … )` is not content; its own quoted words are listed separately.
 */
export function contentRanges(apkbuild: Apkbuild): Span[] {
  const { text } = apkbuild;
  const spans: Span[] = [];
  const bodies = new Set<number>();
  for (const h of apkbuild.heredocs) {
    if (h.body.end > h.body.start) {
      spans.push(h.body);
      bodies.add(h.body.start);
    }
  }
  const lists = new Set<number>();
  for (const a of apkbuild.assignments) if (LIST_VARIABLE.test(a.name)) lists.add(a.span.start);
  for (const s of apkbuild.multilineLiterals) {
    if (bodies.has(s.start) || lists.has(s.start)) continue;
    const word = lexWord(text, s.start, s.end);
    for (const p of word.parts) {
      if (p.kind === 'literal' ? p.quote === 'single' || p.quote === 'double' || p.quote === 'ansi' : p.kind === 'param') spans.push(p.span);
    }
  }
  spans.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return merged;
}

/** Whether `offset` is inside one of the disjoint sorted `ranges`. */
export function inRanges(ranges: readonly Span[], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid];
    if (offset < r.start) hi = mid - 1;
    else if (offset >= r.end) lo = mid + 1;
    else return true;
  }
  return false;
}

const CACHE = new WeakMap<Apkbuild, Span[]>();

function contentRangesOf(apkbuild: Apkbuild): Span[] {
  let ranges = CACHE.get(apkbuild);
  if (!ranges) CACHE.set(apkbuild, (ranges = contentRanges(apkbuild)));
  return ranges;
}

const SPACE = 32;
const TAB = 9;

function isBlankCode(c: number): boolean {
  return c === SPACE || c === TAB;
}

/**
 * The end of the indentation (the run of blanks) of the line starting at `start`, when it starts with a
 * space or has a space before a tab; -1 otherwise (tabs followed by spaces is alignment and allowed).
 */
function spaceIndentationEnd(text: string, start: number): number {
  let c = text.charCodeAt(start);
  let i = start;
  if (c === TAB) {
    // most indented lines: tabs, then the code
    while ((c = text.charCodeAt(++i)) === TAB);
    if (c !== SPACE) return -1;
    let spaced = false;
    while (isBlankCode((c = text.charCodeAt(++i)))) if (c === TAB) spaced = true;
    return spaced ? i : -1;
  }
  if (c !== SPACE) return -1;
  while (isBlankCode(text.charCodeAt(++i)));
  return i;
}

/** The first line from `from` on whose indentation spaceIndentationEnd accepts; -1 when none. */
function nextSpaceIndented(text: string, lines: LineIndex, from: number): number {
  const count = lines.lineCount;
  for (let line = from; line < count; line++) {
    const start = lines.lineStart(line);
    const c = text.charCodeAt(start);
    if (c === SPACE) return line;
    if (c !== TAB) continue;
    // the usual indentation, one tab and then the code, without a call
    if (!isBlankCode(text.charCodeAt(start + 1))) continue;
    if (spaceIndentationEnd(text, start) !== -1) return line;
  }
  return -1;
}

/** The first line from `from` on that ends with a blank; -1 when none. */
function nextTrailingBlank(text: string, lines: LineIndex, from: number): number {
  const count = lines.lineCount;
  for (let line = from; line < count; line++) {
    const last = text.charCodeAt(lines.lineEnd(line) - 1);
    if (last === SPACE || last === TAB) return line;
  }
  return -1;
}

/** Top-level statements outside any block: they belong in column 0. */
function outermostStatements(apkbuild: Apkbuild): Set<number> {
  const outermost = new Set<number>();
  for (const a of apkbuild.assignments) if (a.statement.blockDepth === 0 && !a.statement.precededBy) outermost.add(a.statement.span.start);
  for (const c of apkbuild.commands) if (c.blockDepth === 0 && !c.precededBy) outermost.add(c.span.start);
  return outermost;
}
const TAB_WIDTH = 8;

/** Indentation with tabs for `indent`: the width up to its last tab (tab stops every 8 columns) as
 * tabs, alignment spaces after it kept; pure spaces as levels of `unit` spaces. */
function retab(indent: string, unit: number): string {
  const last = indent.lastIndexOf('\t');
  if (last === -1) return '\t'.repeat(Math.max(1, Math.round(indent.length / unit)));
  let col = 0;
  for (let i = 0; i <= last; i++) col = indent[i] === '\t' ? (Math.floor(col / TAB_WIDTH) + 1) * TAB_WIDTH : col + 1;
  return '\t'.repeat(col / TAB_WIDTH) + indent.slice(last + 1);
}


/** AL7's findings from `first`, the first space-indented line on. */
function indentFindings(apkbuild: Apkbuild, first: number): RuleFinding[] {
  const { text, lines } = apkbuild;
  let ranges: Span[] | undefined;
  let outermost: Set<number> | undefined;
  let found: { span: Span; indent: string; block: number }[] | undefined;
  let units: Map<number, number> | undefined;
  for (let line = first; line !== -1; line = nextSpaceIndented(text, lines, line + 1)) {
    const start = lines.lineStart(line);
    const end = spaceIndentationEnd(text, start);
    if (end === lines.lineEnd(line) || inRanges((ranges ??= contentRangesOf(apkbuild)), start)) continue;
    const indent = text.slice(start, end);
    const block = apkbuild.functions.findIndex((f) => f.span.start <= start && start < f.span.end);
    found ??= [];
    units ??= new Map();
    if (block === -1 && (outermost ??= outermostStatements(apkbuild)).has(start + indent.length)) {
      found.push({ span: { start, end: start + indent.length }, indent: '', block });
      continue;
    }
    if (!indent.includes('\t')) units.set(block, Math.min(units.get(block) ?? TAB_WIDTH, indent.length));
    found.push({ span: { start, end: start + indent.length }, indent, block });
  }
  if (!found) return [];
  const unitOf = units!;
  return found.map(({ span, indent, block }): RuleFinding => ({
    span,
    message: 'indent with tabs',
    fix: indent === ''
      ? { title: 'Remove the indentation', edits: [{ span, newText: '' }] }
      : { title: 'Indent with tabs', edits: [{ span, newText: retab(indent, unitOf.get(block) ?? TAB_WIDTH) }] },
  }));
}

/** AL8's findings from `first`, the first line that ends with a blank, on. */
function trailingFindings(apkbuild: Apkbuild, first: number): RuleFinding[] {
  const { text, lines } = apkbuild;
  let ranges: Span[] | undefined;
  const out: RuleFinding[] = [];
  for (let line = first; line !== -1; line = nextTrailingBlank(text, lines, line + 1)) {
    const end = lines.lineEnd(line);
    const lineStart = lines.lineStart(line);
    if (end <= lineStart) continue;
    // the run of blanks that ends the line
    let start = end - 1;
    while (start > lineStart && isBlankCode(text.charCodeAt(start - 1))) start--;
    if (inRanges((ranges ??= contentRangesOf(apkbuild)), start)) continue;
    const span = { start, end };
    out.push({ span, message: 'trailing whitespace', fix: { title: 'Remove trailing whitespace', edits: [{ span, newText: '' }] } });
  }
  return out;
}

export const rules: Rule[] = [
  {
    code: 'AL7',
    label: 'indent-tabs',
    severity: 'important',
    certainty: 'certain',
    summary: 'a line is indented with spaces instead of tabs',
    docs:
      'The aports coding style indents with tabs. Reported for code, comments and the lines of multi-line ' +
      'list variables (depends, source, …); not inside heredocs or other multi-line strings, where the ' +
      'blanks are part of the text. Indentation that starts with a space or has a space before a tab is ' +
      'reported; tabs followed by spaces (alignment of continued lines) are accepted. The fix turns each ' +
      'level of spaces into a tab, the level being the smallest space indentation in the same function (at ' +
      'most 8), so 2-, 4- and 8-space styles all convert; mixed indentation keeps its width (tab stops every ' +
      '8 columns); a top-level statement outside any block moves to column 0.',
    fixable: true,
    check(apkbuild) {
      const first = nextSpaceIndented(apkbuild.text, apkbuild.lines, 0);
      return first === -1 ? [] : indentFindings(apkbuild, first);
    },
  },
  {
    code: 'AL8',
    label: 'trailing-whitespace',
    severity: 'important',
    certainty: 'certain',
    summary: 'a line ends with spaces or tabs',
    docs:
      'Trailing whitespace is invisible noise in diffs. Remove it. Not reported inside heredocs or other ' +
      'multi-line strings, where it is part of the text (the lines of multi-line list variables are checked).',
    fixable: true,
    check(apkbuild) {
      const first = nextTrailingBlank(apkbuild.text, apkbuild.lines, 0);
      return first === -1 ? [] : trailingFindings(apkbuild, first);
    },
  },
];
