import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Position } from '../../apkbuild/span';
import { LineIndex } from '../../apkbuild/span';
import { decodeText } from '../../lint';
import type { Finding } from '../../rules/engine';
import { displayPath } from './paths';

/**
 * The text of the files findings point into, read once per report, for the formats that need
 * more than positions: a line's text (fingerprints) and UTF-8 byte columns (reviewdog).
 */
export class SourceLines {
  private readonly files = new Map<string, LineIndex | null>();

  constructor(private readonly cwd: string) {}

  private index(file: string): LineIndex | null {
    const key = path.resolve(this.cwd, file);
    let index = this.files.get(key);
    if (index === undefined) {
      let text: string | undefined;
      try {
        text = decodeText(fs.readFileSync(key));
      } catch {
        text = undefined;
      }
      index = text === undefined ? null : new LineIndex(text);
      this.files.set(key, index);
    }
    return index;
  }

  /** The 0-based line's text, or '' when the file cannot be read. */
  line(file: string, line: number): string {
    const index = this.index(file);
    return index && line < index.lineCount ? index.lineText(line) : '';
  }

  /** 1-based column counted in UTF-8 bytes, as reviewdog's format wants (UTF-16 units when the
   * file cannot be read). */
  utf8Column(file: string, p: Position): number {
    const index = this.index(file);
    if (!index || p.line >= index.lineCount) return p.character + 1;
    const text = index.lineText(p.line);
    return Buffer.byteLength(text.slice(0, p.character), 'utf8') + Math.max(0, p.character - text.length) + 1;
  }
}

/**
 * A fingerprint per finding that stays the same from run to run and when unrelated lines move:
 * a hash of the path, the rule code, the finding's line text (trimmed) and how many identical
 * (path, code, text) findings came before it in the file.
 */
export function fingerprints(findings: readonly Finding[], lines: SourceLines, cwd: string): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const file = reportPath(f.path, cwd);
    const key = `${file}\0${f.code}\0${lines.line(f.path, f.range.start.line).trim()}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return createHash('sha256').update(`${key}\0${n}`).digest('hex');
  });
}

/** A report path with forward slashes, as CI systems compare them with repository paths. */
export function reportPath(file: string, cwd: string): string {
  return displayPath(file, cwd).split(path.sep).join('/');
}
