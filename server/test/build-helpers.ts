// Shared set-up of the tests that run a real container engine: the podman configuration this
// machine needs, the local test images, a throwaway copy of the fixture tree.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { preparedImageSource, alpineImageSource, ImageSource } from '../src/build/image';

export const ROOT = path.join(__dirname, '..', '..', '..');
export const CONTAINERS_CONF = path.join(ROOT, 'client', 'test', 'containers', 'containers.conf');
export const PREFIX = 'apkbuild-test-';

// rootful podman here needs lower ulimits than its default (see containers.conf)
if (!process.env.CONTAINERS_CONF && process.getuid?.() === 0) process.env.CONTAINERS_CONF = CONTAINERS_CONF;

/**
 * APKBUILD_TEST_REAL_ALPINE=edge (or 3.21) runs the suite against alpine:<release> with real
 * abuild, on a machine that can pull images; otherwise the local busybox images with the stand-in.
 */
export const REAL_ALPINE = process.env.APKBUILD_TEST_REAL_ALPINE;
export const RELEASE = REAL_ALPINE ?? 'edge';

/** The stamp setup.sh tags its images with: a hash of it and of the stand-in abuild. */
export const IMAGE_STAMP = createHash('sha256')
  .update(readFileSync(path.join(ROOT, 'client', 'test', 'containers', 'setup.sh')))
  .update(readFileSync(path.join(ROOT, 'client', 'test', 'containers', 'standin-abuild.sh')))
  .digest('hex')
  .slice(0, 16);

/** The local test base image of an arch, as made by this checkout's setup.sh. */
export function testBaseImage(arch: string): string {
  return `localhost/${PREFIX}base:${arch}-${IMAGE_STAMP}`;
}

export function imageSource(): ImageSource {
  return REAL_ALPINE ? alpineImageSource('docker.io/library/alpine', `localhost/${PREFIX}alpine-builder`) : preparedImageSource(testBaseImage('{arch}'), `localhost/${PREFIX}builder-${IMAGE_STAMP}`);
}

function podman(args: string[]): { code: number | null; stdout: string } {
  const r = spawnSync('podman', args, { encoding: 'utf8' });
  return { code: r.error ? null : r.status, stdout: r.stdout ?? '' };
}

/** Why the engine tests cannot run here, or undefined when they can. */
export function engineMissing(): string | undefined {
  const v = podman(['version', '--format', '{{.Client.Version}}']);
  if (v.code === null) return 'podman is not installed (run client/test/containers/setup.sh as root)';
  if (v.code !== 0) return 'podman does not work here (run client/test/containers/setup.sh as root)';
  if (!REAL_ALPINE) {
    for (const arch of ['x86_64', 'aarch64']) {
      if (podman(['image', 'exists', testBaseImage(arch)]).code !== 0) return `the test image ${testBaseImage(arch)} is missing (run client/test/containers/setup.sh as root)`;
    }
  }
  return undefined;
}

export function containersNamed(prefix: string): string[] {
  return podman(['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n').filter((n) => n.startsWith(prefix));
}

/** A fresh copy of test-fixtures/build/aports and an empty output repo beside it. */
export function scratchTree(): { aports: string; packages: string; dispose: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-build-test-'));
  const aports = path.join(dir, 'aports');
  cpSync(path.join(ROOT, 'test-fixtures', 'build', 'aports'), aports, { recursive: true });
  return { aports, packages: path.join(dir, 'packages'), dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
