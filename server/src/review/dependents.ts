import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeText, analyzeText } from '../lint';
import type { Dependent } from '../rules/change-context';
import { CHECKED_LISTS, listInfo } from '../rules/duplicate-depends';
import { definitionOf } from '../apkbuild/facts';

/**
 * The packages of an aports tree, in the given repositories, that depend on one of `names`
 * (depends, makedepends or checkdepends, version constraints ignored). Reads each APKBUILD of
 * those repositories once per call; only the files that mention a name as text are parsed.
 * Needs the parser (`initParser()`).
 */
export function scanDependents(treeRoot: string, names: readonly string[], repos: readonly string[]): Dependent[] {
  const wanted = new Set(names);
  const out: Dependent[] = [];
  for (const repo of repos) {
    let dirs: string[];
    try {
      dirs = fs.readdirSync(path.join(treeRoot, repo)).sort();
    } catch {
      continue;
    }
    for (const name of dirs) {
      const dir = path.join(treeRoot, repo, name);
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(path.join(dir, 'APKBUILD'));
      } catch {
        continue;
      }
      const text = decodeText(bytes);
      if (text === undefined || !names.some((n) => text.includes(n))) continue;
      const apkbuild = analyzeText(text);
      const pkgname = definitionOf(apkbuild, 'pkgname')?.value ?? name;
      for (const variable of CHECKED_LISTS) {
        for (const entry of listInfo(apkbuild, variable).entries) {
          if (entry.dep && !entry.dep.conflict && wanted.has(entry.dep.name)) out.push({ repo, pkgname, dir, variable, entry: entry.value! });
        }
      }
    }
  }
  return out;
}
