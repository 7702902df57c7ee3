import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { initParser } from '../src/parser/parser';
import { lintTextSync, LintOptions, Finding } from '../src/lint';
import { treeIndexFor } from '../src/workspace/fs-tree-index';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = path.join(REPO_ROOT, 'test-fixtures');

export { initParser };

/** Lints a file on disk the way the CLI does (with its tree index). */
export function lintFile(file: string, options: LintOptions = {}): Finding[] {
  const text = fs.readFileSync(file, 'utf8');
  return lintTextSync(text, { path: file, tree: treeIndexFor(file), env: {}, ...options });
}

/** Lints a string as an APKBUILD that is not on disk, with no environment switches. */
export function lintString(text: string, options: LintOptions = {}): Finding[] {
  return lintTextSync(text, { env: {}, ...options });
}

/** `line:col-line:col`, 1-based, for compact assertions. */
export function where(f: Finding): string {
  return `${f.range.start.line + 1}:${f.range.start.character + 1}-${f.range.end.line + 1}:${f.range.end.character + 1}`;
}

export function findApkbuilds(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === 'APKBUILD') out.push(p);
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out.sort();
}

/** A scratch directory (its real path) holding the given files, by relative path. */
export function writeTree(prefix: string, files: Record<string, string | Buffer>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), text);
  }
  return root;
}
