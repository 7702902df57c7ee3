import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { alpineArch } from '../src/build/arches';
import { binfmtEntryState } from '../src/build/runnable';
import { blockingNeed, relativeDir, runChain, ChainRequest } from '../src/build/chain';
import { archSummary, runChainCli } from '../src/build/chain-cli';
import { planChain } from '../src/build/chain-plan';
import { packageInputs, readState, STATE_FILE, upToDate } from '../src/build/chain-state';
import { ChainEvent, ChainItem, PackageResult } from '../src/build/chain-types';
import { containersNamed, engineMissing, imageSource, RELEASE, ROOT } from './build-helpers';

const missing = engineMissing();
// each suite its own container names, not under build-helpers' PREFIX either: the engine tests, which may run at
// the same time in another process, check that no `apkbuild-test-*` container is left
const CHAIN_PREFIX = 'apkbuild-chaintest-';
const CLI_PREFIX = 'apkbuild-chainclitest-';
const ARCHES = ['x86_64', 'aarch64'];
const ITEMS: ChainItem[] = [
  { dir: 'main/liba', name: 'liba', needs: [] },
  { dir: 'main/libb', name: 'libb', needs: ['main/liba'] },
  { dir: 'main/app', name: 'app', needs: ['main/libb'] },
  { dir: 'main/solo', name: 'solo', needs: [] },
];

