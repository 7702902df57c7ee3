// One arch's build as engine arguments: pure, so that every flag is tested without an engine.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { alpineArch } from './arches';
import { CONTAINER_APORTS, CONTAINER_REPODEST, ENTRY_SCRIPT_PATH } from './entry-script';

export interface ArchJob {
  arch: string;
  release: string;
  /** the builder image (tag) */
  image: string;
  /** host path of the aports tree (the directory holding main/, community/, ...) */
  aportsDir: string;
  /** the package directory relative to aportsDir, e.g. `main/foo` */
  packageDir: string;
  /** host path of the output repository */
  repodest: string;
  /** make jobs inside this container */
  jobs: number;
  packager?: string;
  /** prefix of the named volumes, e.g. `apkbuild-` */
  volumePrefix: string;
  containerName: string;
  /** arguments to abuild, `-r` by default */
  abuildArgs: string[];
  /** `mount` bind-mounts the tree and the repo; `copy` copies them in and out (remote engines) */
  transfer: 'mount' | 'copy';
  /** rootless podman: keep the user's uid inside so files written back are the user's */
  keepId?: boolean;
  /** mount only the package directory, not the whole tree (a lone package) */
  packageOnly?: boolean;
  /** run this instead of the entry script (a chain's idle container, builds then run with `exec`) */
  command?: string[];
  /** `run -d`: start in the background (with `--rm`, mount transfer only) */
  detach?: boolean;
}

export function volumeNames(job: Pick<ArchJob, 'volumePrefix' | 'release' | 'arch'>) {
  return {
    distfiles: `${job.volumePrefix}distfiles`,
    apkCache: `${job.volumePrefix}apkcache-${job.release}-${job.arch}`,
    ccache: `${job.volumePrefix}ccache-${job.arch}`,
    abuild: `${job.volumePrefix}abuild-config`,
  };
}

/** `run` (mount) or `create` (copy) arguments for the job's container. */
export function containerArgs(job: ArchJob): string[] {
  const a = alpineArch(job.arch);
  if (!a) throw new Error(`unknown arch ${job.arch}`);
  const v = volumeNames(job);
  const args = job.transfer === 'mount' ? ['run', '--rm', ...(job.detach ? ['-d'] : [])] : ['create'];
  args.push('--name', job.containerName, '--platform', a.platform, '--label', 'org.apkbuild.build=1');
  if (job.keepId) args.push('--userns=keep-id', '--user', 'root');
  args.push(
    '-v', `${v.distfiles}:/var/cache/distfiles`,
    '-v', `${v.apkCache}:/etc/apk/cache`,
    '-v', `${v.ccache}:/home/builder/.ccache`,
    '-v', `${v.abuild}:/home/builder/.abuild`,
  );
  if (job.transfer === 'mount') {
    const tree = job.packageOnly
      ? `${path.join(path.resolve(job.aportsDir), job.packageDir)}:${CONTAINER_APORTS}/${job.packageDir}`
      : `${path.resolve(job.aportsDir)}:${CONTAINER_APORTS}`;
    args.push('-v', tree, '-v', `${path.resolve(job.repodest)}:${CONTAINER_REPODEST}`);
  }
  args.push('-e', `APKBUILD_PKGDIR=${job.packageDir}`, '-e', `APKBUILD_JOBS=${job.jobs}`, '-e', `CCACHE_DIR=/home/builder/.ccache`);
  if (job.packager) args.push('-e', `APKBUILD_PACKAGER=${job.packager}`);
  args.push(job.image);
  if (a.linux32) args.push('linux32');
  args.push(...(job.command ?? [ENTRY_SCRIPT_PATH, ...job.abuildArgs]));
  return args;
}

/** make jobs per container: the cores shared out among the containers running at once. */
export function jobsPerContainer(cpus: number, concurrency: number, archCount: number): number {
  return Math.max(1, Math.floor(cpus / Math.max(1, Math.min(concurrency, archCount))));
}

/** The repository a package directory belongs to (`main` for `main/foo`). */
export function repoOf(packageDir: string): string {
  const parts = packageDir.split('/').filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : 'local';
}

const APORTS_REPOS = new Set(['main', 'community', 'testing', 'unmaintained', 'non-free']);

export interface PackageLocation {
  /** the directory above the package's repo directory */
  aportsDir: string;
  /** `<repo>/<package>`: abuild names the repo after the package directory's parent */
  packageDir: string;
  /** an aports-shaped tree (a known repo name, or a git checkout at aportsDir): mounted whole */
  tree: boolean;
}

/**
 * Splits an APKBUILD's directory into the tree root and the package's place in it. Only an
 * aports-shaped tree is mounted whole; a lone package directory (say ~/foo/APKBUILD) is mounted
 * alone, never its grandparent.
 */
export function locatePackage(apkbuildDir: string, hasGit: (dir: string) => boolean = (dir) => existsSync(path.join(dir, '.git'))): PackageLocation {
  const pkg = path.resolve(apkbuildDir);
  const repo = path.dirname(pkg);
  const aportsDir = path.dirname(repo);
  return { aportsDir, packageDir: `${path.basename(repo)}/${path.basename(pkg)}`, tree: APORTS_REPOS.has(path.basename(repo)) || hasGit(aportsDir) };
}
