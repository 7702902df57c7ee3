import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../src/lint';
import { archAllows, archListOf } from '../src/apkbuild/arch';
import { findPackageSet, PlanInputError } from '../src/plan/package-set';
import { indexTree, planPackageSet } from '../src/plan/plan-tree';
import { readPlanPackage } from '../src/plan/package-input';
import { planBuild } from '../src/plan/plan';
import { BuildPlan, PlanPackage } from '../src/plan/types';
import { PackageIndex } from '../src/workspace/package-index';
import { FIXTURES, initParser } from './helpers';

const TREE = path.join(FIXTURES, 'plan');
let index: PackageIndex;

before(async () => {
  await initParser();
  index = await indexTree(fs.realpathSync(TREE));
});

function plan(dirs: string[], arches = ['x86_64']): BuildPlan {
  const set = findPackageSet({ cwd: TREE, env: {}, paths: dirs });
  return planPackageSet(set, index, arches);
}

const orderOf = (p: BuildPlan, arch = 'x86_64') => p.arches.find((a) => a.arch === arch)!.order.map((o) => o.dir);
const problemsOf = (p: BuildPlan, kind: string) => p.problems.filter((x) => x.kind === kind);

describe('arch lists', () => {
  test('all and noarch allow every arch, a name its own arch', () => {
    assert.equal(archAllows(['all'], 'riscv64'), true);
    assert.equal(archAllows(['noarch'], 's390x'), true);
    assert.equal(archAllows(['x86_64', 'x86'], 'x86'), true);
    assert.equal(archAllows(['x86_64', 'x86'], 'aarch64'), false);
  });

  test('an exclusion wins wherever it stands in the list', () => {
    assert.equal(archAllows(['all', '!aarch64'], 'aarch64'), false);
    assert.equal(archAllows(['!aarch64', 'all'], 'aarch64'), false);
    assert.equal(archAllows(['!aarch64', 'all'], 'x86_64'), true);
  });

  test('an empty arch allows no arch', () => {
    assert.equal(archAllows([], 'x86_64'), false);
  });

  test('reads arch from the last assignment and calls a conditional one unknown', () => {
    assert.deepEqual(archListOf(analyzeText('pkgname=a\narch="all !s390x"\n')).words, ['all', '!s390x']);
    assert.deepEqual(archListOf(analyzeText('pkgname=a\n')).words, []);
    assert.equal(archListOf(analyzeText('pkgname=a\narch=all\n[ "$CARCH" = x86 ] && arch=x86\n')).words, undefined);
  });
});

