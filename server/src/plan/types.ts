import type { ArchList } from '../apkbuild/arch';

/** The dependency variables whose packages must be built first. */
export const DEPENDENCY_VARIABLES = ['depends', 'makedepends', 'makedepends_build', 'makedepends_host', 'checkdepends', 'depends_dev'] as const;
export type DependencyVariable = (typeof DEPENDENCY_VARIABLES)[number];

/** One dependency entry of a package: the name without its version constraint. */
export interface DependencyRef {
  variable: DependencyVariable;
  /** the name as apk reads it (`foo`, `so:libfoo.so.1`, `cmd:foo`) */
  name: string;
  /** 0-based line of the entry in the APKBUILD */
  line: number;
  /** set under `$CARCH` tests (`case` arms, `if [ "$CARCH" = x ]`, `[ ... ] &&`): levels of arch
   * patterns, outermost first; the entry counts on an arch that matches a pattern of every level */
  archPatterns?: string[][];
  /** levels of arch patterns the arch must match none of (`!=`, `else`, the arms before `*)`) */
  archExcept?: string[][];
}

/** A package of the set, as the planner sees it (read from its APKBUILD, never run). */
export interface PlanPackage {
  /** the package directory relative to the tree root, with forward slashes: `main/foo` */
  dir: string;
  repo: string | undefined;
  pkgname: string;
  pkgver: string | undefined;
  pkgrel: string | undefined;
  /** the names its build produces: pkgname, subpackages, provides (versions stripped) */
  produces: string[];
  /** names it may produce, known only when abuild runs: `*` for the unknown parts (`lua*-posix`) */
  producesLike: string[];
  dependencies: DependencyRef[];
  arch: ArchList;
}

/** `from` needs a name `to` produces, so `to` builds first. */
export interface PlanEdge {
  from: string;
  to: string;
  variable: DependencyVariable;
  name: string;
  /** `to` may produce the name (through a name pattern); it does not declare it as such */
  guessed?: true;
  /** the dependency's `$CARCH` conditions (see DependencyRef): the edge counts on those arches only */
  archPatterns?: string[][];
  archExcept?: string[][];
}

export interface PlannedBuild {
  dir: string;
  pkgname: string;
  /** 1 for a package that needs nothing of the plan; else one more than the highest level it needs */
  level: number;
  /** the directories of the packages of this arch's plan it needs */
  after: string[];
}

export interface LeftOut {
  dir: string;
  reason: string;
}

export interface ArchPlan {
  arch: string;
  /** the builds in order */
  order: PlannedBuild[];
  /** the same builds grouped by level: the packages of a level can build in parallel */
  levels: string[][];
  /** packages `arch=` excludes on this arch */
  excluded: LeftOut[];
  /** packages that can not be ordered: in a cycle, or needing one that is */
  blocked: LeftOut[];
  /** packages of the plan that need one excluded on this arch (it then comes from the repositories) */
  warnings: string[];
}

export type PlanProblem =
  | { kind: 'cycle'; message: string; packages: string[]; steps: PlanEdge[]; arches: string[] }
  | { kind: 'not-found'; message: string; package: string; variable: DependencyVariable; name: string; line: number }
  | { kind: 'duplicate-provider'; message: string; name: string; packages: string[] };

export interface BuildPlan {
  /** the packages of the set, by repository rank then name */
  packages: PlanPackage[];
  edges: PlanEdge[];
  arches: ArchPlan[];
  /** what stops the plan from being built: cycles, names found nowhere, one name from two packages */
  problems: PlanProblem[];
  /** what the planner could not know (unexpanded entries, auto-detected names nothing declares) */
  notes: string[];
}
