// Chained builds: per arch, one builder container builds that arch's plan in order with
// `exec`, every package going to the shared REPODEST, whose signed index the next build installs
// from. Arches run in parallel up to a limit. A failed package skips what needs it; an unchanged
// one is not built again unless forced. Cancelling removes the containers at once.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { analyzeText } from '../apkbuild/apkbuild';
import { initParser } from '../parser/parser';
import { alpineArch, alpineArchOfMachine } from './arches';
import { ChainError, ChainEvent, ChainItem, ChainPlan, ChainResult, PackageResult } from './chain-types';
import { packageInputs, PackageInputs, readState, stateKey, upToDate, writeState } from './chain-state';
import { ENTRY_SCRIPT_PATH } from './entry-script';
import { describeEndpoint, Endpoint, engineCommand, isRemote } from './engine';
import { ensureBuilderImage, ImageSource } from './image';
import { locateTarget } from './locate';
import { AbuildLogParser, firstError, LogEvent } from './log-parser';
import { run } from './process';
import { containerArgs, jobsPerContainer, repoOf } from './run-plan';
import { removeContainer, track } from './runner';
import { BINFMT_DIR, localRunnability } from './runnable';
import { BuilderOptions, withLimit } from './scheduler';

export interface ChainRequest extends BuilderOptions {
  /** host path of the aports tree (the directory holding main/, community/, ...) */
  aportsDir: string;
  /** arch → another engine on this machine (a unix socket); remote ones cannot mount the tree */
  perArch?: Record<string, Endpoint>;
  plan: ChainPlan;
  /** build even what is up to date */
  force?: boolean;
}

/** The plan's dir relative to the tree, whichever way it was given. */
export function relativeDir(aportsDir: string, dir: string): string {
  const rel = (path.isAbsolute(dir) ? path.relative(path.resolve(aportsDir), dir) : path.normalize(dir)).replace(/\/+$/, '');
  if (rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).length !== 2) throw new Error(`${dir} is not a package directory of the tree ${aportsDir} (<repo>/<package>)`);
  return rel.split(path.sep).join('/');
}

/** What a package waits for: the first of its needs (in plan order) that did not end up available. */
export function blockingNeed(item: ChainItem, done: ReadonlyMap<string, PackageResult>): PackageResult | undefined {
  for (const need of item.needs) {
    const r = done.get(need);
    if (r && r.status !== 'passed' && r.status !== 'up-to-date') return r;
  }
  return undefined;
}

/** .apk files in a directory with their modification time and size, to see what a build wrote. */
function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    if (!n.endsWith('.apk') || n.startsWith('.')) continue;
    try {
      const s = statSync(path.join(dir, n));
      out.set(n, `${s.mtimeMs}:${s.size}`);
    } catch {
      // removed meanwhile
    }
  }
  return out;
}

function written(dir: string, before: Map<string, string>): string[] {
  const after = snapshot(dir);
  return [...after].filter(([n, sig]) => before.get(n) !== sig).map(([n]) => path.join(dir, n)).sort();
}

async function mapError(events: readonly LogEvent[], apkbuild: string): Promise<ChainError | undefined> {
  const e = firstError(events);
  if (!e) return undefined;
  const error: ChainError = { kind: e.kind, message: e.message, apkbuild };
  if (e.target) {
    try {
      await initParser();
      error.range = locateTarget(analyzeText(readFileSync(apkbuild, 'utf8')), e.target);
    } catch {
      // the APKBUILD went away or cannot be read: the message stands alone
    }
  }
  return error;
}

const IDLE = ['sleep', '2147483647'];

