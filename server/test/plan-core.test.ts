import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { planBuild } from '../src/plan/plan';
import { cycleThrough, cyclicComponents, topologicalOrder } from '../src/plan/order';
import { DependencyVariable, PlanPackage } from '../src/plan/types';

/** The planner's pure core on packages made in the test (no files): graphs too big or odd for fixtures. */

function pkg(dir: string, deps: [DependencyVariable, string][] = [], arch: string[] = ['all']): PlanPackage {
  const pkgname = dir.slice(dir.indexOf('/') + 1);
  return {
    dir,
    repo: dir.slice(0, dir.indexOf('/')),
    pkgname,
    pkgver: '1',
    pkgrel: '0',
    produces: [pkgname],
    producesLike: [],
    dependencies: deps.map(([variable, name]) => ({ variable, name, line: 0 })),
    arch: { words: arch, line: 0, text: `arch="${arch.join(' ')}"` },
  };
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

describe('planner core', () => {
  test('orders a chain of 5000 packages without running out of stack', () => {
    const packages = Array.from({ length: 5000 }, (_, i) => pkg(`main/p${String(i).padStart(4, '0')}`, i ? [['makedepends', `p${String(i - 1).padStart(4, '0')}`]] : []));
    const plan = planBuild({ packages: [...packages].reverse(), arches: ['x86_64'], knownElsewhere: () => false });
    assert.equal(plan.arches[0].order.length, 5000);
    assert.equal(plan.arches[0].order[4999].level, 5000);
    assert.equal(plan.arches[0].order[0].dir, 'main/p0000');
  });

  test('finds a cycle through 5000 packages without running out of stack', () => {
    const name = (i: number) => `p${String(i % 5000).padStart(4, '0')}`;
    const ring = Array.from({ length: 5000 }, (_, i) => `main/${name(i)}`);
    const needs = (n: string) => [`main/${name(Number(n.slice(6)) + 1)}`];
    const components = cyclicComponents(ring, needs, byName);
    assert.equal(components.length, 1);
    assert.equal(components[0].length, 5000);
    assert.equal(cycleThrough(components[0], needs, byName).length, 5000);
  });

  test('reports two separate cycles separately, each along its own path', () => {
    const plan = planBuild({
      packages: [
        pkg('main/a', [['makedepends', 'b']]),
        pkg('main/b', [['checkdepends', 'c']]),
        pkg('main/c', [['depends', 'a']]),
        pkg('main/x', [['depends_dev', 'y']]),
        pkg('main/y', [['makedepends_host', 'x']]),
        pkg('main/z'),
      ],
      arches: ['x86_64'],
      knownElsewhere: () => false,
    });
    assert.deepEqual(
      plan.problems.map((p) => p.message),
      ['dependency cycle: a makedepends b, b checkdepends c, c depends a', 'dependency cycle: x depends_dev y, y makedepends_host x'],
    );
    assert.deepEqual(plan.arches[0].order.map((o) => o.dir), ['main/z']);
  });

  test('an arch exclusion can break a cycle on that arch only', () => {
    const plan = planBuild({
      packages: [pkg('main/a', [['makedepends', 'b']]), pkg('main/b', [['depends', 'a']], ['all', '!s390x'])],
      arches: ['x86_64', 's390x'],
      knownElsewhere: () => false,
    });
    const cycle = plan.problems.find((p) => p.kind === 'cycle');
    assert.ok(cycle && cycle.kind === 'cycle');
    assert.deepEqual(cycle.arches, ['x86_64']);
    assert.deepEqual(plan.arches[1].order.map((o) => o.dir), ['main/a']);
  });

  test('a package whose arch= is unknown statically is planned on every arch', () => {
    const p = pkg('main/a');
    p.arch = { words: undefined, line: 3, text: 'arch="$_arches"' };
    const plan = planBuild({ packages: [p], arches: ['riscv64'], knownElsewhere: () => false });
    assert.deepEqual(plan.arches[0].order.map((o) => o.dir), ['main/a']);
  });

  test('a package needing its own subpackage is not a cycle', () => {
    const p = pkg('main/a', [['checkdepends', 'a-dev']]);
    p.produces.push('a-dev');
    const plan = planBuild({ packages: [p], arches: ['x86_64'], knownElsewhere: () => false });
    assert.deepEqual(plan.problems, []);
    assert.deepEqual(plan.edges, []);
  });

  test('topologicalOrder takes the least ready node first and levels by the longest path', () => {
    const needs: Record<string, string[]> = { d: ['b', 'c'], c: ['a'], b: [], a: [] };
    const { order, blocked } = topologicalOrder(['d', 'c', 'b', 'a'], (n) => needs[n], byName);
    assert.deepEqual(order, [{ node: 'a', level: 1 }, { node: 'b', level: 1 }, { node: 'c', level: 2 }, { node: 'd', level: 3 }]);
    assert.deepEqual(blocked, []);
  });

  test('cycleThrough finds the shortest way back to the first node', () => {
    const needs: Record<string, string[]> = { a: ['b', 'c'], b: ['c'], c: ['a'] };
    assert.deepEqual(cycleThrough(['a', 'b', 'c'], (n) => needs[n], byName), ['a', 'c']);
  });
});
