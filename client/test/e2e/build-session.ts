// What the code-server tests of builds share: the extension pointed at the local test images (or
// real Alpine), and the runner volumes a test made, removed afterwards.
import { spawnSync } from 'node:child_process';
import { volumeNames } from 'apkbuild-language-server/out/src/build/run-plan';
import { REAL_ALPINE, RELEASE, testBaseImage } from 'apkbuild-language-server/out/test/build-helpers';

/** User settings that make the extension build with podman into `packages`. */
export function buildSettings(packages: string): Record<string, unknown> {
  return {
    'apkbuild.build.engine': 'podman',
    'apkbuild.build.repodest': packages,
    'apkbuild.build.packager': 'Test Builder <builder@example.org>',
    // the local test images (busybox + stand-in abuild), or real Alpine with APKBUILD_TEST_REAL_ALPINE
    ...(REAL_ALPINE ? { 'apkbuild.build.release': RELEASE } : { 'apkbuild.build.baseImage': testBaseImage('{arch}') }),
  };
}

export function podmanVolumes(): string[] {
  return spawnSync('podman', ['volume', 'ls', '--format', '{{.Name}}'], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
}

/**
 * Removes the runner's volumes (default prefix apkbuild-) of these arches that did not exist in
 * `before`; not forced, so one in use by someone else stays.
 */
export function removeNewRunnerVolumes(before: readonly string[], arches: readonly string[]): void {
  const ours = new Set(arches.flatMap((arch) => Object.values(volumeNames({ volumePrefix: 'apkbuild-', release: RELEASE, arch }))));
  for (const v of podmanVolumes().filter((x) => ours.has(x) && !before.includes(x))) spawnSync('podman', ['volume', 'rm', v]);
}
