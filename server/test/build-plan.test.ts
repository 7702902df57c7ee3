import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { archAllows } from '../src/apkbuild/arch';
import { decideArches, readArchField } from '../src/build/arch-filter';
import { alpineArch, alpineArchOfMachine, ALPINE_ARCHES } from '../src/build/arches';
import { engineCommand, isRemote, parseEndpoint, removeArgs } from '../src/build/engine';
import { alpineImageSource, containerfileFor, preparedImageSource } from '../src/build/image';
import { containerArgs, jobsPerContainer, locatePackage, repoOf, ArchJob } from '../src/build/run-plan';
import { binfmtEntryState, localRunnability } from '../src/build/runnable';
import { defaultRepodest, withLimit } from '../src/build/scheduler';

const job: ArchJob = {
  arch: 'armv7', release: 'edge', image: 'localhost/apkbuild-builder:edge-armv7', aportsDir: '/src/aports', packageDir: 'main/foo',
  repodest: '/src/packages', jobs: 3, packager: 'Jane <jane@example.org>', volumePrefix: 'apkbuild-', containerName: 'apkbuild-1-armv7',
  abuildArgs: ['-r'], transfer: 'mount',
};

test('Alpine arch names are never passed to --platform: armhf is arm/v6, armv7 is arm/v7', () => {
  assert.equal(alpineArch('armhf')!.platform, 'linux/arm/v6');
  assert.equal(alpineArch('armv7')!.platform, 'linux/arm/v7');
  assert.equal(alpineArch('loongarch64')!.platform, 'linux/loong64');
  const sameInOci = new Set(['ppc64le', 's390x', 'riscv64']);
  for (const a of ALPINE_ARCHES) assert.equal(a.platform === `linux/${a.name}`, sameInOci.has(a.name), a.name);
  assert.equal(alpineArchOfMachine('x64'), 'x86_64');
  assert.equal(alpineArchOfMachine('aarch64'), 'aarch64');
  assert.equal(alpineArchOfMachine('i686'), 'x86');
});

test('a 32-bit arch runs under linux32, with its platform, volumes, mounts and environment', () => {
  const args = containerArgs(job);
  assert.deepEqual(args.slice(0, 6), ['run', '--rm', '--name', 'apkbuild-1-armv7', '--platform', 'linux/arm/v7']);
  const volumes = args.flatMap((a, i) => (a === '-v' ? [args[i + 1]] : []));
  assert.deepEqual(volumes, [
    'apkbuild-distfiles:/var/cache/distfiles',
    'apkbuild-apkcache-edge-armv7:/etc/apk/cache',
    'apkbuild-ccache-armv7:/home/builder/.ccache',
    'apkbuild-abuild-config:/home/builder/.abuild',
    '/src/aports:/home/builder/aports',
    '/src/packages:/home/builder/packages',
  ]);
  const env = args.flatMap((a, i) => (a === '-e' ? [args[i + 1]] : []));
  assert.ok(env.includes('APKBUILD_PKGDIR=main/foo'));
  assert.ok(env.includes('APKBUILD_JOBS=3'));
  assert.ok(env.includes('APKBUILD_PACKAGER=Jane <jane@example.org>'), 'the packager is one argument, never split by a shell');
  assert.deepEqual(args.slice(-4), ['localhost/apkbuild-builder:edge-armv7', 'linux32', '/usr/local/bin/apkbuild-run', '-r']);
});

test('a remote engine gets a created container and no bind mounts', () => {
  const args = containerArgs({ ...job, arch: 'aarch64', transfer: 'copy' });
  assert.equal(args[0], 'create');
  assert.ok(!args.includes('--rm'));
  assert.ok(!args.some((a) => a.includes(':/home/builder/aports') || a.includes(':/home/builder/packages')));
  assert.ok(!args.includes('linux32'));
});

test('rootless podman keeps the user id inside the container', () => {
  const args = containerArgs({ ...job, keepId: true });
  assert.ok(args.includes('--userns=keep-id'));
});

test('cancel removes the container without a stop timeout, in each engine\'s words', () => {
  assert.deepEqual(removeArgs({ engine: 'podman' }, 'c'), ['rm', '-f', '-t', '0', 'c']);
  assert.deepEqual(removeArgs({ engine: 'docker' }, 'c'), ['rm', '-f', 'c']);
});

