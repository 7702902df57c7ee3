// The builder image per release and arch: generated from a Containerfile, labelled with a hash of
// everything it is made from, and rebuilt only when that hash changes.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { alpineArch } from './arches';
import { CONTAINER_APORTS, CONTAINER_REPODEST, ENTRY_SCRIPT, ENTRY_SCRIPT_PATH } from './entry-script';
import { Endpoint, endpointKey, engineCommand } from './engine';
import { run } from './process';

export const HASH_LABEL = 'org.apkbuild.builder.hash';

/** Where builder images come from: pluggable so that tests use local images. */
export interface ImageSource {
  /** the image the builder image is made FROM */
  baseImage(release: string, arch: string): string;
  /** Containerfile instructions that turn the base into a build environment */
  setup(release: string, arch: string): string[];
  /** repository name of the builder images (`<prefix>:<release>-<arch>`) */
  tagPrefix: string;
  /** the base comes from a registry (pulled when missing) rather than being local */
  pull: boolean;
}

/** Real Alpine: alpine:<release> with alpine-sdk, the builder user and passwordless sudo. */
export function alpineImageSource(registryImage = 'docker.io/library/alpine', tagPrefix = 'localhost/apkbuild-builder'): ImageSource {
  return {
    baseImage: (release) => `${registryImage}:${release}`,
    setup: (release) => [
      'RUN apk add --no-cache alpine-sdk sudo ccache' +
        (release === 'edge' ? ' && { grep -q /testing /etc/apk/repositories || sed -n "s|/community$|/testing|p" /etc/apk/repositories >> /etc/apk/repositories; }' : ''),
      'RUN adduser -D builder && addgroup builder abuild' +
        " && echo 'builder ALL=(ALL) NOPASSWD: ALL' > /etc/sudoers.d/builder && chmod 0440 /etc/sudoers.d/builder" +
        ' && mkdir -p /var/cache/distfiles && chgrp abuild /var/cache/distfiles && chmod 2775 /var/cache/distfiles',
    ],
    tagPrefix,
    pull: true,
  };
}

/** A local base that already has abuild and a builder account; `{arch}` and `{release}` in the template are replaced. */
export function preparedImageSource(template: string, tagPrefix: string): ImageSource {
  return {
    baseImage: (release, arch) => template.replace('{arch}', arch).replace('{release}', release),
    setup: () => [],
    tagPrefix,
    pull: false,
  };
}

export function builderTag(source: ImageSource, release: string, arch: string): string {
  return `${source.tagPrefix}:${release}-${arch}`;
}

/** The Containerfile text (without its hash label) and the hash over it, the entry script and the base image id. */
export function containerfileFor(source: ImageSource, release: string, arch: string, baseId: string): { text: string; hash: string } {
  const body = [
    `FROM ${source.baseImage(release, arch)}`,
    ...source.setup(release, arch),
    `COPY apkbuild-run ${ENTRY_SCRIPT_PATH}`,
    `RUN chmod 0755 ${ENTRY_SCRIPT_PATH} && mkdir -p ${CONTAINER_APORTS} ${CONTAINER_REPODEST}`,
    'WORKDIR /home/builder',
  ].join('\n');
  const hash = createHash('sha256').update(body).update('\0').update(ENTRY_SCRIPT).update('\0').update(baseId).digest('hex').slice(0, 32);
  return { text: `${body}\nLABEL ${HASH_LABEL}="${hash}" org.apkbuild.builder.release="${release}" org.apkbuild.builder.arch="${arch}"\n`, hash };
}

export interface EnsuredImage {
  tag: string;
  built: boolean;
  hash: string;
}

async function inspect(endpoint: Endpoint, image: string, format: string): Promise<string | undefined> {
  const r = await run(engineCommand(endpoint, ['image', 'inspect', '--format', format, image]));
  return r.code === 0 ? r.stdout.trim() : undefined;
}

const inFlight = new Map<string, Promise<EnsuredImage>>();

/**
 * Makes sure the builder image exists and is current; builds it when it is missing or anything
 * it is made from changed. Concurrent calls for the same image share one build.
 */
export function ensureBuilderImage(endpoint: Endpoint, source: ImageSource, release: string, arch: string, log?: (line: string) => void, signal?: AbortSignal): Promise<EnsuredImage> {
  const tag = builderTag(source, release, arch);
  const key = endpointKey(endpoint) + tag;
  let p = inFlight.get(key);
  if (!p) {
    p = buildIfChanged(endpoint, source, release, arch, tag, log, signal).finally(() => inFlight.delete(key));
    inFlight.set(key, p);
  }
  return p;
}

async function buildIfChanged(endpoint: Endpoint, source: ImageSource, release: string, arch: string, tag: string, log?: (line: string) => void, signal?: AbortSignal): Promise<EnsuredImage> {
  const a = alpineArch(arch);
  if (!a) throw new Error(`unknown arch ${arch}`);
  const base = source.baseImage(release, arch);
  // both questions at once: this is on the path of every build's start
  let [baseId, current] = await Promise.all([inspect(endpoint, base, '{{.Id}}'), inspect(endpoint, tag, `{{index .Config.Labels "${HASH_LABEL}"}}`)]);
  if (baseId === undefined) {
    if (!source.pull) throw new Error(`the base image ${base} is not there (it is local, not pulled)`);
    log?.(`>>> pulling ${base} for ${a.platform}`);
    const pulled = await run(engineCommand(endpoint, ['pull', '--platform', a.platform, base]), { onLine: log, signal });
    if (signal?.aborted) throw new Error('cancelled');
    if (pulled.code !== 0) throw new Error(`could not pull ${base}: ${pulled.stderr.trim().split('\n').pop()}`);
    baseId = (await inspect(endpoint, base, '{{.Id}}')) ?? '';
  }
  const { text, hash } = containerfileFor(source, release, arch, baseId);
  if (current === hash) return { tag, built: false, hash };
  log?.(`>>> building the builder image ${tag}`);
  const dir = mkdtempSync(path.join(tmpdir(), 'apkbuild-image-'));
  try {
    writeFileSync(path.join(dir, 'Containerfile'), text);
    writeFileSync(path.join(dir, 'apkbuild-run'), ENTRY_SCRIPT, { mode: 0o755 });
    const args = ['build', '--platform', a.platform, '-t', tag, '-f', path.join(dir, 'Containerfile')];
    if (!source.pull && endpoint.engine === 'podman') args.push('--pull=never');
    args.push(dir);
    const built = await run(engineCommand(endpoint, args), { onLine: log, signal });
    if (signal?.aborted) throw new Error('cancelled');
    if (built.code !== 0) throw new Error(`building ${tag} failed: ${built.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { tag, built: true, hash };
}