describe('build plan of the fixture tree', () => {
  test('orders a chain linked by makedepends on a subpackage, depends on an so: provides and checkdepends on a provides', () => {
    const p = plan(['community/app', 'main/libmid', 'main/libcore']);
    assert.deepEqual(orderOf(p), ['main/libcore', 'main/libmid', 'community/app']);
    const edges = p.edges.map((e) => `${e.from} ${e.variable} ${e.name} -> ${e.to}`);
    assert.deepEqual(edges.sort(), [
      'community/app checkdepends mid-tools -> main/libmid',
      'community/app depends so:libmid.so.2 -> main/libmid',
      'main/libmid makedepends libcore-dev -> main/libcore',
    ]);
    assert.deepEqual(p.problems, []);
  });

  test('gives each build its level and the builds it waits for', () => {
    const p = plan(['community/app', 'main/libmid', 'main/libcore', 'main/zebra']);
    const x86 = p.arches[0];
    assert.deepEqual(x86.levels, [['main/libcore', 'main/zebra'], ['main/libmid'], ['community/app']]);
    assert.deepEqual(x86.order.find((o) => o.dir === 'community/app')!.after, ['main/libmid']);
  });

  test('a conflict (!name) is not an edge', () => {
    const p = plan(['community/app', 'main/libcore']);
    assert.deepEqual(p.arches[0].order.map((o) => [o.dir, o.level]), [['main/libcore', 1], ['community/app', 1]]);
    assert.equal(p.edges.length, 0);
  });

  test('breaks ties by repository rank, then by name', () => {
    const p = plan(['testing/aardvark', 'main/zebra', 'community/x86tool-plugin', 'main/base-tool']);
    assert.deepEqual(orderOf(p), ['main/base-tool', 'main/zebra', 'community/x86tool-plugin', 'testing/aardvark']);
  });

  test('is the same whatever order the directories come in', () => {
    const dirs = ['community/app', 'main/libmid', 'main/libcore', 'main/zebra', 'testing/aardvark', 'community/x86tool'];
    const a = JSON.stringify(plan(dirs, ['x86_64', 'aarch64']));
    const b = JSON.stringify(plan([...dirs].reverse(), ['x86_64', 'aarch64']));
    assert.equal(a, b);
  });

  test("leaves a package out of the plan of an arch its arch= excludes, with the reason", () => {
    const p = plan(['community/x86tool', 'main/libcore', 'testing/noarm', 'testing/disabled'], ['x86_64', 'aarch64', 'armv7', 'x86']);
    const arch = (a: string) => p.arches.find((x) => x.arch === a)!;
    assert.deepEqual(orderOf(p, 'x86_64'), ['main/libcore', 'community/x86tool', 'testing/noarm']);
    assert.deepEqual(orderOf(p, 'x86'), ['main/libcore', 'community/x86tool', 'testing/noarm']);
    assert.deepEqual(orderOf(p, 'aarch64'), ['main/libcore']);
    assert.deepEqual(arch('aarch64').excluded.map((x) => x.dir), ['community/x86tool', 'testing/disabled', 'testing/noarm']);
    assert.match(arch('aarch64').excluded[0].reason, /arch="x86_64 x86" \(line 7\) excludes aarch64/);
    assert.match(arch('x86_64').excluded[0].reason, /^arch="" \(line 7\): built on no arch$/);
    assert.deepEqual(arch('x86_64').excluded.map((x) => x.dir), ['testing/disabled']);
  });

  test('warns when a package needs one that its arch excludes', () => {
    const p = plan(['community/x86tool', 'community/x86tool-plugin'], ['x86_64', 'aarch64']);
    assert.deepEqual(p.arches[0].warnings, []);
    assert.deepEqual(orderOf(p, 'aarch64'), ['community/x86tool-plugin']);
    assert.match(p.arches[1].warnings[0], /x86tool-plugin depends x86tool, which is not built for aarch64/);
    assert.deepEqual(p.problems, []);
  });

  test('reports a cycle naming the packages and the variables that close it, and blocks what needs it', () => {
    const p = plan(['testing/cyc-user', 'testing/cyc-b', 'testing/cyc-a', 'main/zebra'], ['x86_64', 'aarch64']);
    const cycles = problemsOf(p, 'cycle');
    assert.equal(cycles.length, 1);
    assert.equal(cycles[0].message, 'dependency cycle: cyc-a makedepends cyc-b, cyc-b depends cyc-a');
    assert.deepEqual(cycles[0].kind === 'cycle' && cycles[0].arches, ['x86_64', 'aarch64']);
    assert.deepEqual(orderOf(p), ['main/zebra']);
    assert.deepEqual(p.arches[0].blocked.map((b) => b.dir), ['testing/cyc-a', 'testing/cyc-b', 'testing/cyc-user']);
    assert.match(p.arches[0].blocked[2].reason, /needs testing\/cyc-a/);
  });

  test('reports a dependency that exists neither in the set nor in the tree as not found', () => {
    const p = plan(['testing/lonely']);
    const missing = problemsOf(p, 'not-found');
    assert.equal(missing.length, 1);
    assert.match(missing[0].message, /testing\/lonely: makedepends "does-not-exist-anywhere" \(APKBUILD line 9\) is not found/);
  });

  test('a dependency the tree has outside the set is no problem and no edge', () => {
    const p = plan(['main/libcore']);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.edges, []);
  });

  test('an so:, pc: or cmd: name nothing declares is a note, not a problem', () => {
    const p = plan(['community/app']);
    assert.deepEqual(p.problems, []);
    assert.equal(p.notes.length, 1);
    assert.match(p.notes[0], /pc:nothing-declares-this/);
  });

  test('reports two packages of the set providing the same name', () => {
    const p = plan(['testing/dup-two', 'testing/dup-one']);
    const dup = problemsOf(p, 'duplicate-provider');
    assert.equal(dup.length, 1);
    assert.match(dup[0].message, /testing\/dup-one and testing\/dup-two both provide "virtual-thing"/);
  });

  test('one of them alone is fine: the rest of the tree does not count as a duplicate', () => {
    assert.deepEqual(plan(['testing/dup-one']).problems, []);
  });
});

