// Inlay hints: the statically known value after each plain `$name` / `${name}` read in code (not in
// comments, strings that are not expanded, or heredocs), as that line sees it. abuild's own
// variables ($srcdir, $pkgdir, ...) are set only at build time and get none, nor does $pkgname,
// which every APKBUILD names at its top and uses everywhere.
import type { InlayHint, Range } from 'vscode-languageserver-types';
import type { Word, WordPart } from '../apkbuild/shell-lexer';
import { offsetOf } from './cursor';
import type { FeatureDocument } from './document';
import { functionValueAt, topLevelValueAt } from './value-at';

const MAX_LABEL = 40;
const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function inlayHints(doc: FeatureDocument, range: Range): InlayHint[] {
  const { apkbuild } = doc;
  const start = offsetOf(doc, range.start);
  const end = offsetOf(doc, range.end);
  const hints: InlayHint[] = [];
  const visit = (parts: readonly WordPart[], functionName: string | undefined) => {
    for (const p of parts) {
      if (p.kind !== 'param' || p.op !== undefined || p.length || !PLAIN_NAME.test(p.name) || p.name === 'pkgname') continue;
      if (p.span.end < start || p.span.end > end) continue;
      if (apkbuild.env.get(p.name)?.symbolic) continue;
      const value = functionName === undefined ? topLevelValueAt(apkbuild, p.name, p.span.start)?.value : functionValueAt(apkbuild, functionName, p.name, p.span.start);
      if (!value) continue;
      const shown = value.replace(/\s+/g, ' ').trim();
      if (!shown) continue;
      hints.push({
        position: apkbuild.lines.position(p.span.end),
        label: `= ${shown.length > MAX_LABEL ? shown.slice(0, MAX_LABEL - 1) + '…' : shown}`,
        paddingLeft: true,
        tooltip: value,
      });
    }
  };
  const words = (ws: readonly Word[], functionName: string | undefined) => {
    for (const w of ws) if (w.span.end >= start && w.span.start <= end) visit(w.parts, functionName);
  };
  for (const a of apkbuild.assignments) if (a.span.end >= start && a.span.start <= end) visit(a.parts, undefined);
  for (const c of apkbuild.commands) words([...(c.name ? [c.name] : []), ...c.args, ...c.assignments], undefined);
  for (const fn of apkbuild.functions) if (fn.span.end >= start && fn.span.start <= end) words(fn.script.words, fn.name);
  return hints.sort((x, y) => x.position.line - y.position.line || x.position.character - y.position.character);
}
