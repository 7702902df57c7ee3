import * as path from 'node:path';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { baseOf, Dependent, knownValue } from './change-context';
import { CHECKED_LISTS, listInfo } from './duplicate-depends';
import type { Rule, TreeIndex } from './types';

/**
 * AC6: a package that moved to another repository, checked for what the move breaks, with the
 * ladder of AL16/AL18/AL20 (main < community < testing < unmaintained).
 */

const LADDER = ['main', 'community', 'testing', 'unmaintained'];
/** How many packages a message names before it only counts the rest. */
const NAMED = 8;
/** The subpackage suffixes atools strips when no package has the full name (as AL16). */
const STRIPPED_SUFFIXES = ['-dev', '-doc', '-openrc', '-bash-completion', '-zsh-completion', '-fish-completion', '-static', '-lang'];

function rankOf(tree: TreeIndex, repo: string | undefined): number | undefined {
  if (repo === undefined) return undefined;
  return tree.repoRank(repo) ?? (repo === 'unmaintained' ? LADDER.length - 1 : undefined);
}

/** The repositories a dependency name finds, by directory as atools does. */
function reposOf(tree: TreeIndex, name: string): string[] {
  let dirs = tree.packageDirs(name);
  if (dirs.length === 0) {
    let stripped = name;
    for (const s of STRIPPED_SUFFIXES) if (stripped.endsWith(s)) stripped = stripped.slice(0, -s.length);
    if (stripped !== name && stripped !== '') dirs = tree.packageDirs(stripped);
  }
  return [...new Set(dirs.map((d) => tree.repoOf(d)).filter((r): r is string => !!r))];
}

function listed(items: string[]): string {
  const shown = items.slice(0, NAMED).join(', ');
  return items.length > NAMED ? `${shown} and ${items.length - NAMED} more` : shown;
}

/** This package's own dependencies that are in a repository above `rank`. */
function upperDependencies(apkbuild: Apkbuild, tree: TreeIndex, rank: number, self: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const variable of CHECKED_LISTS) {
    for (const entry of listInfo(apkbuild, variable).entries) {
      const dep = entry.dep;
      if (!dep || dep.conflict || dep.name.includes(':') || self.has(dep.name)) continue;
      const upper = reposOf(tree, dep.name).filter((r) => (rankOf(tree, r) ?? -1) > rank);
      if (upper.length) out.push(`${variable} '${entry.value}' is in ${upper.join(' and ')}`);
    }
  }
  return out;
}

function describe(d: Dependent): string {
  return `${d.repo}/${path.basename(d.dir)} (${d.variable} '${d.entry}')`;
}

export const rules: Rule[] = [
  {
    code: 'AC6',
    label: 'repo-move-breaks-dependencies',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a package moved to another repository where its dependencies or dependents break the repository order',
    docs:
      'The repositories form a ladder, main < community < testing: a package may only depend on packages of ' +
      'its own repository or a lower one (AL16, AL18, AL20). Moving a package up (main → community) breaks ' +
      'the packages of the lower repositories that depend on it, or on one of its subpackages; moving it down ' +
      '(testing → community) needs its own dependencies to be there or lower already. Move those packages ' +
      'in the same change, or keep the package where it was. Checked only in a review ' +
      '(`lint --changed-since REV`), from the tree as it is after the change.',
    fixable: false,
    check(apkbuild, context) {
      const base = baseOf(context);
      const tree = context.tree;
      if (!base || !tree || !context.packageDir) return [];
      const from = tree.repoOf(path.dirname(base.path));
      const to = tree.repoOf(context.packageDir);
      const fromRank = rankOf(tree, from);
      const toRank = rankOf(tree, to);
      if (fromRank === undefined || toRank === undefined || fromRank === toRank) return [];
      const pkgname = knownValue(apkbuild, 'pkgname');
      if (!pkgname) return [];
      const names = [pkgname.value, ...apkbuild.subpackages.filter((s) => s.known).map((s) => s.name)];
      const move = `moved from ${from} to ${to}`;
      if (toRank > fromRank) {
        const lower = LADDER.filter((r) => (rankOf(tree, r) ?? Infinity) < toRank);
        const dependents = (base.dependents?.(names, lower) ?? []).filter((d) => d.dir !== context.packageDir);
        if (dependents.length === 0) return [];
        return [{ span: pkgname.span, message: `${move}, but packages of lower repositories depend on it: ${listed(dependents.map(describe))}` }];
      }
      const upper = upperDependencies(apkbuild, tree, toRank, new Set(names));
      if (upper.length === 0) return [];
      return [{ span: pkgname.span, message: `${move}, but ${listed(upper)}` }];
    },
  },
];
