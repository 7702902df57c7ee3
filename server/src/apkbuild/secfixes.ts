import { ParsedApkbuild } from './model';
import { Span } from './span';

export interface SecfixesLine {
  kind: 'header' | 'version' | 'id' | 'other';
  /** the comment line, `#` included */
  text: string;
  span: Span;
  /** version lines: the text before `:`; id lines: the identifier */
  value: string;
  valueSpan: Span;
}

export interface Secfixes {
  header: Span;
  lines: SecfixesLine[];
}

const SECFIXES_HEADER = /^#\s*secfixes:?\s*$/i;
const INDENTED_COMMENT = /^#\s{2,}/;

/** The `# secfixes:` comment block: the header and every whole-line comment directly after it,
 * empty `#` lines included (abuild's check_secfixes_comment reads them all). */
export function secfixesOf(model: ParsedApkbuild): Secfixes | undefined {
  const { comments, lines } = model;
  const headerIndex = comments.findIndex((c) => SECFIXES_HEADER.test(c.text) && !INDENTED_COMMENT.test(c.text));
  if (headerIndex === -1) return undefined;
  const header = comments[headerIndex];
  const out: SecfixesLine[] = [{ kind: 'header', text: header.text, span: header.span, value: '', valueSpan: header.span }];
  let line = lines.lineOf(header.span.start);
  for (let i = headerIndex + 1; i < comments.length; i++) {
    const c = comments[i];
    const cl = lines.lineOf(c.span.start);
    // the block is the run of whole-line comments on the following lines
    if (cl !== line + 1 || lines.lineStart(cl) !== c.span.start) break;
    line = cl;
    const body = c.text.slice(1);
    const trimmed = body.trim();
    const lead = body.length - body.trimStart().length;
    const valueStart = c.span.start + 1 + lead;
    if (trimmed.startsWith('-')) {
      const id = trimmed.slice(1).trim();
      const idStart = c.span.start + c.text.indexOf(id, 1 + lead + 1);
      out.push({ kind: 'id', text: c.text, span: c.span, value: id, valueSpan: { start: idStart, end: idStart + id.length } });
    } else if (trimmed.includes(':') || /^[0-9]/.test(trimmed)) {
      const v = trimmed.replace(/:.*$/, '').trim();
      out.push({ kind: 'version', text: c.text, span: c.span, value: v, valueSpan: { start: valueStart, end: valueStart + v.length } });
    } else {
      out.push({ kind: 'other', text: c.text, span: c.span, value: trimmed, valueSpan: { start: valueStart, end: valueStart + trimmed.length } });
    }
  }
  return { header: header.span, lines: out };
}
