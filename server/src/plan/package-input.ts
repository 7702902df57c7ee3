import { archListOf } from '../apkbuild/arch';
import { Apkbuild } from '../apkbuild/apkbuild';
import { parseText, Tree } from '../parser/parser';
import { ArchCondition, archGuardsAt } from './arch-guards';
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
 * an entry under `$CARCH` tests, in `case` arms, `if` branches or `&&`/`||` lists, counts on the
 * arches they allow: see arch-guards.ts).
 */
export function readPlanPackage(apkbuild: Apkbuild, dir: string, repo: string | undefined): PackageReading {
  const facts = extractPackageFacts(apkbuild.text);
  const pkgname = facts.pkgname || dir.slice(dir.lastIndexOf('/') + 1);
  const produces = [...new Set([pkgname, ...facts.subpackages, ...facts.provides])];
  const dependencies: DependencyRef[] = [];
  const notes: string[] = [];
  const seen = new Set<string>();
  // the syntax tree is parsed only for entries set conditionally, and once
  let tree: Tree | undefined;
  try {
    for (const variable of DEPENDENCY_VARIABLES) {
      for (const entry of listInfo(apkbuild, variable).entries) {
        if (variable === 'makedepends' && CROSS_LIST.test(entry.item.text)) continue;
        const line = apkbuild.lines.lineOf(entry.item.span.start);
        if (entry.value === undefined) {
          notes.push(`${dir}: ${variable} entry "${entry.item.text}" (line ${line + 1}) can not be expanded without running the APKBUILD; not ordered by it`);
          continue;
        }
        if (!entry.dep || entry.dep.conflict) continue;
        const dep: DependencyRef = { variable, name: entry.dep.name, line };
        if (entry.assignment.conditional) {
          tree ??= parseText(apkbuild.text);
          setArches(dep, archGuardsAt(tree, entry.assignment.statement.span.start));
        }
        const key = `${variable}\0${dep.name}\0${JSON.stringify([dep.archPatterns ?? null, dep.archExcept ?? null])}`;
        if (seen.has(key)) continue;
        seen.add(key);
        dependencies.push(dep);
      }
    }
  } finally {
    tree?.delete();
  }
  return {
    pkg: { dir, repo, pkgname, pkgver: facts.pkgver, pkgrel: facts.pkgrel, produces, producesLike: facts.patterns, dependencies, arch: archListOf(apkbuild) },
    notes,
  };
}

function setArches(dep: DependencyRef, guards: readonly ArchCondition[]): void {
  const only = guards.filter((g) => !g.except).map((g) => g.patterns);
  const except = guards.filter((g) => g.except).map((g) => g.patterns);
  if (only.length) dep.archPatterns = only;
  if (except.length) dep.archExcept = except;
}
