// Document formatting in the aports style: tab indentation, no trailing blanks, and multi-line
// lists with one item per line and a tab before each; the closing quote stays where the author put
// it (after the last item, or alone on a line). The blanks inside heredocs and other multi-line
// strings are never touched (the AL7/AL8 rules already leave them out, and their fixes are reused
// here). Pure and idempotent.
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Assignment } from '../apkbuild/model';
import { findRule } from '../rules/registry';
import type { RuleContext, TextEdit } from '../rules/types';

/** List variables whose multi-line layout is normalised (checksum blocks are abuild's own format). */
const LAYOUT_LIST = /^(depends(_[a-z]+)?|makedepends(_build|_host)?|checkdepends|subpackages|source|options|arch|license|provides|replaces|install|triggers|install_if|pkgusers|pkggroups|ldpath|somask|sonameprefix|pcprefix|_[A-Za-z0-9_]*(depends|deps))$/;

/** Values made of plain words: quotes, substitutions, escapes and `#` inside would make re-layout unsafe. */
const PLAIN = /^[^"'`\\#(){};|&<>]*$/;

const NO_CONTEXT: RuleContext = { path: 'APKBUILD', extraOptions: new Set(), extraArches: new Set() };

/**
 * The value of a multi-line list laid out the aports way; undefined when it is not such a list.
 * What aports does either way is kept: the first item on the opening line or not, blank lines
 * grouping items (one kept per run), a closing quote after the last item, or alone in column 0
 * or after one tab.
 */
export function listLayout(a: Assignment): string | undefined {
  if (a.functionName || a.conditional || a.statement.blockDepth !== 0 || !LAYOUT_LIST.test(a.name)) return undefined;
  const raw = a.raw;
  const quote = raw[0];
  if ((quote !== '"' && quote !== "'") || raw.length < 2 || raw[raw.length - 1] !== quote) return undefined;
  const inner = raw.slice(1, -1);
  if (!inner.includes('\n') || !PLAIN.test(inner)) return undefined;
  const [opening, ...rest] = inner.split('\n');
  const closing = rest.pop()!;
  const words = (line: string) => line.split(/[ \t]+/).filter(Boolean);
  const first = words(opening);
  const lines: string[] = first.slice(1).map((w) => `\t${w}`);
  for (const line of [...rest, closing]) {
    const items = words(line);
    if (items.length) lines.push(...items.map((w) => `\t${w}`));
    else if (lines.length && lines[lines.length - 1] !== '') lines.push('');
  }
  while (lines[lines.length - 1] === '') lines.pop();
  // aports writes both `\tlast"` and a quote on a line of its own: the author's choice stays
  if (words(closing).length > 0) return `${quote}${first[0] ?? ''}\n${lines.join('\n')}${quote}`;
  const close = closing === '' ? '' : '\t';
  return `${quote}${first[0] ?? ''}\n${lines.map((l) => `${l}\n`).join('')}${close}${quote}`;
}

export function formattingEdits(apkbuild: Apkbuild): TextEdit[] {
  const edits: TextEdit[] = [];
  for (const a of apkbuild.assignments) {
    const layout = listLayout(a);
    if (layout !== undefined && layout !== a.raw) edits.push({ span: a.valueSpan, newText: layout });
  }
  const inList = (e: TextEdit) => edits.some((l) => e.span.start < l.span.end && e.span.end > l.span.start);
  const blanks: TextEdit[] = [];
  for (const code of ['AL7', 'AL8']) {
    for (const f of findRule(code)!.check(apkbuild, NO_CONTEXT)) {
      if (f.file) continue;
      for (const e of f.fix?.edits ?? []) if (!inList(e)) blanks.push(e);
    }
  }
  return [...edits, ...blanks].sort((x, y) => x.span.start - y.span.start);
}
