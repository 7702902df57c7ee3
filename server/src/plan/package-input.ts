import { archListOf } from '../apkbuild/arch';
import { Apkbuild } from '../apkbuild/apkbuild';
import type { CaseArm } from '../apkbuild/shell-lexer';
import { listInfo } from '../rules/duplicate-depends';
import { extractPackageFacts } from '../workspace/package-facts';
import { DependencyRef, DEPENDENCY_VARIABLES, PlanPackage } from './types';

/** `makedepends="$makedepends_build $makedepends_host"`: those entries are read from their own variables. */
const CROSS_LIST = /^\$\{?makedepends_(build|host)\}?$/;

export interface PackageReading {
  pkg: PlanPackage;
  /** entries whose value can not be known without running the file */
  notes: string[];
}

/**
 * What the planner needs of one APKBUILD: the names its build produces, read exactly as the aports
 * index reads them (so the set and the rest of the tree agree), and its dependency entries, read
 * through the model as the dependency rules read them (appends and conditional entries included;
 * an entry inside `case "$CARCH"` arms counts on the arches they match).
 */
export function readPlanPackage(apkbuild: Apkbuild, dir: string, repo: string | undefined): PackageReading {
  const facts = extractPackageFacts(apkbuild.text);
  const pkgname = facts.pkgname || dir.slice(dir.lastIndexOf('/') + 1);
  const produces = [...new Set([pkgname, ...facts.subpackages, ...facts.provides])];
  const dependencies: DependencyRef[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  for (const variable of DEPENDENCY_VARIABLES) {
    for (const entry of listInfo(apkbuild, variable).entries) {
      if (variable === 'makedepends' && CROSS_LIST.test(entry.item.text)) continue;
      const line = apkbuild.lines.lineOf(entry.item.span.start);
      if (entry.value === undefined) {
        notes.push(`${dir}: ${variable} entry "${entry.item.text}" (line ${line + 1}) can not be expanded without running the APKBUILD; not ordered by it`);
        continue;
      }
      if (!entry.dep || entry.dep.conflict) continue;
      const archPatterns = carchArms(entry.assignment.statement.caseArms);
      const key = `${variable}\0${entry.dep.name}\0${JSON.stringify(archPatterns ?? null)}`;
      if (seen.has(key)) continue;
      seen.add(key);
      dependencies.push(archPatterns ? { variable, name: entry.dep.name, line, archPatterns } : { variable, name: entry.dep.name, line });
    }
  }
  return {
    pkg: { dir, repo, pkgname, pkgver: facts.pkgver, pkgrel: facts.pkgrel, produces, producesLike: facts.patterns, dependencies, arch: archListOf(apkbuild) },
    notes,
  };
}

const CARCH_SUBJECT = /^"?\$\{?CARCH\}?"?$/;

/** The patterns of the `case "$CARCH" in` arms around an assignment, outermost first; undefined outside any. */
function carchArms(arms: readonly CaseArm[]): string[][] | undefined {
  const levels = arms.filter((a) => CARCH_SUBJECT.test(a.subject)).map((a) => [...a.patterns]);
  return levels.length > 0 ? levels : undefined;
}
