import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../lint';
import type { BaseRevision } from '../rules/change-context';
import { treeRootOf } from '../workspace/fs-tree-index';
import { scanDependents } from './dependents';

/**
 * The base revision of a package taken from a directory tree instead of git: the package
 * `<headRoot>/<rel>/APKBUILD` had its base at `<baseRoot>/<rel>/APKBUILD`, or, when the tree is
 * aports-shaped and the package moved, at `<baseRoot>/<other repo>/<name>/APKBUILD`. This is how
 * the change rules' fixtures (test-fixtures/rules/AC*) give each bad and good case its base.
 * Needs the parser (`initParser()`).
 */
export function baseFromDirectories(file: string, headRoot: string, baseRoot: string): BaseRevision | undefined {
  const headDir = path.dirname(path.resolve(file));
  const rel = path.relative(path.resolve(headRoot), headDir);
  const relBase = findBaseDir(baseRoot, rel);
  if (relBase === undefined) return undefined;
  const baseDir = path.join(baseRoot, relBase);
  const treeRoot = treeRootOf(file);
  return {
    apkbuild: analyzeText(fs.readFileSync(path.join(baseDir, 'APKBUILD'), 'utf8')),
    path: path.join(path.resolve(headRoot), relBase, 'APKBUILD'),
    changedFiles: differingFiles(baseDir, headDir),
    dependents: treeRoot ? (names, repos) => scanDependents(treeRoot, names, repos) : undefined,
  };
}

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

function findBaseDir(baseRoot: string, rel: string): string | undefined {
  if (isFile(path.join(baseRoot, rel, 'APKBUILD'))) return rel;
  const parts = rel.split(path.sep);
  if (parts.length !== 2) return undefined;
  const repos = fs.existsSync(baseRoot) ? fs.readdirSync(baseRoot).sort() : [];
  const repo = repos.find((r) => r !== parts[0] && isFile(path.join(baseRoot, r, parts[1], 'APKBUILD')));
  return repo === undefined ? undefined : path.join(repo, parts[1]);
}

/** Files (relative, with `/`) that exist in only one of two directories or differ in content. */
export function differingFiles(a: string, b: string): string[] {
  const left = listFiles(a);
  const right = listFiles(b);
  const names = [...new Set([...left, ...right])].sort();
  return names.filter((n) => !left.includes(n) || !right.includes(n) || !fs.readFileSync(path.join(a, n)).equals(fs.readFileSync(path.join(b, n))));
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, name));
    else out.push(name);
  }
  return out;
}