/** A fresh copy of test-fixtures/build/chain with an empty output repo beside it. */
function chainTree() {
  const dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-chain-test-'));
  const aports = path.join(dir, 'aports');
  cpSync(path.join(ROOT, 'test-fixtures', 'build', 'chain'), aports, { recursive: true });
  return { aports, packages: path.join(dir, 'packages'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

function request(tree: ReturnType<typeof chainTree>, extra: Partial<ChainRequest> = {}, items = ITEMS, arches = ARCHES): ChainRequest {
  return {
    aportsDir: tree.aports,
    plan: Object.fromEntries(arches.map((a) => [a, items])),
    release: RELEASE,
    source: imageSource(),
    endpoint: { engine: 'podman' },
    repodest: tree.packages,
    namePrefix: CHAIN_PREFIX,
    ...extra,
  };
}

function collect() {
  const events: ChainEvent[] = [];
  const log = (arch: string, dir: string) => events.flatMap((e) => (e.type === 'line' && e.arch === arch && e.dir === dir ? [e.line] : []));
  return { events, emit: (e: ChainEvent) => events.push(e), log };
}

const statuses = (packages: PackageResult[]) => packages.map((p) => `${p.arch} ${p.name} ${p.status}`);

/** The index of a repo dir as `name-version` entries, read with the host's tar. */
function indexEntries(dir: string): string[] {
  const r = spawnSync('tar', ['-xzOf', path.join(dir, 'APKINDEX.tar.gz'), 'APKINDEX'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `APKINDEX.tar.gz in ${dir} is readable: ${r.stderr}`);
  const out: string[] = [];
  for (const block of r.stdout.split('\n\n')) {
    const p = /^P:(.*)$/m.exec(block)?.[1];
    const v = /^V:(.*)$/m.exec(block)?.[1];
    if (p) out.push(`${p}-${v}`);
  }
  return out.sort();
}

describe('the parts of a chain that need no engine', () => {
  test('a package waits on the first of its needs that failed or was skipped', () => {
    const done = new Map<string, PackageResult>([
      ['main/liba', { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'passed', files: [] }],
      ['main/libb', { arch: 'x86_64', dir: 'main/libb', name: 'libb', status: 'failed', files: [] }],
    ]);
    assert.equal(blockingNeed(ITEMS[2], done)?.name, 'libb');
    assert.equal(blockingNeed(ITEMS[1], done), undefined);
    assert.equal(blockingNeed(ITEMS[3], done), undefined);
  });

  test('plan dirs are taken relative to the tree, absolute ones inside it too, and others refused', () => {
    assert.equal(relativeDir('/src/aports', 'main/foo'), 'main/foo');
    assert.equal(relativeDir('/src/aports', '/src/aports/community/bar'), 'community/bar');
    assert.equal(relativeDir('/src/aports', './testing/baz/'), 'testing/baz');
    assert.throws(() => relativeDir('/src/aports', '/elsewhere/main/foo'), /not a package directory of the tree/);
    assert.throws(() => relativeDir('/src/aports', 'main'), /not a package directory/);
  });

  test('the inputs of a package change with its APKBUILD and its local sources, and carry pkgver-rpkgrel', async () => {
    const tree = chainTree();
    try {
      const dir = path.join(tree.aports, 'main', 'liba');
      const first = await packageInputs(dir);
      assert.equal(first.version, '1.0-r0');
      assert.deepEqual(await packageInputs(dir), first);
      appendFileSync(path.join(dir, 'liba.txt'), 'more\n');
      const source = await packageInputs(dir);
      assert.notEqual(source.hash, first.hash);
      writeFileSync(path.join(dir, 'APKBUILD'), readFileSync(path.join(dir, 'APKBUILD'), 'utf8').replace('pkgrel=0', 'pkgrel=1'));
      const bumped = await packageInputs(dir);
      assert.equal(bumped.version, '1.0-r1');
      assert.notEqual(bumped.hash, source.hash);
    } finally {
      tree.dispose();
    }
  });

  test('an earlier build counts as up to date only with the same version, inputs and files still there', () => {
    const repodest = mkdtempSync(path.join(tmpdir(), 'apkbuild-chain-state-'));
    try {
      mkdirp(path.join(repodest, 'main', 'x86_64'));
      writeFileSync(path.join(repodest, 'main', 'x86_64', 'liba-1.0-r0.apk'), 'x');
      const state = { version: 1 as const, builds: { 'x86_64/main/liba': { version: '1.0-r0', inputs: 'h', files: ['main/x86_64/liba-1.0-r0.apk'], builtAt: '' } } };
      assert.deepEqual(upToDate(state, repodest, 'x86_64', 'main/liba', { version: '1.0-r0', hash: 'h' }), [path.join(repodest, 'main/x86_64/liba-1.0-r0.apk')]);
      assert.equal(upToDate(state, repodest, 'aarch64', 'main/liba', { version: '1.0-r0', hash: 'h' }), undefined);
      assert.equal(upToDate(state, repodest, 'x86_64', 'main/liba', { version: '1.0-r1', hash: 'h' }), undefined);
      assert.equal(upToDate(state, repodest, 'x86_64', 'main/liba', { version: '1.0-r0', hash: 'other' }), undefined);
      rmSync(path.join(repodest, 'main', 'x86_64', 'liba-1.0-r0.apk'));
      assert.equal(upToDate(state, repodest, 'x86_64', 'main/liba', { version: '1.0-r0', hash: 'h' }), undefined);
    } finally {
      rmSync(repodest, { recursive: true, force: true });
    }
  });
});

describe('arches a chain cannot run here', () => {
  test('an arch mapped to a remote engine fails with why, and an arch without QEMU skips its packages with the guidance', async (t) => {
    const tree = chainTree();
    try {
      const plan: Record<string, ChainItem[]> = { aarch64: ITEMS.slice(0, 2) };
      const unregistered = ['s390x', 'riscv64', 'ppc64le'].find((a) => binfmtEntryState(alpineArch(a)!.qemu) === 'absent');
      if (unregistered) plan[unregistered] = ITEMS.slice(0, 2);
      else t.diagnostic('every candidate arch has QEMU registered here: only the remote case is checked');
      const events: ChainEvent[] = [];
      const r = await runChain({ ...request(tree), plan, perArch: { aarch64: { engine: 'podman', url: 'ssh://builder@arm-box/run/podman/podman.sock' } } }, (e) => events.push(e));
      const aarch64 = r.packages.filter((p) => p.arch === 'aarch64');
      assert.deepEqual(aarch64.map((p) => p.status), ['failed', 'failed']);
      assert.match(aarch64[0].reason!, /chained builds need an engine on this machine .*, not podman --url ssh:\/\/builder@arm-box/);
      if (unregistered) {
        assert.deepEqual(r.packages.filter((p) => p.arch === unregistered).map((p) => p.status), ['skipped', 'skipped']);
        assert.equal(r.unavailable[0].arch, unregistered);
        assert.match(r.unavailable[0].reason, /qemu-user-static/);
      }
      assert.equal(r.ok, false);
      assert.equal(events.filter((e) => e.type === 'arch' && e.state === 'started').length, 0, 'no container started');
    } finally {
      tree.dispose();
    }
  });
});

function mkdirp(dir: string) {
  spawnSync('mkdir', ['-p', dir]);
}

describe('chained builds in real containers', { skip: missing }, () => {
  describe('liba ← libb ← app and solo on x86_64 and aarch64', () => {
    let tree: ReturnType<typeof chainTree>;
    before(() => {
      tree = chainTree();
    });
    after(() => tree.dispose());

    test('builds liba, libb, app in order on both arches, app installing libb from the local signed repo', async () => {
      const c = collect();
      const r = await runChain(request(tree), c.emit);
      assert.equal(r.ok, true, statuses(r.packages).join('\n'));
      assert.deepEqual(statuses(r.packages), ARCHES.flatMap((a) => ITEMS.map((i) => `${a} ${i.name} passed`)));
      for (const arch of ARCHES) {
        // one container per arch: every package's log comes from it, under that arch
        const started = c.events.filter((e) => e.type === 'arch' && e.arch === arch && e.state === 'started');
        assert.equal(started.length, 1);
        assert.ok(c.log(arch, 'main/app').some((l) => new RegExp(` on ${arch},`).test(l)));
        assert.ok(c.log(arch, 'main/app').includes('(1/1) Installing libb (1.0-r0) from /home/builder/packages/main'), c.log(arch, 'main/app').join('\n'));
        assert.ok(c.log(arch, 'main/libb').includes('(1/1) Installing liba (1.0-r0) from /home/builder/packages/main'));
        const repo = path.join(tree.packages, 'main', arch);
        assert.deepEqual(indexEntries(repo), ['app-1.0-r0', 'liba-1.0-r0', 'libb-1.0-r0', 'solo-1.0-r0']);
        for (const p of r.packages.filter((x) => x.arch === arch)) assert.deepEqual(p.files, [path.join(repo, `${p.name}-1.0-r0.apk`)]);
      }
      // in plan order per arch: app ran after libb finished
      const order = c.events.flatMap((e) => (e.type === 'package' && e.result.arch === 'aarch64' && e.result.status !== 'queued' ? [`${e.result.name} ${e.result.status}`] : []));
      assert.deepEqual(order, ['liba running', 'liba passed', 'libb running', 'libb passed', 'app running', 'app passed', 'solo running', 'solo passed']);
      assert.deepEqual(containersNamed(CHAIN_PREFIX), []);
    });

    test('a second run rebuilds nothing, starts no container and finishes within two seconds', async () => {
      const c = collect();
      const t0 = Date.now();
      const r = await runChain(request(tree), c.emit);
      const wall = Date.now() - t0;
      assert.deepEqual(statuses(r.packages), ARCHES.flatMap((a) => ITEMS.map((i) => `${a} ${i.name} up-to-date`)));
      assert.equal(r.ok, true);
      assert.equal(c.events.filter((e) => e.type === 'arch').length, 0);
      assert.ok(wall < 2000, `${wall} ms`);
      assert.ok(r.packages.every((p) => p.files.length === 1 && existsSync(p.files[0])));
    });

    test('a changed package is rebuilt alone; force rebuilds every one', async () => {
      const apkbuild = path.join(tree.aports, 'main', 'solo', 'APKBUILD');
      writeFileSync(apkbuild, readFileSync(apkbuild, 'utf8').replace('pkgdesc="', 'pkgdesc="Changed: '));
      const r = await runChain(request(tree, {}, ITEMS, ['x86_64']));
      assert.deepEqual(statuses(r.packages), ['x86_64 liba up-to-date', 'x86_64 libb up-to-date', 'x86_64 app up-to-date', 'x86_64 solo passed']);
      const forced = await runChain(request(tree, { force: true }, ITEMS.slice(0, 2), ['x86_64']));
      assert.deepEqual(statuses(forced.packages), ['x86_64 liba passed', 'x86_64 libb passed']);
      assert.ok(readState(tree.packages).builds['x86_64/main/solo']);
    });
  });

  test('a failing libb skips app ("needs libb"), solo still builds, and the error points into libb\'s APKBUILD', async () => {
    const tree = chainTree();
    try {
      const apkbuild = path.join(tree.aports, 'main', 'libb', 'APKBUILD');
      const text = readFileSync(apkbuild, 'utf8').replace('\techo "building libb on $CARCH"', '\techo "building libb on $CARCH"\n\tfrobnicate --all');
      writeFileSync(apkbuild, text);
      const c = collect();
      const r = await runChain(request(tree), c.emit);
      assert.equal(r.ok, false);
      assert.deepEqual(statuses(r.packages), ARCHES.flatMap((a) => [`${a} liba passed`, `${a} libb failed`, `${a} app skipped`, `${a} solo passed`]), JSON.stringify(r.packages.filter((p) => p.name === 'liba')) + c.log('aarch64', 'main/liba').join('\n'));
      for (const p of r.packages.filter((x) => x.name === 'app')) assert.equal(p.reason, 'needs libb');
      const libb = r.packages.find((p) => p.name === 'libb' && p.arch === 'aarch64')!;
      assert.equal(libb.error?.kind, 'shell');
      assert.equal(libb.error?.apkbuild, apkbuild);
      const line = text.split('\n').findIndex((l) => l.includes('frobnicate'));
      assert.equal(libb.error?.range?.start.line, line);
      // nothing of a failed build is recorded as built: it is tried again next time
      assert.equal(readState(tree.packages).builds['aarch64/main/libb'], undefined);
      assert.deepEqual(containersNamed(CHAIN_PREFIX), []);
    } finally {
      tree.dispose();
    }
  });

  test('without the chain\'s repository app cannot install libb: it fails like apk, pointing at makedepends', async () => {
    const tree = chainTree();
    try {
      const c = collect();
      const r = await runChain(request(tree, {}, [{ dir: 'main/app', name: 'app', needs: [] }], ['x86_64']), c.emit);
      const [app] = r.packages;
      assert.equal(app.status, 'failed');
      assert.ok(c.log('x86_64', 'main/app').includes('  libb (no such package):'), c.log('x86_64', 'main/app').join('\n'));
      assert.ok(c.log('x86_64', 'main/app').includes('>>> ERROR: app: builddeps failed'));
      assert.equal(app.error?.kind, 'missing-dependency');
      const text = readFileSync(path.join(tree.aports, 'main', 'app', 'APKBUILD'), 'utf8');
      const range = app.error!.range!;
      assert.equal(text.split('\n')[range.start.line].slice(range.start.character, range.end.character), 'libb');
      assert.deepEqual(app.files, []);
    } finally {
      tree.dispose();
    }
  });

  test('an index whose signature does not match is ignored like an untrusted one, so its packages cannot be installed', async () => {
    const tree = chainTree();
    try {
      const first = await runChain(request(tree, {}, ITEMS.slice(0, 1), ['x86_64']));
      assert.equal(first.packages[0].status, 'passed');
      // change the index after it was signed: the signature no longer covers it
      const repo = path.join(tree.packages, 'main', 'x86_64');
      const work = mkdtempSync(path.join(tmpdir(), 'apkbuild-chain-index-'));
      try {
        assert.equal(spawnSync('tar', ['-xzf', path.join(repo, 'APKINDEX.tar.gz'), '-C', work]).status, 0);
        appendFileSync(path.join(work, 'APKINDEX'), 'P:intruder\nV:6.6-r6\n\n');
        const members = readdirSync(work);
        assert.equal(spawnSync('tar', ['-czf', path.join(repo, 'APKINDEX.tar.gz'), '-C', work, ...members]).status, 0);
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
      const c = collect();
      const r = await runChain(request(tree, {}, [{ dir: 'main/libb', name: 'libb', needs: [] }], ['x86_64']), c.emit);
      assert.equal(r.packages[0].status, 'failed');
      assert.ok(c.log('x86_64', 'main/libb').includes('WARNING: Ignoring /home/builder/packages/main: UNTRUSTED signature'), c.log('x86_64', 'main/libb').join('\n'));
      assert.ok(c.log('x86_64', 'main/libb').includes('  liba (no such package):'));
      assert.equal(r.packages[0].error?.kind, 'missing-dependency');
    } finally {
      tree.dispose();
    }
  });

  test('a disk that fills up fails the build with a clear message; the index stays whole and no container is left', async (t) => {
    const tree = chainTree();
    mkdirp(tree.packages);
    // a 256 KiB REPODEST of its own, filled up between two builds
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', tree.packages], { encoding: 'utf8' });
    if (mounted.status !== 0) {
      tree.dispose();
      return t.skip(`a small tmpfs cannot be mounted here (needs root): ${mounted.stderr.trim()}`);
    }
    try {
      const first = await runChain(request(tree, {}, ITEMS.slice(0, 1), ['x86_64']));
      assert.equal(first.packages[0].status, 'passed');
      spawnSync('dd', ['if=/dev/zero', `of=${path.join(tree.packages, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
      const c = collect();
      const r = await runChain(request(tree, {}, [{ dir: 'main/solo', name: 'solo', needs: [] }], ['x86_64']), c.emit);
      const [solo] = r.packages;
      assert.equal(solo.status, 'failed', c.log('x86_64', 'main/solo').join('\n'));
      assert.match(solo.error!.message, /^Failed to create \/home\/builder\/packages\/main\/x86_64\/solo-1\.0-r0\.apk/);
      const repo = path.join(tree.packages, 'main', 'x86_64');
      assert.deepEqual(indexEntries(repo), ['liba-1.0-r0']);
      assert.deepEqual(readdirSync(repo).sort(), ['APKINDEX.tar.gz', 'liba-1.0-r0.apk'], 'no half-written package or index left');
      assert.deepEqual(containersNamed(CHAIN_PREFIX), []);
    } finally {
      spawnSync('umount', [tree.packages]);
      tree.dispose();
    }
  });

  test('cancelling mid-plan removes the container at once and leaves a consistent repo index', async () => {
    const tree = chainTree();
    try {
      const apkbuild = path.join(tree.aports, 'main', 'libb', 'APKBUILD');
      writeFileSync(apkbuild, readFileSync(apkbuild, 'utf8').replace('\techo "building libb on $CARCH"', '\tsleep 300'));
      const controller = new AbortController();
      const t0 = Date.now();
      let abortedAt = 0;
      const sleeping = new Set<string>();
      // cancelled once libb sleeps on both arches: liba is built and indexed, libb is mid-build
      const r = await runChain(request(tree, { signal: controller.signal }), (e) => {
        if (e.type === 'line' && e.dir === 'main/libb' && /waiting 300s/.test(e.line)) sleeping.add(e.arch);
        if (sleeping.size === ARCHES.length && !abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      });
      assert.ok(abortedAt > 0);
      assert.ok(Date.now() - abortedAt < 8000, 'does not wait for the build or a stop timeout');
      assert.ok(Date.now() - t0 < 60000);
      assert.deepEqual(statuses(r.packages), ARCHES.flatMap((a) => [`${a} liba passed`, `${a} libb cancelled`, `${a} app cancelled`, `${a} solo cancelled`]));
      assert.equal(r.ok, false);
      assert.deepEqual(containersNamed(CHAIN_PREFIX), []);
      for (const arch of ARCHES) {
        const repo = path.join(tree.packages, 'main', arch);
        const apks = readdirSync(repo).filter((n) => n.endsWith('.apk') && !n.startsWith('.'));
        // every index entry is a package that is there, and every package there is indexed
        assert.deepEqual(indexEntries(repo).map((e) => `${e}.apk`), apks.sort());
        assert.ok(apks.includes('liba-1.0-r0.apk'));
        assert.deepEqual(readdirSync(repo).filter((n) => n.startsWith('.')), [], 'no half-written file left');
      }
      assert.equal(readState(tree.packages).builds['x86_64/main/libb'], undefined);
      assert.ok(existsSync(path.join(tree.packages, STATE_FILE)));
    } finally {
      tree.dispose();
    }
  });
});

function capture(isTTY = false) {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s), isTTY },
    stderr: { write: (s: string) => (err += s) },
    get out() {
      return out;
    },
    get err() {
      return err;
    },
  };
}

describe('the terminal runner without an engine', () => {
  test('bad usage exits 2 with a message and builds nothing', async () => {
    for (const [argv, message] of [
      [['--arch', 'pdp11'], /unknown arch: pdp11/],
      [['--frobnicate'], /unknown option --frobnicate/],
      [['--format', 'xml'], /--format is text or json/],
      [['--jobs', '0'], /--jobs takes a positive number/],
      [[], /no packages: name package directories or --changed-since REV/],
      [['/nonexistent/main/liba'], /nonexistent/],
      [['--plan-file', '/nonexistent/plan.json'], /cannot read the plan/],
    ] as const) {
      const io = capture();
      assert.equal(await runChainCli(argv, io), 2, argv.join(' '));
      assert.match(io.err, message);
      assert.equal(io.out, '');
    }
  });

  test('a plan naming a directory outside the tree is refused before any container starts', async () => {
    const tree = chainTree();
    try {
      const plan = path.join(tree.aports, '..', 'plan.json');
      writeFileSync(plan, JSON.stringify({ x86_64: [{ dir: '/elsewhere/main/x', name: 'x', needs: [] }] }));
      const io = capture();
      assert.equal(await runChainCli(['--plan-file', plan, '--aports', tree.aports], Object.assign(io, { source: imageSource(), namePrefix: CLI_PREFIX })), 2);
      assert.match(io.err, /\/elsewhere\/main\/x is not a package directory of the tree/);
    } finally {
      tree.dispose();
    }
  });

  test('the planner gets the package directories and arches asked for', async () => {
    let asked: unknown;
    const io = capture();
    const code = await runChainCli(['/src/aports/main/a', '--arch', 'x86_64,aarch64'], Object.assign(io, {
      planner: (request: unknown) => {
        asked = request;
        return { x86_64: [], aarch64: [] };
      },
    }));
    assert.deepEqual(asked, { dirs: ['/src/aports/main/a'], arches: ['x86_64', 'aarch64'], aportsDir: '/src/aports', changedSince: undefined });
    assert.equal(code, 0);
    assert.match(io.out, /^ok: nothing to build on x86_64, aarch64/m);
  });

  test('the engine\'s planner orders the chain fixture: liba before libb before app, solo on its own', async () => {
    const dir = (d: string) => path.join(ROOT, 'test-fixtures', 'build', 'chain', d);
    const { plan, aportsDir } = await planChain({ dirs: [dir('main/app'), dir('main/solo'), dir('main/libb'), dir('main/liba')], arches: ['x86_64', 'aarch64'] });
    assert.equal(aportsDir, path.join(ROOT, 'test-fixtures', 'build', 'chain'));
    for (const arch of ['x86_64', 'aarch64']) {
      const order = plan[arch].map((i) => i.name);
      assert.deepEqual([...order].sort(), ['app', 'liba', 'libb', 'solo']);
      assert.ok(order.indexOf('liba') < order.indexOf('libb') && order.indexOf('libb') < order.indexOf('app'), order.join(' '));
      assert.deepEqual(plan[arch].find((i) => i.name === 'app')!.needs, ['main/libb']);
      assert.deepEqual(plan[arch].find((i) => i.name === 'solo')!.needs, []);
    }
  });

  test('a dependency cycle is refused before any container starts: exit 2 naming the packages', async () => {
    const io = capture();
    const code = await runChainCli([path.join(ROOT, 'test-fixtures', 'plan', 'testing', 'cyc-a'), path.join(ROOT, 'test-fixtures', 'plan', 'testing', 'cyc-b'), '--arch', 'x86_64'], Object.assign(io, { namePrefix: CLI_PREFIX }));
    assert.equal(code, 2);
    assert.match(io.err, /dependency cycle: cyc-a makedepends cyc-b, cyc-b depends cyc-a/);
    assert.equal(io.out, '');
    assert.deepEqual(containersNamed(CLI_PREFIX), []);
  });

  test('the live summary shows each arch\'s packages with their marks', () => {
    const packages: PackageResult[] = [
      { arch: 'x86_64', dir: 'main/liba', name: 'liba', status: 'passed', files: [] },
      { arch: 'x86_64', dir: 'main/libb', name: 'libb', status: 'running', files: [] },
      { arch: 'x86_64', dir: 'main/app', name: 'app', status: 'queued', files: [] },
    ];
    assert.equal(archSummary('x86_64', packages, 5000, new Map([['x86_64/main/libb', 2000]])), 'x86_64   1/3  ✔ liba  ▶ libb 3s  · app');
  });
});

describe('the terminal runner with the real engine', { skip: missing }, () => {
  let tree: ReturnType<typeof chainTree>;
  let planFile: string;
  before(() => {
    tree = chainTree();
    planFile = path.join(path.dirname(tree.aports), 'plan.json');
    writeFileSync(planFile, JSON.stringify({ x86_64: ITEMS, aarch64: ITEMS }));
  });
  after(() => tree.dispose());
  const io = (isTTY = false) => Object.assign(capture(isTTY), { source: imageSource(), namePrefix: CLI_PREFIX });

  test('off a TTY it prints plain lines: each package\'s state and its log, then a summary; exit 0 when all passed', async () => {
    const c = io();
    const code = await runChainCli(['--plan-file', planFile, '--arch', 'x86_64', '--aports', tree.aports, '--repodest', tree.packages], c);
    assert.equal(code, 0, c.out + c.err);
    const lines = c.out.split('\n');
    assert.ok(lines.some((l) => /^\[x86_64\] main\/liba: passed in \d+\.\ds \(liba-1\.0-r0\.apk\)$/.test(l)), c.out);
    assert.ok(lines.includes('[x86_64 main/app] (1/1) Installing libb (1.0-r0) from /home/builder/packages/main'));
    assert.ok(!c.out.includes('\x1b['), 'no terminal escapes off a TTY');
    assert.match(lines[lines.length - 2], /^ok: 4 passed on x86_64 in \d+\.\ds; packages in /);
  });

  test('given package directories, it plans them with the engine\'s planner and builds them in dependency order', async () => {
    const fresh = chainTree();
    try {
      const c = io();
      const dirs = ['main/app', 'main/libb', 'main/liba'].map((d) => path.join(fresh.aports, d));
      const code = await runChainCli([...dirs, '--arch', 'x86_64', '--repodest', fresh.packages], c);
      assert.equal(code, 0, c.out + c.err);
      const passed = c.out.split('\n').flatMap((l) => /^\[x86_64\] (main\/\S+): passed/.exec(l)?.[1] ?? []);
      assert.deepEqual(passed, ['main/liba', 'main/libb', 'main/app']);
    } finally {
      fresh.dispose();
    }
  });

  test('--format json gives the whole result; a failed build exits 1 with its error located in the APKBUILD', async () => {
    const apkbuild = path.join(tree.aports, 'main', 'libb', 'APKBUILD');
    writeFileSync(apkbuild, readFileSync(apkbuild, 'utf8').replace('\techo "building libb on $CARCH"', '\tfrobnicate --all'));
    const c = io();
    const code = await runChainCli(['--plan-file', planFile, '--arch', 'x86_64', '--aports', tree.aports, '--repodest', tree.packages, '--format', 'json'], c);
    assert.equal(code, 1);
    const json = JSON.parse(c.out);
    assert.equal(json.ok, false);
    assert.deepEqual(json.packages.map((p: PackageResult) => `${p.name} ${p.status}`), ['liba up-to-date', 'libb failed', 'app skipped', 'solo up-to-date']);
    const libb = json.packages[1];
    assert.equal(libb.error.kind, 'shell');
    assert.equal(libb.error.range.start.line, readFileSync(apkbuild, 'utf8').split('\n').findIndex((l) => l.includes('frobnicate')) + 1);
    assert.equal(json.packages[2].reason, 'needs libb');
  });

  test('Ctrl-C in the terminal cancels the builds: containers removed, exit 1, the cancelled packages named', async () => {
    const slow = chainTree();
    try {
      const apkbuild = path.join(slow.aports, 'main', 'libb', 'APKBUILD');
      writeFileSync(apkbuild, readFileSync(apkbuild, 'utf8').replace('\techo "building libb on $CARCH"', '\tsleep 300'));
      const plan = path.join(path.dirname(slow.aports), 'plan.json');
      writeFileSync(plan, JSON.stringify({ x86_64: ITEMS }));
      // a real process with processIo(), as the bin runs it
      const script = `
        const { runChainCli, processIo } = require(${JSON.stringify(path.join(__dirname, '..', 'src', 'build', 'chain-cli.js'))});
        const { imageSource } = require(${JSON.stringify(path.join(__dirname, 'build-helpers.js'))});
        const io = processIo({ source: imageSource(), namePrefix: ${JSON.stringify(CLI_PREFIX)} });
        runChainCli(process.argv.slice(1), io).then((code) => { io.dispose(); process.exitCode = code; });`;
      const child = spawn(process.execPath, ['-e', script, '--', '--plan-file', plan, '--aports', slow.aports, '--repodest', slow.packages], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let interruptedAt = 0;
      child.stdout.on('data', (d) => {
        out += d;
        if (!interruptedAt && out.includes('waiting 300s')) {
          interruptedAt = Date.now();
          child.kill('SIGINT');
        }
      });
      child.stderr.on('data', (d) => (out += d));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      assert.ok(interruptedAt > 0, out);
      assert.equal(code, 1, out);
      assert.ok(Date.now() - interruptedAt < 8000);
      assert.match(out, /\[x86_64\] main\/libb: cancelled/);
      assert.match(out, /^FAILED: 1 passed, 3 cancelled on x86_64/m);
      assert.deepEqual(containersNamed(CLI_PREFIX), []);
    } finally {
      slow.dispose();
    }
  });

  test('on a TTY it redraws one summary line per arch and ends with the failures', async () => {
    const c = io(true);
    const code = await runChainCli(['--plan-file', planFile, '--aports', tree.aports, '--repodest', tree.packages], Object.assign(c, { refreshMs: 100 }));
    assert.equal(code, 1);
    assert.ok(c.out.includes('\x1b[2F'), 'moves up over the two arch lines to redraw them');
    assert.ok(c.out.includes('x86_64   4/4  = liba  ✘ libb  ↷ app  = solo'), c.out);
    assert.ok(c.out.includes('aarch64  4/4  ✔ liba  ✘ libb  ↷ app  ✔ solo'), c.out);
    assert.match(c.out, /\[aarch64\] main\/libb: failed after \d+\.\ds: main\/libb\/APKBUILD:15:2: frobnicate: not found/);
    assert.ok(!c.out.includes('Installing liba'), 'no build log on the live view');
    assert.deepEqual(containersNamed(CLI_PREFIX), []);
  });
});
