import { BuildPlan, PlanPackage } from './types';
import { PackageSet } from './package-set';

const version = (p: PlanPackage) => (p.pkgver === undefined ? '' : `${p.pkgver}-r${p.pkgrel ?? '?'}`);

/** The plan for people: per arch, the builds in order with their level and what they wait for. */
export function formatPlanText(plan: BuildPlan, set: PackageSet): string {
  const out: string[] = [];
  const byDir = new Map(plan.packages.map((p) => [p.dir, p]));
  const since = set.change ? `, changed since ${set.change.rev} (merge base ${set.change.baseCommit.slice(0, 12)})` : '';
  out.push(`build plan: ${plan.packages.length} package${plan.packages.length === 1 ? '' : 's'} of ${set.treeRoot}${since}`);
  if (plan.packages.length === 0) out.push('nothing to build');
  for (const a of plan.arches) {
    if (plan.packages.length === 0) break;
    out.push('', `${a.arch}: ${a.order.length} to build${a.levels.length > 1 ? ` in ${a.levels.length} levels` : ''}`);
    const width = Math.max(0, ...a.order.map((o) => o.dir.length));
    const versionWidth = Math.max(0, ...a.order.map((o) => version(byDir.get(o.dir)!).length));
    a.order.forEach((o, i) => {
      const p = byDir.get(o.dir)!;
      const after = o.after.length ? `  after ${o.after.map((d) => byDir.get(d)!.pkgname + (onlyGuessed(plan, o.dir, d) ? '?' : '')).join(', ')}` : '';
      out.push(`  ${String(i + 1).padStart(2)}. [${o.level}] ${o.dir.padEnd(width)}  ${version(p).padEnd(versionWidth)}${after}`.trimEnd());
    });
    for (const x of a.excluded) out.push(`  not built: ${x.dir}: ${x.reason}`);
    for (const x of a.blocked) out.push(`  blocked: ${x.dir}: ${x.reason}`);
    for (const w of a.warnings) out.push(`  warning: ${w}`);
  }
  if (plan.edges.some((e) => e.guessed)) out.push('', '(? after a name: the package may produce what is needed, through a subpackage name known only at build time)');
  if (plan.notes.length > 0) out.push('', 'notes:', ...plan.notes.map((n) => `  ${n}`));
  if (plan.problems.length > 0) {
    out.push('', `problems (${plan.problems.length}): nothing can be built until they are fixed`);
    for (const p of plan.problems) out.push(`  ${p.message}${p.kind === 'cycle' ? ` (on ${p.arches.join(', ')})` : ''}`);
  }
  return out.join('\n') + '\n';
}

/** every edge from `from` to `to` comes from a name pattern, not a declared name */
function onlyGuessed(plan: BuildPlan, from: string, to: string): boolean {
  return plan.edges.filter((e) => e.from === from && e.to === to).every((e) => e.guessed);
}

/** The plan for programs (the build runner, CI): stable field names, directories relative to `tree`. */
export function formatPlanJson(plan: BuildPlan, set: PackageSet): string {
  const json = {
    tree: set.treeRoot,
    changedSince: set.change ? { rev: set.change.rev, base: set.change.baseCommit } : null,
    packages: plan.packages.map((p) => ({
      dir: p.dir,
      repo: p.repo ?? null,
      pkgname: p.pkgname,
      pkgver: p.pkgver ?? null,
      pkgrel: p.pkgrel ?? null,
      arch: p.arch.words ?? null,
      produces: p.produces,
      needs: plan.edges.filter((e) => e.from === p.dir).map((e) => ({ dir: e.to, variable: e.variable, name: e.name, ...(e.archPatterns ? { archPatterns: e.archPatterns } : {}), ...(e.archExcept ? { archExcept: e.archExcept } : {}) })),
    })),
    arches: plan.arches,
    problems: plan.problems,
    notes: plan.notes,
  };
  return JSON.stringify(json, null, 2) + '\n';
}
