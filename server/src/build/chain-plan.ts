// The build plan for a chain, from the engine's planner: which packages, in which order, per arch.
// A plan with problems (a dependency cycle, a name found nowhere, two packages providing one name)
// is refused here, before any container starts.
import { initParser } from '../parser/parser';
import { findPackageSet } from '../plan/package-set';
import { indexTree, planPackageSet } from '../plan/plan-tree';
import type { BuildPlan } from '../plan/types';
import { ChainPlan } from './chain-types';

/** The planner's per-arch order as the runner's input. */
export function chainPlanOf(plan: BuildPlan): ChainPlan {
  return Object.fromEntries(plan.arches.map((a) => [a.arch, a.order.map((b) => ({ dir: b.dir, name: b.pkgname, needs: [...b.after] }))]));
}

export class PlanRefused extends Error {}

export interface PlanChainRequest {
  /** package directories (absolute); with `changedSince`, the paths that limit the change */
  dirs: string[];
  arches: string[];
  changedSince?: string;
  cwd?: string;
}

/** Plans the set (the given directories or the change since a revision) against its tree; throws PlanRefused on problems. */
export async function planChain(request: PlanChainRequest): Promise<{ plan: ChainPlan; aportsDir: string; notes: string[] }> {
  await initParser();
  const set = findPackageSet({ cwd: request.cwd ?? process.cwd(), env: process.env, paths: request.dirs, changedSince: request.changedSince });
  const index = await indexTree(set.treeRoot);
  const plan = planPackageSet(set, index, request.arches);
  if (plan.problems.length > 0) throw new PlanRefused(plan.problems.map((p) => p.message).join('\n'));
  const notes = [...plan.notes];
  for (const a of plan.arches) {
    for (const left of [...a.excluded, ...a.blocked]) notes.push(`${a.arch}: ${left.dir} left out: ${left.reason}`);
    notes.push(...a.warnings.map((w) => `${a.arch}: ${w}`));
  }
  return { plan: chainPlanOf(plan), aportsDir: set.treeRoot, notes };
}