describe('package sets', () => {
  test('accepts an APKBUILD path for its directory and drops repeats', () => {
    const set = findPackageSet({ cwd: TREE, env: {}, paths: ['main/zebra/APKBUILD', 'main/zebra', './main/zebra/'] });
    assert.deepEqual(set.dirs, [path.join(fs.realpathSync(TREE), 'main', 'zebra')]);
  });

  test('a directory that does not exist or holds no APKBUILD is an error', () => {
    assert.throws(() => findPackageSet({ cwd: TREE, env: {}, paths: ['main/nope'] }), (e) => e instanceof PlanInputError && /main\/nope: no such file or directory/.test(e.message));
    assert.throws(() => findPackageSet({ cwd: TREE, env: {}, paths: ['main'] }), (e) => e instanceof PlanInputError && /not a package directory/.test(e.message));
  });

  test('a package outside the aports tree is an error', () => {
    const lone = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-plan-lone-'));
    try {
      fs.writeFileSync(path.join(lone, 'APKBUILD'), 'pkgname=lone\npkgver=1\npkgrel=0\narch=all\n');
      assert.throws(() => findPackageSet({ cwd: TREE, env: {}, paths: ['main/zebra', lone] }), (e) => e instanceof PlanInputError && /outside the aports tree/.test(e.message) && e.message.includes(fs.realpathSync(lone)));
      assert.throws(() => findPackageSet({ cwd: lone, env: {}, paths: [] }), (e) => e instanceof PlanInputError && /not in an aports tree/.test(e.message));
    } finally {
      fs.rmSync(lone, { recursive: true, force: true });
    }
  });
});

describe('names known only when abuild runs', () => {
  test('the index keeps a subpackage made in a loop as a pattern, not as a wrong name', () => {
    const entry = index.entryAt(path.join(fs.realpathSync(TREE), 'main', 'lua-kit', 'APKBUILD'))!;
    assert.deepEqual(entry.subpackages, []);
    assert.deepEqual(entry.patterns, ['lua*-kit']);
    assert.deepEqual(index.patternMatches('lua5.4-kit').map((e) => e.pkgname), ['lua-kit']);
    assert.deepEqual(index.patternMatches('lua-kit-extra'), []);
  });

  test('a dependency such a pattern matches is not "not found"', () => {
    assert.deepEqual(plan(['testing/kit-user']).problems, []);
  });

  test('in the set, the package the pattern belongs to builds first (a guessed edge)', () => {
    const p = plan(['testing/kit-user', 'main/lua-kit']);
    assert.deepEqual(orderOf(p), ['main/lua-kit', 'testing/kit-user']);
    assert.deepEqual(p.edges, [{ from: 'testing/kit-user', to: 'main/lua-kit', variable: 'depends', name: 'lua5.4-kit', guessed: true }]);
  });
});

describe('dependencies under case "$CARCH"', () => {
  const text = 'pkgname=app\npkgver=1\npkgrel=0\narch="all"\nmakedepends="zlib-dev"\ncase "$CARCH" in\nx86*) makedepends="$makedepends nasm" ;;\naarch64|arm*) makedepends="$makedepends gas-arm" ;;\nesac\n';
  const lib = (name: string): PlanPackage => ({ dir: `main/${name}`, repo: 'main', pkgname: name, pkgver: '1', pkgrel: '0', produces: [name], producesLike: [], dependencies: [], arch: archListOf(analyzeText('arch="all"\n')) });

  test('an entry an arm adds carries the arm\'s patterns; what the arm re-lists through $makedepends does not', () => {
    const app = readPlanPackage(analyzeText(text), 'main/app', 'main').pkg;
    assert.deepEqual(app.dependencies.map((d) => [d.name, d.archPatterns]), [['zlib-dev', undefined], ['nasm', [['x86*']]], ['gas-arm', [['aarch64', 'arm*']]]]);
  });

  test('count on the arches their arm matches only', () => {
    const app = readPlanPackage(analyzeText(text), 'main/app', 'main').pkg;
    const p = planBuild({ packages: [app, lib('nasm'), lib('gas-arm'), lib('zlib-dev')], arches: ['x86_64', 'aarch64', 'x86'], knownElsewhere: () => false });
    const after = (arch: string) => p.arches.find((a) => a.arch === arch)!.order.find((o) => o.dir === 'main/app')!.after;
    assert.deepEqual(after('x86_64'), ['main/nasm', 'main/zlib-dev']);
    assert.deepEqual(after('x86'), ['main/nasm', 'main/zlib-dev']);
    assert.deepEqual(after('aarch64'), ['main/gas-arm', 'main/zlib-dev']);
  });
});

