/** Offsets into the document text (UTF-16 code units, as JavaScript strings and LSP count). */
export interface Span {
  start: number;
  end: number;
}

export interface Position {
  /** 0-based line */
  line: number;
  /** 0-based column in UTF-16 code units */
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets to line/column positions and back; built once per text. */
export class LineIndex {
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    let i = text.indexOf('\n');
    while (i !== -1) {
      starts.push(i + 1);
      i = text.indexOf('\n', i + 1);
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** End of the line's content, before its newline. */
  lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > 0 && this.text[next - 1] === '\r' && next - 1 >= this.lineStart(line) ? next - 1 : next;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line, character: offset - this.starts[line] };
  }

  range(span: Span): Range {
    return { start: this.position(span.start), end: this.position(span.end) };
  }

  offset(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    return Math.min(this.lineStart(position.line) + position.character, this.lineEnd(position.line));
  }
}

export function contains(outer: Span, offset: number): boolean {
  return offset >= outer.start && offset < outer.end;
}

/** Sorts by start, stably, unless already sorted (most often): sort() copies the array. */
export function sortByStart(items: { span: Span }[]): void {
  for (let k = 1; k < items.length; k++) {
    if (items[k - 1].span.start > items[k].span.start) {
      items.sort((a, b) => a.span.start - b.span.start);
      return;
    }
  }
}
