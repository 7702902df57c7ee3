// Every place a variable or function name occurs in an APKBUILD, from the model: assignments,
// `$name`/`${name...}` expansions (operands, command substitutions and expanding heredocs included),
// command names, and split functions named in subpackages. The base of definition, references and rename.
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { SimpleCommand, Word, WordPart } from '../apkbuild/shell-lexer';
import { isNameStart, lexScript, lexText } from '../apkbuild/shell-lexer';
import type { Span } from '../apkbuild/span';

export interface Occurrence {
  name: string;
  kind: 'variable' | 'function';
  /** definitions: assignments and function headers; references: everything else */
  role: 'definition' | 'reference';
  span: Span;
  /** the function the occurrence is in; undefined at the top level */
  functionName?: string;
}

const cache = new WeakMap<Apkbuild, Occurrence[]>();

export function occurrences(apkbuild: Apkbuild): Occurrence[] {
  let found = cache.get(apkbuild);
  if (!found) {
    found = collect(apkbuild);
    cache.set(apkbuild, found);
  }
  return found;
}

function collect(apkbuild: Apkbuild): Occurrence[] {
  const { text } = apkbuild;
  const out: Occurrence[] = [];
  const seen = new Set<string>();
  const push = (o: Occurrence) => {
    const key = `${o.kind}:${o.span.start}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(o);
  };

  const params = (parts: readonly WordPart[], functionName: string | undefined) => {
    for (const p of parts) {
      if (p.kind === 'param') {
        let s = p.span.start + 1 + (p.braced ? 1 : 0) + (p.length ? 1 : 0);
        if (text.slice(s, s + p.name.length) !== p.name) s = text.indexOf(p.name, p.span.start);
        if (s !== -1 && /^[A-Za-z_]/.test(p.name)) push({ name: p.name, kind: 'variable', role: 'reference', span: { start: s, end: s + p.name.length }, functionName });
        if (p.argSpan && p.argSpan.end > p.argSpan.start) params(lexText(text, p.argSpan.start, p.argSpan.end).parts, functionName);
      } else if (p.kind === 'command') {
        const inner = lexScript(text, p.body.start, p.body.end, true);
        for (const w of inner.words) params(w.parts, functionName);
        for (const c of inner.commands) commandName(c, functionName);
      }
    }
  };
  const words = (ws: readonly Word[], functionName: string | undefined) => {
    for (const w of ws) params(w.parts, functionName);
  };
  const commandName = (c: SimpleCommand, functionName: string | undefined) => {
    const name = c.name;
    if (name && /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name.raw)) push({ name: name.raw, kind: 'function', role: 'reference', span: name.span, functionName });
  };

  for (const a of [...apkbuild.assignments, ...apkbuild.functionAssignments]) {
    push({ name: a.name, kind: 'variable', role: 'definition', span: a.nameSpan, functionName: a.functionName });
    params(a.parts, a.functionName);
  }
  for (const c of apkbuild.commands) {
    commandName(c, undefined);
    words([...(c.name ? [c.name] : []), ...c.args, ...c.assignments], undefined);
    for (const r of c.redirects) if (r.target) params(r.target.parts, undefined);
  }
  for (const fn of apkbuild.functions) {
    push({ name: fn.name, kind: 'function', role: 'definition', span: fn.nameSpan });
    words(fn.script.words, fn.name);
    for (const c of fn.script.commands) commandName(c, fn.name);
  }
  for (const doc of apkbuild.heredocs) {
    if (doc.quoted) continue;
    const fn = apkbuild.functions.find((f) => f.span.start <= doc.body.start && doc.body.end <= f.span.end);
    params(heredocExpansions(text, doc.body), fn?.name);
  }
  for (const sub of apkbuild.subpackages) {
    if (sub.splitFunction && sub.functionSpan) push({ name: sub.splitFunction, kind: 'function', role: 'reference', span: sub.functionSpan });
  }
  return out.sort((x, y) => x.span.start - y.span.start);
}

/**
 * The expansions in the body of a heredoc whose delimiter is unquoted: there only `\`, `$` and
 * `` ` `` are special (quotes are text), so each expansion is read from where it starts. A
 * substitution may run over lines; a parameter ends on its own line.
 */
function heredocExpansions(text: string, body: Span): WordPart[] {
  const parts: WordPart[] = [];
  let i = body.start;
  while (i < body.end) {
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    const next = text[i + 1];
    if (c !== '`' && !(c === '$' && (next === '{' || next === '(' || isNameStart(next)))) {
      i++;
      continue;
    }
    const multiline = c === '`' || next === '(';
    const lineEnd = text.indexOf('\n', i);
    const limit = multiline || lineEnd === -1 || lineEnd > body.end ? body.end : lineEnd;
    const part = lexText(text, i, limit).parts[0];
    parts.push(part);
    i = Math.max(part.span.end, i + 1);
  }
  return parts;
}

/** The occurrence under the offset (its name span holds it, ends included). */
export function occurrenceAt(apkbuild: Apkbuild, offset: number): Occurrence | undefined {
  return occurrences(apkbuild).find((o) => offset >= o.span.start && offset <= o.span.end);
}
