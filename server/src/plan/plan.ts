import { archAllows } from '../apkbuild/arch';
import { globToRegex } from '../apkbuild/expand';
import { REPO_ORDER } from '../workspace/fs-tree-index';
import { patternExpression } from '../workspace/package-index';
import { cycleThrough, cyclicComponents, topologicalOrder } from './order';
import { ArchPlan, BuildPlan, LeftOut, PlanEdge, PlanPackage, PlanProblem } from './types';

export interface PlanInput {
  packages: readonly PlanPackage[];
  arches: readonly string[];
  /** whether a package outside the set (in the tree, or the repositories it stands for) has the name */
  knownElsewhere(name: string): boolean;
  /** notes gathered while reading the packages */
  notes?: readonly string[];
}

/** `so:libfoo.so.1`, `pc:foo`, `cmd:foo`, `py3.12:foo`, `/bin/sh`: names abuild usually finds itself when it builds. */
const isAutomaticName = (name: string) => name.includes(':') || name.startsWith('/');

const rank = (p: PlanPackage) => {
  const i = p.repo === undefined ? -1 : REPO_ORDER.indexOf(p.repo);
  return i === -1 ? REPO_ORDER.length : i;
};

/**
 * The order to build a set of packages in, per arch: each after the packages of the set that
 * produce a name it depends on (any dependency variable), ties by repository rank then name.
 * Reports what makes the plan unbuildable. Pure: the caller reads the packages and the tree.
 */
export function planBuild(input: PlanInput): BuildPlan {
  const packages = [...input.packages].sort((a, b) => rank(a) - rank(b) || cmp(a.pkgname, b.pkgname) || cmp(a.dir, b.dir));
  const position = new Map(packages.map((p, i) => [p.dir, i]));
  const byDir = new Map(packages.map((p) => [p.dir, p]));
  const compare = (a: string, b: string) => position.get(a)! - position.get(b)!;
  const problems: PlanProblem[] = [];
  const notes = [...(input.notes ?? [])];

  const producers = new Map<string, string[]>();
  for (const p of packages) {
    for (const name of p.produces) {
      const list = producers.get(name);
      if (!list) producers.set(name, [p.dir]);
      else if (!list.includes(p.dir)) list.push(p.dir);
    }
  }
  for (const [name, dirs] of producers) {
    if (dirs.length > 1) problems.push({ kind: 'duplicate-provider', name, packages: dirs, message: `${dirs.join(' and ')} both provide "${name}": which one a build installs is not defined` });
  }

  const patterned = packages.filter((p) => p.producesLike.length > 0).map((p) => ({ dir: p.dir, re: patternExpression(p.producesLike) }));
  /** the packages of the set that declare the name, else those that may produce it */
  const producersOf = (name: string): { dirs: string[]; guessed: boolean } | undefined => {
    const exact = producers.get(name);
    if (exact) return { dirs: exact, guessed: false };
    const like = patterned.filter((x) => x.re.test(name)).map((x) => x.dir);
    return like.length > 0 ? { dirs: like, guessed: true } : undefined;
  };

  const edges: PlanEdge[] = [];
  for (const p of packages) {
    for (const dep of p.dependencies) {
      const from = producersOf(dep.name);
      if (from) {
        for (const to of from.dirs) {
          if (to === p.dir) continue;
          const edge: PlanEdge = { from: p.dir, to, variable: dep.variable, name: dep.name };
          if (from.guessed) edge.guessed = true;
          if (dep.archPatterns) edge.archPatterns = dep.archPatterns;
          if (dep.archExcept) edge.archExcept = dep.archExcept;
          edges.push(edge);
        }
      } else if (!input.knownElsewhere(dep.name)) {
        if (isAutomaticName(dep.name)) {
          notes.push(`${p.dir}: ${dep.variable} "${dep.name}" is declared by no package of the tree (abuild finds such names when it builds); not ordered by it`);
        } else {
          problems.push({
            kind: 'not-found',
            package: p.dir,
            variable: dep.variable,
            name: dep.name,
            line: dep.line + 1,
            message: `${p.dir}: ${dep.variable} "${dep.name}" (APKBUILD line ${dep.line + 1}) is not found: no package of the set or the tree provides it`,
          });
        }
      }
    }
  }

  const cycles = new Map<string, Extract<PlanProblem, { kind: 'cycle' }>>();
  const arches = input.arches.map((arch) => {
    // what each package needs on this arch, and the first edge of each pair for messages
    const needs = new Map<string, string[]>(packages.map((p) => [p.dir, []]));
    const edgeOf = new Map<string, PlanEdge>();
    for (const edge of edges) {
      const key = `${edge.from}\0${edge.to}`;
      if (edgeOf.has(key) || !appliesOn(edge, arch)) continue;
      edgeOf.set(key, edge);
      needs.get(edge.from)!.push(edge.to);
    }
    for (const list of needs.values()) list.sort(compare);
    return planArch(arch, packages, byDir, needs, edgeOf, compare, cycles);
  });
  problems.push(...cycles.values());
  problems.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
  return { packages, edges, arches, problems, notes };
}

