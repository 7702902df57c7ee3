import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, decodeText } from '../lint';
import { PackageIndex } from '../workspace/package-index';
import { PlanPackage } from './types';
import { readPlanPackage } from './package-input';
import { PlanInputError, PackageSet } from './package-set';
import { planBuild } from './plan';
import { BuildPlan } from './types';

/** The aports index of a tree, built once (a few seconds on the whole of aports). */
export async function indexTree(treeRoot: string): Promise<PackageIndex> {
  const index = new PackageIndex([treeRoot]);
  await index.build();
  return index;
}

/**
 * Plans the builds of a package set against the tree's index (built by `indexTree`, or the
 * language server's own). Reads each APKBUILD of the set (never runs it). Needs the parser
 * (`initParser()`). Throws PlanInputError for an APKBUILD that can not be read.
 */
export function planPackageSet(set: PackageSet, index: PackageIndex, arches: readonly string[]): BuildPlan {
  const packages: PlanPackage[] = [];
  const notes: string[] = [];
  for (const dir of set.dirs) {
    const file = path.join(dir, 'APKBUILD');
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch (e) {
      throw new PlanInputError(`${file}: ${(e as Error).message}`);
    }
    const text = decodeText(bytes);
    if (text === undefined) throw new PlanInputError(`${file}: not a UTF-8 text file`);
    const rel = path.relative(set.treeRoot, dir).split(path.sep).join('/');
    const repo = rel.includes('/') ? rel.slice(0, rel.indexOf('/')) : undefined;
    const reading = readPlanPackage(analyzeText(text), rel, repo);
    packages.push(reading.pkg);
    notes.push(...reading.notes);
  }
  const inSet = new Set(set.dirs);
  return planBuild({
    packages,
    arches,
    notes,
    knownElsewhere: (name) => index.lookup(name).some((m) => !inSet.has(m.entry.dir)) || index.patternMatches(name).some((e) => !inSet.has(e.dir)),
  });
}