test('JOBS shares the cores among the containers that run at once', () => {
  assert.equal(jobsPerContainer(8, 2, 5), 4);
  assert.equal(jobsPerContainer(8, 4, 2), 4);
  assert.equal(jobsPerContainer(2, 4, 3), 1);
  assert.equal(jobsPerContainer(16, 3, 1), 16);
});

test('a package directory splits into the tree and repo/package, and the repo is named', () => {
  assert.deepEqual(locatePackage('/home/me/aports/community/foo', () => false), { aportsDir: '/home/me/aports', packageDir: 'community/foo', tree: true });
  assert.equal(repoOf('community/foo'), 'community');
  assert.equal(locatePackage('/home/me/overlay/mine/foo', (dir) => dir === '/home/me/overlay').tree, true, 'a git checkout with its own repo names');
  assert.equal(defaultRepodest('/home/me/aports', true), '/home/me/packages');
});

test('a lone package is mounted alone and builds into ~/packages, never exposing its grandparent', () => {
  const lone = locatePackage('/home/me/foo', () => false);
  assert.deepEqual(lone, { aportsDir: '/home', packageDir: 'me/foo', tree: false });
  assert.equal(defaultRepodest(lone.aportsDir, lone.tree, '/home/me'), '/home/me/packages');
  const args = containerArgs({ ...job, aportsDir: lone.aportsDir, packageDir: lone.packageDir, packageOnly: true });
  const volumes = args.flatMap((a, i) => (a === '-v' ? [args[i + 1]] : []));
  assert.ok(volumes.includes('/home/me/foo:/home/builder/aports/me/foo'));
  assert.ok(!volumes.some((v) => v.startsWith('/home:')));
});

test('endpoints from settings: podman URL or connection, docker context or DOCKER_HOST', () => {
  assert.deepEqual(parseEndpoint('podman --url unix:///tmp/x.sock'), { engine: 'podman', url: 'unix:///tmp/x.sock' });
  assert.deepEqual(parseEndpoint('podman --connection arm-box'), { engine: 'podman', connection: 'arm-box' });
  assert.deepEqual(parseEndpoint('docker --context rpi'), { engine: 'docker', context: 'rpi' });
  assert.deepEqual(parseEndpoint('docker DOCKER_HOST=ssh://me@arm64.lan'), { engine: 'docker', host: 'ssh://me@arm64.lan' });
  assert.deepEqual(parseEndpoint('podman+ssh://me@box/run/podman/podman.sock'), { engine: 'podman', url: 'ssh://me@box/run/podman/podman.sock' });
  assert.equal(parseEndpoint('lxc'), undefined);
  assert.equal(parseEndpoint('podman --bogus'), undefined);
  assert.deepEqual(engineCommand({ engine: 'podman', url: 'unix:///tmp/x.sock' }, ['ps']), { command: 'podman', args: ['--url', 'unix:///tmp/x.sock', 'ps'], env: undefined });
  assert.deepEqual(engineCommand({ engine: 'docker', host: 'ssh://h' }, ['ps']), { command: 'docker', args: ['ps'], env: { DOCKER_HOST: 'ssh://h' } });
  assert.deepEqual(engineCommand({ engine: 'docker', context: 'c' }, ['ps']).args, ['--context', 'c', 'ps']);
  assert.equal(isRemote({ engine: 'podman', url: 'unix:///tmp/x.sock' }), false);
  assert.equal(isRemote({ engine: 'podman', url: 'ssh://h/run/podman.sock' }), true);
  assert.equal(isRemote({ engine: 'docker' }, { DOCKER_HOST: 'tcp://10.0.0.2:2375' }), true);
  assert.equal(isRemote({ engine: 'docker' }, {}), false);
});

test('check_arch: all and the arch allow, !arch wins, anything else does not build', () => {
  assert.equal(archAllows(['all'], 's390x'), true);
  assert.equal(archAllows(['all', '!s390x'], 's390x'), false);
  assert.equal(archAllows(['noarch'], 'aarch64'), true);
  assert.equal(archAllows(['x86_64', 'aarch64'], 'aarch64'), true);
  assert.equal(archAllows(['x86_64', 'aarch64'], 'armv7'), false);
  assert.equal(archAllows([], 'x86_64'), false);
});