/** Whether a dependency under `$CARCH` conditions counts on `arch`: every level of archPatterns has a
 * pattern it matches, and no level of archExcept has one. */
export function appliesOn(dep: { archPatterns?: readonly (readonly string[])[]; archExcept?: readonly (readonly string[])[] }, arch: string): boolean {
  const matches = (level: readonly string[]) => level.some((pattern) => globMatches(pattern, arch));
  return (!dep.archPatterns || dep.archPatterns.every(matches)) && (!dep.archExcept || !dep.archExcept.some(matches));
}

/** A `case` pattern (`x86*`, `arm?7`, `"aarch64"`) against an arch; quotes only quote here. */
function globMatches(pattern: string, arch: string): boolean {
  return new RegExp(`^(?:${globToRegex(pattern.replace(/["']/g, ''))})$`).test(arch);
}

const KIND_ORDER: Record<PlanProblem['kind'], number> = { cycle: 0, 'not-found': 1, 'duplicate-provider': 2 };

function planArch(
  arch: string,
  packages: readonly PlanPackage[],
  byDir: ReadonlyMap<string, PlanPackage>,
  needs: ReadonlyMap<string, string[]>,
  edgeOf: ReadonlyMap<string, PlanEdge>,
  compare: (a: string, b: string) => number,
  cycles: Map<string, Extract<PlanProblem, { kind: 'cycle' }>>,
): ArchPlan {
  const excluded: LeftOut[] = [];
  const included = new Set<string>();
  for (const p of packages) {
    const words = p.arch.words;
    if (words === undefined || archAllows(words, arch)) included.add(p.dir);
    else if (words.length === 0) excluded.push({ dir: p.dir, reason: p.arch.text === undefined ? 'arch is not set: built on no arch' : `${p.arch.text} (line ${p.arch.line! + 1}): built on no arch` });
    else excluded.push({ dir: p.dir, reason: `${p.arch.text} (line ${p.arch.line! + 1}) excludes ${arch}` });
  }
  const warnings: string[] = [];
  const needsHere = (n: string) => needs.get(n)!.filter((m) => included.has(m));
  for (const dir of included) {
    for (const m of needs.get(dir)!) {
      if (!included.has(m)) {
        const e = edgeOf.get(`${dir}\0${m}`)!;
        warnings.push(`${dir} ${e.variable} ${nameOf(e, byDir)}, which is not built for ${arch}: it must come from the package repositories`);
      }
    }
  }
  const nodes = packages.map((p) => p.dir).filter((d) => included.has(d));
  const { order, blocked } = topologicalOrder(nodes, needsHere, compare);
  const blockedOut: LeftOut[] = [];
  if (blocked.length > 0) {
    const inCycle = new Map<string, string>();
    for (const component of cyclicComponents(blocked, needsHere, compare)) {
      const loop = cycleThrough(component, needsHere, compare);
      const steps = loop.map((n, i) => edgeOf.get(`${n}\0${loop[(i + 1) % loop.length]}`)!);
      const message = 'dependency cycle: ' + steps.map((e) => `${byDir.get(e.from)!.pkgname} ${e.variable} ${nameOf(e, byDir)}`).join(', ');
      const key = loop.join('\0');
      const known = cycles.get(key);
      if (known) known.arches.push(arch);
      else cycles.set(key, { kind: 'cycle', message, packages: component, steps, arches: [arch] });
      for (const n of component) inCycle.set(n, message);
    }
    for (const n of blocked) {
      if (inCycle.has(n)) blockedOut.push({ dir: n, reason: `in a ${inCycle.get(n)}` });
      else blockedOut.push({ dir: n, reason: `needs ${needsHere(n).filter((m) => blocked.includes(m)).join(', ')}, which can not be ordered` });
    }
  }
  const placed = new Set(order.map((o) => o.node));
  const levels: string[][] = [];
  for (const o of order) (levels[o.level - 1] ??= []).push(o.node);
  return {
    arch,
    order: order.map((o) => ({ dir: o.node, pkgname: byDir.get(o.node)!.pkgname, level: o.level, after: needsHere(o.node).filter((m) => placed.has(m)) })),
    levels,
    excluded,
    blocked: blockedOut,
    warnings,
  };
}

/** `b`, or `b-dev (b)` when the name is not the package's own. */
function nameOf(e: PlanEdge, byDir: ReadonlyMap<string, PlanPackage>): string {
  const to = byDir.get(e.to)!.pkgname;
  return e.name === to ? to : `${e.name} (${to})`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
