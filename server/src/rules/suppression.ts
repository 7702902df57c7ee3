import { Apkbuild } from '../apkbuild/apkbuild';

const DIRECTIVE = /#\s*apkbuild-lint\s+(disable|disable-file|disable-line|disable-next-line)\s*=\s*([A-Za-z0-9_,\s-]+)/;

/** Inline suppressions: `# apkbuild-lint disable=AL5,empty-variable` at the end of a line or on
 * the line above, and `# apkbuild-lint disable-file=AL13` anywhere. Ids are compared in lower case:
 * callers pass the rule's code and label lowered. */
export class Suppressions {
  private readonly file = new Set<string>();
  private readonly lines = new Map<number, Set<string>>();

  constructor(apkbuild: Apkbuild) {
    for (const c of apkbuild.comments) {
      const m = DIRECTIVE.exec(c.text);
      if (!m) continue;
      const ids = m[2].split(/[\s,]+/).filter(Boolean).map((s) => s.toLowerCase());
      if (m[1] === 'disable-file') {
        ids.forEach((id) => this.file.add(id));
        continue;
      }
      const line = apkbuild.lines.lineOf(c.span.start);
      const ownLine = apkbuild.lines.lineText(line).trimStart().startsWith('#');
      const target = ownLine ? line + 1 : line;
      const set = this.lines.get(target) ?? new Set<string>();
      ids.forEach((id) => set.add(id));
      this.lines.set(target, set);
    }
  }

  /** `disable-file`: also covers findings the package's other files (init scripts, patches) get */
  isSuppressedInFile(code: string, label: string): boolean {
    return this.file.has(code) || this.file.has(label) || this.file.has('all');
  }

  isSuppressed(code: string, label: string, line: number): boolean {
    if (this.isSuppressedInFile(code, label)) return true;
    const set = this.lines.get(line);
    return !!set && (set.has(code) || set.has(label) || set.has('all'));
  }
}

/** A file without a directive (nearly all of them) shares this one. */
const NONE = { isSuppressedInFile: () => false, isSuppressed: () => false };

/** The suppressions of a file. */
export function suppressionsOf(apkbuild: Apkbuild): Pick<Suppressions, 'isSuppressed' | 'isSuppressedInFile'> {
  return apkbuild.text.includes('apkbuild-lint') ? new Suppressions(apkbuild) : NONE;
}

const skipCache = new WeakMap<NodeJS.ProcessEnv, Map<string, boolean>>();

/** atools' environment switches: SKIP_AL5=1 or SKIP_EMPTY_VARIABLE=1 (looked up once per env). */
export function skippedByEnv(code: string, label: string, env: NodeJS.ProcessEnv): boolean {
  let known = skipCache.get(env);
  if (!known) {
    known = new Map();
    skipCache.set(env, known);
  }
  let skipped = known.get(code);
  if (skipped === undefined) {
    const on = (v: string | undefined) => v !== undefined && v !== '' && v !== '0';
    skipped = on(env['SKIP_' + code]) || on(env['SKIP_' + label.toUpperCase().replace(/-/g, '_')]);
    known.set(code, skipped);
  }
  return skipped;
}
