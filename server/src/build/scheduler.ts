// A multi-arch build: which arches run (excluded by arch=, runnable by the engine), builder
// images, then one container per arch in parallel up to a limit, with JOBS shared out.
import { randomBytes } from 'node:crypto';
import { availableParallelism, homedir } from 'node:os';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { alpineArchOfMachine } from './arches';
import { decideArches, readArchField } from './arch-filter';
import { describeEndpoint, Endpoint, isRemote } from './engine';
import { ensureBuilderImage, ImageSource } from './image';
import { jobsPerContainer, locatePackage } from './run-plan';
import { ArchOutcome, runArch } from './runner';
import { localRunnability, probeRunnability, BINFMT_DIR } from './runnable';

/** What every build needs, for one package (runBuild) or a chain of them (runChain). */
export interface BuilderOptions {
  /** `edge` or `3.21`, ... */
  release: string;
  source: ImageSource;
  /** the engine for every arch not in perArch */
  endpoint: Endpoint;
  /** arch → another engine (a remote builder) */
  perArch?: Record<string, Endpoint>;
  /** output repository; default `packages/` beside the aports tree */
  repodest?: string;
  /** arch containers at once */
  concurrency?: number;
  /** cores to share out as JOBS; default this machine's */
  cpus?: number;
  packager?: string;
  /** prefix of container and volume names */
  namePrefix?: string;
  /** rootless podman on this machine (keeps the user's uid inside) */
  rootless?: boolean;
  hostArch?: string;
  binfmtDir?: string;
  signal?: AbortSignal;
}

export interface BuildRequest extends BuilderOptions {
  /** path of the APKBUILD */
  apkbuild: string;
  arches: string[];
  abuildArgs?: string[];
}

export type BuildEvent =
  | { type: 'queued'; arch: string }
  | { type: 'skipped'; arch: string; reason: string }
  | { type: 'unavailable'; arch: string; reason: string }
  | { type: 'preparing'; arch: string; endpoint: string }
  | { type: 'started'; arch: string; at: number; container: string; jobs: number }
  | { type: 'line'; arch: string; line: string }
  | { type: 'finished'; arch: string; outcome: ArchOutcome };

export interface BuildResult {
  outcomes: ArchOutcome[];
  skipped: { arch: string; reason: string }[];
  unavailable: { arch: string; reason: string }[];
  repodest: string;
}

/** `packages/` beside an aports tree; abuild's own default, ~/packages, for a lone package. */
export function defaultRepodest(aportsDir: string, tree: boolean, home: string = homedir()): string {
  return tree ? path.join(path.dirname(path.resolve(aportsDir)), 'packages') : path.join(home, 'packages');
}

/** Runs `tasks` with at most `limit` at once, in order. */
export async function withLimit<T>(limit: number, tasks: (() => Promise<T>)[]): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, tasks.length)) }, worker));
  return results;
}

export async function runBuild(request: BuildRequest, emit: (event: BuildEvent) => void = () => {}): Promise<BuildResult> {
  const { aportsDir, packageDir, tree } = locatePackage(path.dirname(path.resolve(request.apkbuild)));
  const repodest = request.repodest ?? defaultRepodest(aportsDir, tree);
  const prefix = request.namePrefix ?? 'apkbuild-';
  const session = randomBytes(4).toString('hex');
  const hostArch = request.hostArch ?? alpineArchOfMachine(process.arch) ?? process.arch;
  const result: BuildResult = { outcomes: [], skipped: [], unavailable: [], repodest };
  for (const arch of request.arches) emit({ type: 'queued', arch });

  const field = await readArchField(await readFile(request.apkbuild, 'utf8'));
  const decisions = decideArches(request.arches, field);
  const toRun: string[] = [];
  for (const d of decisions) {
    if (d.build) toRun.push(d.arch);
    else {
      result.skipped.push({ arch: d.arch, reason: d.reason });
      emit({ type: 'skipped', arch: d.arch, reason: d.reason });
    }
  }

  const endpointOf = (arch: string) => request.perArch?.[arch] ?? request.endpoint;
  const runnable: string[] = [];
  for (const arch of toRun) {
    const e = endpointOf(arch);
    if (isRemote(e) || e !== request.endpoint) continue; // checked by a probe once its image is there
    const r = localRunnability(arch, hostArch, request.binfmtDir ?? BINFMT_DIR);
    if (r.runnable) runnable.push(arch);
    else {
      result.unavailable.push({ arch, reason: r.guidance! });
      emit({ type: 'unavailable', arch, reason: r.guidance! });
    }
  }
  for (const arch of toRun) if (!runnable.includes(arch) && !result.unavailable.some((u) => u.arch === arch)) runnable.push(arch);
  const ordered = toRun.filter((a) => runnable.includes(a));

  const concurrency = request.concurrency ?? 2;
  const jobs = jobsPerContainer(request.cpus ?? availableParallelism(), concurrency, ordered.length);
  const tasks = ordered.map((arch) => async (): Promise<ArchOutcome | undefined> => {
    const endpoint = endpointOf(arch);
    const started = Date.now();
    const fail = (why: string): ArchOutcome => ({ arch, status: 'failed', exitCode: null, packages: [], engineError: why, durationMs: Date.now() - started });
    if (request.signal?.aborted) return { arch, status: 'cancelled', exitCode: null, packages: [], durationMs: 0 };
    emit({ type: 'preparing', arch, endpoint: describeEndpoint(endpoint) });
    let image: string;
    try {
      image = (await ensureBuilderImage(endpoint, request.source, request.release, arch, (line) => emit({ type: 'line', arch, line }), request.signal)).tag;
    } catch (err) {
      const outcome: ArchOutcome = request.signal?.aborted
        ? { arch, status: 'cancelled', exitCode: null, packages: [], durationMs: Date.now() - started }
        : fail(err instanceof Error ? err.message : String(err));
      emit({ type: 'finished', arch, outcome });
      return outcome;
    }
    if (endpoint !== request.endpoint || isRemote(endpoint)) {
      const probe = await probeRunnability(endpoint, arch, image, request.signal);
      if (!probe.runnable) {
        result.unavailable.push({ arch, reason: probe.guidance! });
        emit({ type: 'unavailable', arch, reason: probe.guidance! });
        return undefined;
      }
    }
    const container = `${prefix}${session}-${arch}`;
    emit({ type: 'started', arch, at: Date.now(), container, jobs });
    const outcome = await runArch(endpoint, {
      arch,
      release: request.release,
      image,
      aportsDir,
      packageDir,
      repodest,
      jobs,
      packager: request.packager,
      volumePrefix: prefix,
      containerName: container,
      abuildArgs: request.abuildArgs ?? ['-r'],
      transfer: isRemote(endpoint) ? 'copy' : 'mount',
      keepId: endpoint.engine === 'podman' && !isRemote(endpoint) && request.rootless === true,
      packageOnly: !tree,
    }, { signal: request.signal, onLine: (line) => emit({ type: 'line', arch, line }) });
    emit({ type: 'finished', arch, outcome });
    return outcome;
  });
  for (const outcome of await withLimit(concurrency, tasks)) if (outcome) result.outcomes.push(outcome);
  return result;
}