export async function runChain(request: ChainRequest, emit: (event: ChainEvent) => void = () => {}): Promise<ChainResult> {
  const t0 = Date.now();
  const aportsDir = path.resolve(request.aportsDir);
  const repodest = path.resolve(request.repodest ?? path.join(path.dirname(aportsDir), 'packages'));
  const prefix = request.namePrefix ?? 'apkbuild-';
  const session = randomBytes(4).toString('hex');
  const hostArch = request.hostArch ?? alpineArchOfMachine(process.arch) ?? process.arch;
  const arches = Object.keys(request.plan);
  const packages: PackageResult[] = [];
  const unavailable: { arch: string; reason: string }[] = [];
  mkdirSync(repodest, { recursive: true });

  // read once, written after each package (the arches share it; writes are whole-file renames)
  const state = readState(repodest);
  const inputsCache = new Map<string, Promise<PackageInputs>>();
  const inputsOf = (dir: string) => {
    let p = inputsCache.get(dir);
    if (!p) inputsCache.set(dir, (p = packageInputs(path.join(aportsDir, dir))));
    return p;
  };

  const plans = new Map<string, (ChainItem & { dir: string })[]>();
  for (const arch of arches) {
    const items = request.plan[arch].map((i) => ({ ...i, dir: relativeDir(aportsDir, i.dir), needs: i.needs.map((n) => relativeDir(aportsDir, n)) }));
    plans.set(arch, items);
    for (const item of items) emit({ type: 'package', result: { arch, dir: item.dir, name: item.name, status: 'queued', files: [] } });
  }

  const concurrency = request.concurrency ?? 2;
  const jobs = jobsPerContainer(request.cpus ?? availableParallelism(), concurrency, arches.length);

  const runArchChain = async (arch: string): Promise<PackageResult[]> => {
    const items = plans.get(arch)!;
    const done = new Map<string, PackageResult>();
    const finish = (r: PackageResult): PackageResult => {
      done.set(r.dir, r);
      emit({ type: 'package', result: r });
      return r;
    };
    const endAll = (status: PackageResult['status'], reason: string) => {
      for (const item of items) if (!done.has(item.dir)) finish({ arch, dir: item.dir, name: item.name, status, reason, files: [] });
      return items.map((i) => done.get(i.dir)!);
    };

    const endpoint = request.perArch?.[arch] ?? request.endpoint;
    const a = alpineArch(arch);
    if (!a) {
      unavailable.push({ arch, reason: `${arch} is not an Alpine architecture` });
      return endAll('skipped', `${arch} is not an Alpine architecture`);
    }
    if (isRemote(endpoint)) return endAll('failed', `chained builds need an engine on this machine (the tree and REPODEST are bind-mounted), not ${describeEndpoint(endpoint)}`);
    const runnable = localRunnability(arch, hostArch, request.binfmtDir ?? BINFMT_DIR);
    if (!runnable.runnable) {
      unavailable.push({ arch, reason: runnable.guidance! });
      emit({ type: 'arch', arch, state: 'unavailable', reason: runnable.guidance! });
      return endAll('skipped', `not runnable here: ${runnable.guidance}`);
    }

    let container: string | undefined;
    let cancelled = false;
    const onAbort = () => {
      cancelled = true;
      if (container) void removeContainer(endpoint, container);
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // the container starts with the first package that needs building
      const start = async (): Promise<string> => {
        emit({ type: 'arch', arch, state: 'preparing' });
        const image = (await ensureBuilderImage(endpoint, request.source, request.release, arch, (line) => emit({ type: 'line', arch, dir: undefined, line }), request.signal)).tag;
        if (request.signal?.aborted) throw new Error('cancelled');
        const name = `${prefix}${session}-${arch}`;
        track(name, endpoint);
        container = name;
        const args = containerArgs({
          arch, release: request.release, image, aportsDir, packageDir: items[0].dir, repodest, jobs,
          packager: request.packager, volumePrefix: prefix, containerName: name, abuildArgs: [], transfer: 'mount',
          keepId: endpoint === request.endpoint && endpoint.engine === 'podman' && request.rootless === true, command: IDLE, detach: true,
        });
        const r = await run(engineCommand(endpoint, args));
        if (request.signal?.aborted) throw new Error('cancelled');
        if (r.code !== 0) throw new Error(`could not start the builder container: ${(r.spawnError?.message ?? r.stderr).trim().split('\n').pop()}`);
        emit({ type: 'arch', arch, state: 'started', container: name });
        return name;
      };

      for (const item of items) {
        const base: PackageResult = { arch, dir: item.dir, name: item.name, status: 'queued', files: [] };
        if (cancelled || request.signal?.aborted) break;
        const blocker = blockingNeed(item, done);
        if (blocker) {
          finish({ ...base, status: 'skipped', reason: `needs ${blocker.name}` });
          continue;
        }
        const inputs = await inputsOf(item.dir);
        base.version = inputs.version;
        if (!request.force) {
          const files = upToDate(state, repodest, arch, item.dir, inputs);
          if (files) {
            finish({ ...base, status: 'up-to-date', files });
            continue;
          }
        }
        if (!container) {
          try {
            await start();
          } catch (err) {
            if (cancelled || request.signal?.aborted) break;
            const message = err instanceof Error ? err.message : String(err);
            finish({ ...base, status: 'failed', reason: message, error: { kind: 'engine', message, apkbuild: path.join(aportsDir, item.dir, 'APKBUILD') } });
            return endAll('failed', message);
          }
        }
        const started = Date.now();
        emit({ type: 'package', result: { ...base, status: 'running' } });
        const outDir = path.join(repodest, repoOf(item.dir), arch);
        const before = snapshot(outDir);
        const parser = new AbuildLogParser();
        const events: LogEvent[] = [];
        const exec = ['exec', '-e', `APKBUILD_PKGDIR=${item.dir}`, container!, ...(a.linux32 ? ['linux32'] : []), ENTRY_SCRIPT_PATH, '-r'];
        const r = await run(engineCommand(endpoint, exec), {
          onLine: (line) => {
            events.push(...parser.push(line));
            emit({ type: 'line', arch, dir: item.dir, line });
          },
        });
        const durationMs = Date.now() - started;
        if (cancelled || request.signal?.aborted) {
          finish({ ...base, status: 'cancelled', durationMs });
          break;
        }
        const files = written(outDir, before);
        const apkbuild = path.join(aportsDir, item.dir, 'APKBUILD');
        if (r.code === 0) {
          const record = { version: inputs.version ?? '', inputs: inputs.hash, files: files.map((f) => path.relative(repodest, f)), builtAt: new Date().toISOString() };
          state.builds[stateKey(arch, item.dir)] = record;
          // merged into what is on disk now, so that another chain on the same REPODEST keeps its records
          const onDisk = readState(repodest);
          onDisk.builds[stateKey(arch, item.dir)] = record;
          const unrecorded = writeState(repodest, onDisk);
          if (unrecorded) emit({ type: 'line', arch, dir: item.dir, line: `>>> WARNING: ${item.name}: built, but not recorded as built (it will be built again next time): ${unrecorded.message}` });
          finish({ ...base, status: 'passed', durationMs, files });
          continue;
        }
        if (events.some((e) => e.kind === 'not-for-arch')) {
          finish({ ...base, status: 'skipped', reason: 'not for this arch (abuild check_arch)', durationMs, files: [] });
          continue;
        }
        const engineError = r.spawnError ? `${endpoint.engine}: ${r.spawnError.message}` : r.code !== null && r.code >= 125 && r.code <= 127 ? `the container engine could not run the build (exit ${r.code}): ${r.stderr.trim().split('\n').pop() ?? ''}` : undefined;
        const error = (await mapError(events, apkbuild)) ?? { kind: 'engine' as const, message: engineError ?? `abuild exited ${r.code}`, apkbuild };
        finish({ ...base, status: 'failed', durationMs, files, error, reason: engineError });
      }
      return endAll('cancelled', 'cancelled');
    } finally {
      request.signal?.removeEventListener('abort', onAbort);
      if (container) {
        await removeContainer(endpoint, container);
        emit({ type: 'arch', arch, state: 'finished', container });
      }
    }
  };

  const perArch = await withLimit(concurrency, arches.map((arch) => () => runArchChain(arch)));
  for (const list of perArch) packages.push(...list);
  return { repodest, packages, unavailable, ok: packages.every((p) => p.status === 'passed' || p.status === 'up-to-date'), durationMs: Date.now() - t0 };
}