describe('dependencies under if, elif, else and && on $CARCH', () => {
  const head = 'pkgname=app\npkgver=1\npkgrel=0\narch="all"\nmakedepends="zlib-dev"\n';
  const arches = (text: string) =>
    Object.fromEntries(
      readPlanPackage(analyzeText(head + text), 'main/app', 'main').pkg.dependencies
        .filter((d) => d.name !== 'zlib-dev')
        .map((d) => [d.name, { only: d.archPatterns, except: d.archExcept }]),
    );

  test('an if branch counts on the arches its test allows, an elif also not on those before, else on none of them', () => {
    const text =
      'if [ "$CARCH" = "x86_64" ]; then\n\tmakedepends="$makedepends xen-dev"\n' +
      'elif [ "$CARCH" = aarch64 ]; then\n\tmakedepends="$makedepends atf"\n' +
      'else\n\tmakedepends="$makedepends other"\nfi\n' +
      'if [ "$CARCH" != "ppc64le" ]; then\n\tcheckdepends="$checkdepends evtest"\nfi\n';
    assert.deepEqual(arches(text), {
      'xen-dev': { only: [['x86_64']], except: undefined },
      atf: { only: [['aarch64']], except: [['x86_64']] },
      other: { only: undefined, except: [['x86_64'], ['aarch64']] },
      evtest: { only: undefined, except: [['ppc64le']] },
    });
  });

  test('a test before && or || guards the assignment after it; test, [[ ]], ! and -o are read too', () => {
    const text =
      '[ "$CARCH" = "riscv64" ] && makedepends="$makedepends a"\n' +
      'test "$CARCH" = x86 || makedepends="$makedepends b"\n' +
      'if [[ ${CARCH} == arm* ]]; then makedepends="$makedepends c"; fi\n' +
      'if [ "$CARCH" = x86 ] || [ "$CARCH" = x86_64 ]; then makedepends="$makedepends d"; fi\n' +
      'if ! [ "$CARCH" = s390x ]; then makedepends="$makedepends e"; fi\n' +
      'if [ "$CARCH" = x86 -o "$CARCH" = x86_64 ]; then makedepends="$makedepends f"; fi\n';
    assert.deepEqual(arches(text), {
      a: { only: [['riscv64']], except: undefined },
      b: { only: undefined, except: [['x86']] },
      c: { only: [['arm*']], except: undefined },
      d: { only: [['x86', 'x86_64']], except: undefined },
      e: { only: undefined, except: [['s390x']] },
      f: { only: [['x86', 'x86_64']], except: undefined },
    });
  });

  test('a case arm after others counts only where they do not match; other tests are taken as "may run"', () => {
    const text =
      'case "$CARCH" in\nriscv64|s390x) _linker=bfd ;;\n*) makedepends="$makedepends lld" ;;\nesac\n' +
      'if [ -n "$_feature" ]; then makedepends="$makedepends g"; fi\n' +
      'if [ "$CARCH" = x86_64 ] && [ -n "$_feature" ]; then makedepends="$makedepends h"; fi\n' +
      'if [ "$_arch" = x86_64 ]; then :; else makedepends="$makedepends i"; fi\n';
    assert.deepEqual(arches(text), {
      lld: { only: [['*']], except: [['riscv64', 's390x']] },
      g: { only: undefined, except: undefined },
      h: { only: [['x86_64']], except: undefined },
      i: { only: undefined, except: undefined },
    });
  });

  test('arms written with a leading parenthesis, several statements in an arm, and a case on another variable inside', () => {
    const text =
      'case "$CARCH" in\nx86_64|x86) makedepends="$makedepends a" ;;\n(arm*) _x=2\n\tmakedepends="$makedepends b" ;;\n' +
      '*) case $X in y) makedepends="$makedepends c";; esac ;;\nesac\nmakedepends="$makedepends d"\n';
    assert.deepEqual(arches(text), {
      a: { only: [['x86_64', 'x86']], except: undefined },
      b: { only: [['arm*']], except: [['x86_64', 'x86']] },
      c: { only: [['*']], except: [['x86_64', 'x86'], ['arm*']] },
      d: { only: undefined, except: undefined },
    });
  });

  test('the plan of each arch waits only for what that arch needs (u-boot: opensbi on riscv64, ATF on aarch64)', () => {
    const text =
      'if [ "$CARCH" = "aarch64" ]; then\n\tmakedepends="$makedepends arm-trusted-firmware"\nfi\n' +
      'if [ "$CARCH" = "riscv64" ]; then\n\tmakedepends="$makedepends opensbi"\nfi\n';
    const app = readPlanPackage(analyzeText(head + text), 'main/app', 'main').pkg;
    const lib = (name: string): PlanPackage => ({ dir: `main/${name}`, repo: 'main', pkgname: name, pkgver: '1', pkgrel: '0', produces: [name], producesLike: [], dependencies: [], arch: archListOf(analyzeText('arch="all"\n')) });
    const p = planBuild({ packages: [app, lib('opensbi'), lib('arm-trusted-firmware'), lib('zlib-dev')], arches: ['x86_64', 'aarch64', 'riscv64'], knownElsewhere: () => false });
    const after = (arch: string) => p.arches.find((a) => a.arch === arch)!.order.find((o) => o.dir === 'main/app')!.after;
    assert.deepEqual(after('x86_64'), ['main/zlib-dev']);
    assert.deepEqual(after('aarch64'), ['main/arm-trusted-firmware', 'main/zlib-dev']);
    assert.deepEqual(after('riscv64'), ['main/opensbi', 'main/zlib-dev']);
  });
});
