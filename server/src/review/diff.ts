/** Parsers for the two forms of `git diff` output a review reads. Pure: text in, facts out. */

export type ChangeStatus = 'A' | 'C' | 'D' | 'M' | 'R' | 'T' | 'U' | 'X';

/** One line of `git diff --name-status`: paths relative to the repository root. */
export interface ChangeEntry {
  status: ChangeStatus;
  /** the path after the change (for D: the deleted path) */
  path: string;
  /** R and C: the path before */
  oldPath?: string;
  /** R and C: similarity in percent (100: same content) */
  score?: number;
}

/** Parses `git diff --name-status -z`: `M\0path\0`, `R087\0old\0new\0`. */
export function parseNameStatus(out: string): ChangeEntry[] {
  const fields = out.split('\0');
  const entries: ChangeEntry[] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const code = fields[i];
    if (!code) {
      i++;
      continue;
    }
    const status = code[0] as ChangeStatus;
    if (status === 'R' || status === 'C') {
      entries.push({ status, oldPath: fields[i + 1], path: fields[i + 2], score: Number(code.slice(1)) || 0 });
      i += 3;
    } else {
      entries.push({ status, path: fields[i + 1] });
      i += 2;
    }
  }
  return entries;
}

/** Undoes git's C-style quoting of a path (`"dir/tab\there"`, octal bytes for non-ASCII). */
export function unquotePath(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) return s;
  const bytes: number[] = [];
  const body = s.slice(1, -1);
  const simple: Record<string, number> = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      for (const b of Buffer.from(c, 'utf8')) bytes.push(b);
      continue;
    }
    const next = body[i + 1];
    if (/[0-7]/.test(next ?? '')) {
      bytes.push(parseInt(body.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(simple[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** `b/main/foo/APKBUILD` (or its quoted form) → `main/foo/APKBUILD`; undefined for /dev/null. */
function targetPath(header: string): string | undefined {
  const p = unquotePath(header.replace(/\t$/, ''));
  if (p === '/dev/null') return undefined;
  return p.startsWith('b/') ? p.slice(2) : p;
}

/**
 * Parses `git diff -U0` into the lines of the new side each file's hunks add or modify (1-based).
 * Hunks are read by their line counts, so a patch file whose own lines start with `+++` or `@@`
 * is not mistaken for a header.
 */
export function parseAddedLines(out: string): Map<string, Set<number>> {
  const result = new Map<string, Set<number>>();
  const lines = out.split('\n');
  let file: string | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of lines) {
    if (oldLeft > 0 || newLeft > 0) {
      if (line.startsWith('-')) oldLeft--;
      else if (line.startsWith('+')) newLeft--;
      else if (line.startsWith(' ')) {
        oldLeft--;
        newLeft--;
      }
      // `\ No newline at end of file` belongs to the hunk and counts for neither side
      continue;
    }
    if (line.startsWith('diff --git ')) file = undefined;
    else if (line.startsWith('+++ ')) file = targetPath(line.slice(4));
    else if (line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      const start = Number(m[2]);
      newLeft = m[3] === undefined ? 1 : Number(m[3]);
      if (file === undefined || newLeft === 0) continue;
      let set = result.get(file);
      if (!set) result.set(file, (set = new Set()));
      for (let l = start; l < start + newLeft; l++) set.add(l);
    }
  }
  return result;
}
