import { Apkbuild } from '../apkbuild/apkbuild';
import { lexWord } from '../apkbuild/shell-lexer';
import { Span } from '../apkbuild/span';
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

const LEADING = /^[ \t]*/;
const TRAILING = /[ \t]+$/;
const HAS_TRAILING = /[ \t]\r?$/m;
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

/** Indentation that starts with a space, or has a space before a tab; tabs followed by spaces is
 * alignment and allowed. */
function spaceIndented(indent: string): boolean {
  return indent[0] === ' ' || indent.includes(' \t');
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
      const { text, lines } = apkbuild;
      if (!(text[0] === ' ' || text.includes('\n ') || text.includes(' \t'))) return [];
      const ranges = contentRangesOf(apkbuild);
      // top-level statements outside any block belong in column 0
      const outermost = new Set<number>();
      for (const a of apkbuild.assignments) if (a.statement.blockDepth === 0 && !a.statement.precededBy) outermost.add(a.statement.span.start);
      for (const c of apkbuild.commands) if (c.blockDepth === 0 && !c.precededBy) outermost.add(c.span.start);
      const found: { span: Span; indent: string; block: number }[] = [];
      const units = new Map<number, number>();
      for (let line = 0; line < lines.lineCount; line++) {
        const start = lines.lineStart(line);
        const content = lines.lineText(line);
        const indent = LEADING.exec(content)![0];
        if (indent.length === content.length || !spaceIndented(indent) || inRanges(ranges, start)) continue;
        const block = apkbuild.functions.findIndex((f) => f.span.start <= start && start < f.span.end);
        if (block === -1 && outermost.has(start + indent.length)) {
          found.push({ span: { start, end: start + indent.length }, indent: '', block });
          continue;
        }
        if (!indent.includes('\t')) units.set(block, Math.min(units.get(block) ?? TAB_WIDTH, indent.length));
        found.push({ span: { start, end: start + indent.length }, indent, block });
      }
      return found.map(({ span, indent, block }): RuleFinding => ({
        span,
        message: 'indent with tabs',
        fix: indent === ''
          ? { title: 'Remove the indentation', edits: [{ span, newText: '' }] }
          : { title: 'Indent with tabs', edits: [{ span, newText: retab(indent, units.get(block) ?? TAB_WIDTH) }] },
      }));
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
      const { text, lines } = apkbuild;
      if (!HAS_TRAILING.test(text)) return [];
      const ranges = contentRangesOf(apkbuild);
      const out: RuleFinding[] = [];
      for (let line = 0; line < lines.lineCount; line++) {
        const content = lines.lineText(line);
        const last = content[content.length - 1];
        if (last !== ' ' && last !== '\t') continue;
        const m = TRAILING.exec(content);
        if (!m) continue;
        const start = lines.lineStart(line) + m.index;
        if (inRanges(ranges, start)) continue;
        const span = { start, end: lines.lineEnd(line) };
        out.push({ span, message: 'trailing whitespace', fix: { title: 'Remove trailing whitespace', edits: [{ span, newText: '' }] } });
      }
      return out;
    },
  },
];
