// The `apkbuild.build.*` settings as the runner needs them: pure, from a plain settings object.
import { ALPINE_ARCHES } from './arches';
import { Endpoint, EngineKind, parseEndpoint } from './engine';
import { alpineImageSource, ImageSource, preparedImageSource } from './image';

export interface RawBuildSettings {
  engine?: string;
  release?: string;
  concurrency?: number;
  repodest?: string;
  packager?: string;
  endpoints?: Record<string, string>;
  baseImage?: string;
  jobs?: number;
}

export interface BuildSettings {
  engine: 'auto' | EngineKind | Endpoint;
  release: string;
  concurrency: number;
  repodest?: string;
  packager?: string;
  perArch: Record<string, Endpoint>;
  source: ImageSource;
  /** cores shared out as JOBS; undefined: this machine's */
  cpus?: number;
  /** settings that were ignored, with why */
  problems: string[];
}

const RELEASE = /^(edge|v?3\.\d+)$/;

export function resolveBuildSettings(raw: RawBuildSettings, gitPackager?: string): BuildSettings {
  const problems: string[] = [];
  let engine: BuildSettings['engine'] = 'auto';
  const e = (raw.engine ?? 'auto').trim();
  if (e === 'podman' || e === 'docker' || e === 'auto') engine = e;
  else {
    const parsed = parseEndpoint(e);
    if (parsed) engine = parsed;
    else problems.push(`apkbuild.build.engine: "${e}" is not podman, docker or an endpoint; using auto`);
  }
  let release = (raw.release ?? 'edge').trim();
  if (!RELEASE.test(release)) {
    problems.push(`apkbuild.build.release: "${release}" is not edge or 3.xx; using edge`);
    release = 'edge';
  }
  release = release.replace(/^v/, '');
  const perArch: Record<string, Endpoint> = {};
  for (const [arch, spec] of Object.entries(raw.endpoints ?? {})) {
    const endpoint = parseEndpoint(spec);
    if (!ALPINE_ARCHES.some((a) => a.name === arch)) problems.push(`apkbuild.build.endpoints: "${arch}" is not an Alpine arch`);
    else if (!endpoint) problems.push(`apkbuild.build.endpoints.${arch}: "${spec}" is not an endpoint (e.g. "podman --connection NAME", "docker --context NAME", "docker DOCKER_HOST=ssh://host")`);
    else perArch[arch] = endpoint;
  }
  const base = (raw.baseImage ?? '').trim();
  const source = base ? preparedImageSource(base, 'localhost/apkbuild-builder-custom') : alpineImageSource();
  const concurrency = Math.max(1, Math.floor(raw.concurrency ?? 2));
  const packager = (raw.packager ?? '').trim() || gitPackager;
  return {
    engine,
    release,
    concurrency,
    repodest: raw.repodest?.trim() || undefined,
    packager,
    perArch,
    source,
    cpus: raw.jobs && raw.jobs > 0 ? raw.jobs : undefined,
    problems,
  };
}

/** `Name <mail>` from git's user.name and user.email, when both are set. */
export function packagerFromGit(name: string | undefined, email: string | undefined): string | undefined {
  const n = name?.trim();
  const m = email?.trim();
  return n && m ? `${n} <${m}>` : undefined;
}