test('arch= is read from the APKBUILD without running it, expansions included', async () => {
  const field = await readArchField('pkgname=a\n_excl="!aarch64 !s390x"\narch="all $_excl"\n');
  assert.deepEqual(field.words, ['all', '!aarch64', '!s390x']);
  assert.equal(field.line, 3);
  const decisions = decideArches(['x86_64', 'aarch64'], field);
  assert.deepEqual(decisions[0], { arch: 'x86_64', build: true });
  assert.equal(decisions[1].build, false);
  assert.match((decisions[1] as { reason: string }).reason, /^not for this arch: arch="all !aarch64 !s390x" \(APKBUILD line 3\)/);
  const unknown = await readArchField('arch="$(echo all)"\n');
  assert.equal(unknown.words, undefined, 'a command substitution is not guessed');
  assert.deepEqual(decideArches(['x86_64'], unknown), [{ arch: 'x86_64', build: true }]);
});

test('the builder image hash changes with the base image, the release and the recipe, and only then', () => {
  const real = alpineImageSource();
  const a = containerfileFor(real, 'edge', 'aarch64', 'sha256:1');
  assert.equal(containerfileFor(real, 'edge', 'aarch64', 'sha256:1').hash, a.hash);
  assert.notEqual(containerfileFor(real, 'edge', 'aarch64', 'sha256:2').hash, a.hash);
  assert.notEqual(containerfileFor(real, '3.21', 'aarch64', 'sha256:1').hash, a.hash);
  assert.match(a.text, /^FROM docker.io\/library\/alpine:edge\n/);
  assert.match(a.text, /apk add --no-cache alpine-sdk sudo ccache/);
  assert.match(a.text, /addgroup builder abuild/);
  assert.match(a.text, /NOPASSWD: ALL/);
  assert.match(a.text, new RegExp(`LABEL org.apkbuild.builder.hash="${a.hash}"`));
  const local = preparedImageSource('localhost/apkbuild-test-base:{arch}', 'localhost/apkbuild-test-builder');
  assert.match(containerfileFor(local, 'edge', 'x86_64', 'sha256:1').text, /^FROM localhost\/apkbuild-test-base:x86_64\n/);
});

test('an arch is runnable natively, through an enabled binfmt entry, and not through a disabled one', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-binfmt-'));
  try {
    writeFileSync(path.join(dir, 'qemu-aarch64'), 'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n');
    writeFileSync(path.join(dir, 'qemu-riscv64'), 'disabled\ninterpreter /usr/libexec/qemu-binfmt/riscv64-binfmt-P\n');
    mkdirSync(path.join(dir, 'sub'));
    assert.equal(binfmtEntryState('qemu-aarch64', dir), 'enabled');
    assert.equal(binfmtEntryState('qemu-s390x', dir), 'absent');
    assert.deepEqual(localRunnability('x86_64', 'x86_64', dir), { arch: 'x86_64', runnable: true, how: 'native' });
    assert.deepEqual(localRunnability('aarch64', 'x86_64', dir), { arch: 'aarch64', runnable: true, how: 'binfmt' });
    const riscv = localRunnability('riscv64', 'x86_64', dir, 'linux');
    assert.equal(riscv.runnable, false);
    assert.match(riscv.guidance!, /registered but disabled/);
    assert.match(riscv.guidance!, /echo 1 \| sudo tee .*qemu-riscv64/);
    const s390x = localRunnability('s390x', 'x86_64', dir, 'linux');
    assert.match(s390x.guidance!, /apt-get install qemu-user-static/);
    assert.match(localRunnability('s390x', 'x86_64', dir, 'darwin').guidance!, /tonistiigi\/binfmt --install s390x/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('withLimit never runs more than the limit at once and keeps the order of results', async () => {
  let running = 0;
  let peak = 0;
  const tasks = [30, 10, 20, 5, 15].map((ms, i) => async () => {
    running++;
    peak = Math.max(peak, running);
    await new Promise((r) => setTimeout(r, ms));
    running--;
    return i;
  });
  assert.deepEqual(await withLimit(2, tasks), [0, 1, 2, 3, 4]);
  assert.equal(peak, 2);
});
