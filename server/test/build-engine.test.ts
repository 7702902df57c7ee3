import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { analyzeText, initParser } from '../src/index';
import { ALPINE_ARCHES } from '../src/build/arches';
import { probeEngine, chooseEngine, describeEngineChoice } from '../src/build/detect';
import { ensureBuilderImage } from '../src/build/image';
import { locateTarget } from '../src/build/locate';
import { binfmtEntryState } from '../src/build/runnable';
import { BuildEvent, runBuild } from '../src/build/scheduler';
import { BuildSession } from '../src/build/session';
import { containersNamed, engineMissing, imageSource, PREFIX, REAL_ALPINE, RELEASE, scratchTree, testBaseImage } from './build-helpers';

const missing = engineMissing();
const podman = { engine: 'podman' as const };

function tempImageDirs(): string[] {
  return readdirSync(tmpdir()).filter((n) => n.startsWith('apkbuild-image-'));
}

describe('builds in real containers', { skip: missing }, () => {
  let tree: ReturnType<typeof scratchTree>;
  before(() => {
    tree = scratchTree();
  });
  after(() => tree.dispose());

  const build = (pkg: string, arches: string[], extra: Partial<Parameters<typeof runBuild>[0]> = {}, onEvent?: (e: BuildEvent) => void) => {
    const session = new BuildSession(path.join(tree.aports, pkg, 'APKBUILD'), arches);
    const result = runBuild({
      apkbuild: path.join(tree.aports, pkg, 'APKBUILD'),
      arches,
      release: RELEASE,
      source: imageSource(),
      endpoint: podman,
      repodest: tree.packages,
      namePrefix: PREFIX,
      concurrency: 2,
      ...extra,
    }, (e) => {
      session.apply(e);
      onEvent?.(e);
    });
    return { session, result };
  };

  test('x86_64 and aarch64 build in parallel, each really running under its own arch', async () => {
    // images first, so that the timeline below is about the builds
    await Promise.all(['x86_64', 'aarch64'].map((arch) => ensureBuilderImage(podman, imageSource(), RELEASE, arch)));
    const timeline: string[] = [];
    const { session, result } = build('main/pause', ['x86_64', 'aarch64'], {}, (e) => {
      if (e.type === 'started' || e.type === 'finished') timeline.push(`${e.type} ${e.arch}`);
    });
    const r = await result;
    assert.deepEqual(r.outcomes.map((o) => [o.arch, o.status]), [['x86_64', 'passed'], ['aarch64', 'passed']]);
    assert.ok(session.entry('x86_64')!.log.some((l) => / on x86_64,/.test(l)), session.entry('x86_64')!.log.join('\n'));
    assert.ok(session.entry('aarch64')!.log.some((l) => / on aarch64,/.test(l)), session.entry('aarch64')!.log.join('\n'));
    // both containers were running before the first one finished
    assert.deepEqual(timeline.slice(0, 2).sort(), ['started aarch64', 'started x86_64']);
    for (const o of r.outcomes) {
      assert.deepEqual(o.packages, [path.join(tree.packages, 'main', o.arch, 'pause-1.0-r0.apk')]);
      assert.ok(existsSync(o.packages[0]));
    }
    assert.deepEqual(containersNamed(PREFIX), []);
  });

  test('x86 runs natively on x86_64 under linux32, so the build sees a 32-bit machine', async (t) => {
    if (!REAL_ALPINE && spawnSync('podman', ['image', 'exists', testBaseImage('x86')]).status !== 0) return t.skip('no x86 test image (busybox-static:i386 was not downloadable)');
    const { session, result } = build('main/hello', ['x86']);
    const r = await result;
    assert.equal(r.outcomes[0].status, 'passed', session.entry('x86')!.log.join('\n'));
    assert.ok(session.entry('x86')!.log.some((l) => / on i686,/.test(l)), session.entry('x86')!.log.join('\n'));
    assert.deepEqual(r.outcomes[0].packages, [path.join(tree.packages, 'main', 'x86', 'hello-1.2.0-r0.apk')]);
  });

  test('a tree owned by a user is built as that user: abuild does not run as root, the packages are the user\'s', async () => {
    const uid = 1234;
    const own = (p: string) => spawnSync('chown', ['-R', `${uid}:${uid}`, p]).status;
    mkdirSync(tree.packages, { recursive: true });
    assert.equal(own(tree.aports), 0);
    assert.equal(own(tree.packages), 0);
    try {
      const { session, result } = build('main/hello', ['x86_64']);
      const r = await result;
      assert.equal(r.outcomes[0].status, 'passed', session.entry('x86_64')!.log.join('\n'));
      assert.equal(statSync(r.outcomes[0].packages[0]).uid, uid);
    } finally {
      spawnSync('chown', ['-R', '0:0', tree.aports, tree.packages]);
    }
  });

  test('parallel first builds make one signing key, kept in a volume for every later build', async () => {
    const prefix = `${PREFIX}keys${process.pid}-`;
    const volume = `${prefix}abuild-config`;
    const keys = () => spawnSync('podman', ['run', '--rm', '-v', `${volume}:/k`, imageSource().baseImage(RELEASE, 'x86_64'), 'sh', '-c', 'ls /k/*.rsa; grep ^PACKAGER_PRIVKEY= /k/abuild.conf'], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean);
    try {
      const parallel = build('main/hello', ['x86_64', 'aarch64'], { namePrefix: prefix });
      const first = await parallel.result;
      assert.deepEqual(first.outcomes.map((o) => o.status), ['passed', 'passed'], ['x86_64', 'aarch64'].map((a) => parallel.session.entry(a)!.log.join('\n')).join('\n----\n'));
      const made = keys();
      assert.equal(made.length, 2, `one key and one PACKAGER_PRIVKEY line: ${made.join(' ')}`);
      assert.match(made[1], /^PACKAGER_PRIVKEY=/);
      const again = await build('main/hello', ['x86_64'], { namePrefix: prefix }).result;
      assert.equal(again.outcomes[0].status, 'passed');
      assert.deepEqual(keys(), made);
    } finally {
      const ours = spawnSync('podman', ['volume', 'ls', '--format', '{{.Name}}'], { encoding: 'utf8' }).stdout.split('\n').filter((v) => v.startsWith(prefix));
      if (ours.length) spawnSync('podman', ['volume', 'rm', '-f', ...ours]);
    }
  });

  test('a lone package directory (not in an aports tree) is mounted alone and built', async () => {
    const lone = path.join(path.dirname(tree.aports), 'work', 'hello');
    cpSync(path.join(tree.aports, 'main', 'hello'), lone, { recursive: true });
    const r = await runBuild({
      apkbuild: path.join(lone, 'APKBUILD'), arches: ['x86_64'], release: RELEASE, source: imageSource(), endpoint: podman,
      repodest: tree.packages, namePrefix: PREFIX,
    });
    assert.equal(r.outcomes[0].status, 'passed');
    assert.deepEqual(r.outcomes[0].packages, [path.join(tree.packages, 'work', 'x86_64', 'hello-1.2.0-r0.apk')]);
  });

  test('the builder image is reused when nothing changed', async () => {
    const first = await ensureBuilderImage(podman, imageSource(), RELEASE, 'x86_64');
    const again = await ensureBuilderImage(podman, imageSource(), RELEASE, 'x86_64');
    assert.equal(again.built, false);
    assert.equal(again.hash, first.hash);
    assert.deepEqual(tempImageDirs(), []);
  });

  test('a failing build is mapped to the APKBUILD line that failed', async () => {
    const { session, result } = build('main/broken', ['aarch64']);
    const r = await result;
    assert.equal(r.outcomes[0].status, 'failed');
    assert.equal(r.outcomes[0].exitCode, 1);
    const [first] = session.problems();
    assert.equal(first.event.kind, 'shell');
    assert.equal(first.event.message, 'frobnicate-assets: not found');
    await initParser();
    const text = readFileSync(path.join(tree.aports, 'main/broken/APKBUILD'), 'utf8');
    const range = locateTarget(analyzeText(text), first.event.target!)!;
    assert.equal(range.start.line, 12);
    assert.equal(text.split('\n')[12].slice(range.start.character, range.end.character), 'frobnicate-assets --all');
    assert.deepEqual(containersNamed(PREFIX), []);
  });

  test('only the case "$CARCH" arm of this arch runs: simdpack passes on x86_64 and fails on aarch64 at the arm\'s line', async () => {
    const { session, result } = build('main/simdpack', ['x86_64', 'aarch64']);
    const r = await result;
    assert.deepEqual(r.outcomes.map((o) => [o.arch, o.status]), [['x86_64', 'passed'], ['aarch64', 'failed']], session.entry('aarch64')!.log.join('\n'));
    assert.deepEqual(r.outcomes[0].packages, [path.join(tree.packages, 'main', 'x86_64', 'simdpack-1.4.0-r0.apk')]);
    const [first] = session.problems();
    assert.equal(first.arch, 'aarch64');
    assert.equal(first.event.message, 'gen-neon-kernels: not found');
    assert.deepEqual(first.event.target, { type: 'line', line: 14 });
    // this build's own containers (other checkouts may be building on the same engine)
    const ours = session.all().map((e) => e.container!);
    assert.equal(ours.length, 2);
    assert.deepEqual(containersNamed(PREFIX).filter((n) => ours.includes(n)), []);
  });

  test('cancelling a running build stops and removes its container at once', async () => {
    const controller = new AbortController();
    let container = '';
    const { result } = build('main/slow', ['x86_64'], { signal: controller.signal }, (e) => {
      if (e.type === 'started') container = e.container;
      // abuild has started in the container: its build() sleeps for five minutes
      if (e.type === 'line' && /^>>> slow: Building /.test(e.line)) controller.abort();
    });
    const t0 = Date.now();
    const r = await result;
    assert.equal(r.outcomes[0].status, 'cancelled');
    assert.ok(container.startsWith(PREFIX));
    assert.ok(Date.now() - t0 < 8000, 'does not wait for the stop timeout');
    assert.deepEqual(containersNamed(PREFIX), []);
  });

  test('cancelling while the builder image is being built stops the build and leaves no temp dir', async () => {
    const source = { ...imageSource(), tagPrefix: `localhost/${PREFIX}cancel${process.pid}` };
    const controller = new AbortController();
    try {
      const r = await runBuild({
        apkbuild: path.join(tree.aports, 'main/hello/APKBUILD'), arches: ['aarch64'], release: RELEASE, source, endpoint: podman,
        repodest: tree.packages, namePrefix: PREFIX, signal: controller.signal,
      }, (e) => {
        if (e.type === 'line' && /building the builder image/.test(e.line)) controller.abort();
      });
      assert.equal(r.outcomes[0].status, 'cancelled');
      assert.deepEqual(tempImageDirs(), []);
      assert.deepEqual(containersNamed(PREFIX), []);
    } finally {
      spawnSync('podman', ['rmi', '-f', `${source.tagPrefix}:${RELEASE}-aarch64`], { stdio: 'ignore' });
    }
  });

  test('an arch the host cannot run is reported with how to register QEMU', async (t) => {
    const unregistered = ALPINE_ARCHES.find((a) => ['s390x', 'riscv64', 'ppc64le', 'loongarch64'].includes(a.name) && binfmtEntryState(a.qemu) === 'absent');
    if (!unregistered) return t.skip('every candidate arch has a binfmt entry on this machine');
    const { session, result } = build('main/hello', ['x86_64', unregistered.name]);
    const r = await result;
    assert.deepEqual(r.outcomes.map((o) => o.arch), ['x86_64']);
    assert.equal(r.unavailable[0].arch, unregistered.name);
    assert.match(r.unavailable[0].reason, new RegExp(`no enabled ${unregistered.qemu} entry`));
    assert.match(r.unavailable[0].reason, /qemu-user-static/);
    assert.equal(session.entry(unregistered.name)!.status, 'unavailable');
  });

  test('an arch the APKBUILD excludes is skipped as "not for this arch", not failed', async () => {
    const { session, result } = build('main/noarm', ['x86_64', 'aarch64']);
    const r = await result;
    assert.deepEqual(r.outcomes.map((o) => [o.arch, o.status]), [['x86_64', 'passed']]);
    assert.equal(r.skipped[0].arch, 'aarch64');
    assert.match(r.skipped[0].reason, /^not for this arch: arch="all !aarch64"/);
    assert.equal(session.entry('aarch64')!.status, 'skipped');
  });

  describe('one arch on another engine endpoint (a second podman service standing in for a remote host)', () => {
    const socket = path.join(tmpdir(), `${PREFIX}${process.pid}.sock`);
    let service: ChildProcess;
    before(async () => {
      service = spawn('podman', ['system', 'service', '--time=0', `unix://${socket}`], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
    });
    after(() => {
      service.kill();
    });

    test('the mapped arch builds through that endpoint, its sources copied in and packages copied out', async () => {
      const remote = { engine: 'podman' as const, url: `unix://${socket}`, remote: true };
      const status = await probeEngine(remote);
      assert.equal(status.reachable, true, JSON.stringify(status));
      assert.equal(status.remote, true);
      const lines: string[] = [];
      const { result } = build('main/hello', ['x86_64', 'aarch64'], { perArch: { aarch64: remote } }, (e) => {
        if (e.type === 'line' && e.arch === 'aarch64') lines.push(e.line);
      });
      const r = await result;
      assert.deepEqual(r.outcomes.map((o) => [o.arch, o.status]), [['x86_64', 'passed'], ['aarch64', 'passed']], lines.join('\n'));
      assert.ok(lines.some((l) => / on aarch64,/.test(l)));
      assert.ok(existsSync(path.join(tree.packages, 'main', 'aarch64', 'hello-1.2.0-r0.apk')));
      assert.deepEqual(containersNamed(PREFIX), []);

      // with the service gone, that arch has nowhere to run: the endpoint really was used
      service.kill();
      await new Promise((r) => service.once('exit', r));
      const { result: again } = build('main/hello', ['aarch64'], { perArch: { aarch64: remote } });
      const r2 = await again;
      assert.equal(r2.outcomes[0].status, 'failed');
      assert.match(r2.outcomes[0].engineError ?? '', /.+/);
    });
  });
});

describe('engine detection', { skip: missing }, () => {
  test('podman here is found, answers, and says whether it is rootless', async () => {
    const s = await probeEngine(podman);
    assert.equal(s.installed, true);
    assert.equal(s.reachable, true);
    assert.equal(typeof s.rootless, 'boolean');
    assert.equal(s.serverArch, 'x86_64');
    const choice = await chooseEngine('auto', {});
    assert.equal(choice.chosen?.endpoint.engine, 'podman');
    assert.match(describeEngineChoice(choice)[0], /^podman: \d/);
  });

  test('a missing engine is reported with the command that installs it', async () => {
    const s = await probeEngine({ engine: 'podman', binary: '/nonexistent/podman' }, 'linux');
    assert.equal(s.installed, false);
    assert.match(s.fix!.command, /apt-get install podman/);
    const mac = await probeEngine({ engine: 'docker', binary: '/nonexistent/docker' }, 'darwin');
    assert.match(mac.fix!.command, /brew install --cask docker/);
  });

  test('a docker client without a daemon is reported with how to start it', async (t) => {
    const s = await probeEngine({ engine: 'docker', host: `unix://${path.join(tmpdir(), 'apkbuild-test-no-daemon.sock')}` }, 'linux');
    if (!s.installed) return t.skip('no docker client on this machine');
    assert.equal(s.reachable, false);
    assert.ok(s.fix);
  });
});
