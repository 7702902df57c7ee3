// Runs one arch's build container and cleans up after it on every path: success, failure,
// cancellation and the host process exiting.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { CONTAINER_APORTS, CONTAINER_REPODEST } from './entry-script';
import { Endpoint, engineCommand, removeArgs } from './engine';
import { run } from './process';
import { ArchJob, containerArgs, repoOf } from './run-plan';

export interface ArchOutcome {
  arch: string;
  status: 'passed' | 'failed' | 'cancelled';
  exitCode: number | null;
  /** host paths of the .apk files this build wrote */
  packages: string[];
  /** set when the engine itself failed (not abuild) */
  engineError?: string;
  durationMs: number;
}

// containers started by this process and not yet removed, removed at exit whatever happens
const live = new Map<string, Endpoint>();
let exitHookInstalled = false;
/** Removes the container at process exit unless it was removed before. */
export function track(name: string, endpoint: Endpoint): void {
  live.set(name, endpoint);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const [container, e] of live) {
        const cmd = engineCommand(e, removeArgs(e, container));
        spawnSync(cmd.command, cmd.args, { env: cmd.env ? { ...process.env, ...cmd.env } : process.env, stdio: 'ignore' });
      }
    });
  }
}

export function liveContainers(): string[] {
  return [...live.keys()];
}

export async function removeContainer(endpoint: Endpoint, name: string): Promise<void> {
  await run(engineCommand(endpoint, removeArgs(endpoint, name)));
  live.delete(name);
}

/** The container is known to be gone (its `run --rm` exited by itself): no exit-time removal. */
function forget(name: string): void {
  live.delete(name);
}

/** The .apk files under repodest/<repo>/<arch> written since `since` (ms). */
export function packagesWritten(repodest: string, packageDir: string, arch: string, since: number): string[] {
  const dir = path.join(repodest, repoOf(packageDir), arch);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => n.endsWith('.apk'))
    .map((n) => path.join(dir, n))
    .filter((p) => statSync(p).mtimeMs >= since - 1000)
    .sort();
}

/** `tar -C root -cf - rel | engine cp - container:dest`: copies one directory in, keeping its path. */
function copyIn(endpoint: Endpoint, root: string, rel: string, container: string, dest: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const tar = spawn('tar', ['-C', root, '-cf', '-', rel], { stdio: ['ignore', 'pipe', 'pipe'] });
    const cmd = engineCommand(endpoint, ['cp', '-', `${container}:${dest}`]);
    const cp = spawn(cmd.command, cmd.args, { env: cmd.env ? { ...process.env, ...cmd.env } : process.env, stdio: ['pipe', 'ignore', 'pipe'] });
    let err = '';
    tar.stderr.on('data', (d) => (err += d));
    cp.stderr!.on('data', (d) => (err += d));
    tar.stdout.pipe(cp.stdin!);
    tar.on('error', (e) => (err += String(e)));
    cp.on('error', (e) => (err += String(e)));
    cp.on('close', (code) => resolve(code === 0 ? undefined : err.trim() || `cp exited ${code}`));
  });
}

export interface RunArchOptions {
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export async function runArch(endpoint: Endpoint, job: ArchJob, options: RunArchOptions = {}): Promise<ArchOutcome> {
  const started = Date.now();
  const done = (status: ArchOutcome['status'], exitCode: number | null, engineError?: string): ArchOutcome => ({
    arch: job.arch,
    status,
    exitCode,
    packages: status === 'passed' ? packagesWritten(job.repodest, job.packageDir, job.arch, started) : [],
    engineError,
    durationMs: Date.now() - started,
  });
  if (options.signal?.aborted) return done('cancelled', null);
  mkdirSync(job.repodest, { recursive: true });
  track(job.containerName, endpoint);
  let cancelled = false;
  let finished = false;
  let removedByRun = false;
  // the container may not exist yet when cancel comes: remove it until the engine run returns
  const onAbort = async () => {
    cancelled = true;
    while (!finished) {
      await removeContainer(endpoint, job.containerName);
      if (!finished) await new Promise((r) => setTimeout(r, 300));
    }
  };
  const abortListener = () => void onAbort();
  options.signal?.addEventListener('abort', abortListener, { once: true });
  try {
    const onLine = (line: string) => options.onLine?.(line);
    if (job.transfer === 'mount') {
      const r = await run(engineCommand(endpoint, containerArgs(job)), { onLine });
      if (cancelled) return done('cancelled', r.code);
      if (r.spawnError) return done('failed', null, `${endpoint.engine}: ${r.spawnError.message}`);
      // the build's own exit status: `run --rm` has removed the container (125-127 are the engine's)
      if (r.code !== null && r.code < 125) removedByRun = true;
      return done(r.code === 0 ? 'passed' : 'failed', r.code, engineFailure(r.code));
    }
    const created = await run(engineCommand(endpoint, containerArgs(job)));
    if (created.code !== 0) return done(cancelled ? 'cancelled' : 'failed', created.code, created.stderr.trim());
    const copyError = await copyIn(endpoint, job.aportsDir, job.packageDir, job.containerName, CONTAINER_APORTS);
    if (cancelled) return done('cancelled', null);
    if (copyError) return done('failed', null, `copying ${job.packageDir} in: ${copyError}`);
    const r = await run(engineCommand(endpoint, ['start', '-a', job.containerName]), { onLine });
    if (cancelled) return done('cancelled', r.code);
    const code = r.code;
    const out = await run(engineCommand(endpoint, ['cp', `${job.containerName}:${CONTAINER_REPODEST}/.`, job.repodest]));
    if (code === 0 && out.code !== 0) return done('failed', code, `copying packages out: ${out.stderr.trim()}`);
    return done(code === 0 ? 'passed' : 'failed', code, engineFailure(code));
  } finally {
    finished = true;
    options.signal?.removeEventListener('abort', abortListener);
    // covers create/start, engine errors and races with cancel; a removal costs a whole engine
    // process (~0.2 s of CPU), which parallel builds on the same cores would pay for
    if (removedByRun) forget(job.containerName);
    else await removeContainer(endpoint, job.containerName);
  }
}

/** Exit codes 125-127 come from the engine (could not create or start the container), not abuild. */
function engineFailure(code: number | null): string | undefined {
  if (code === 125) return 'the container engine could not run the container (exit 125)';
  if (code === 126) return 'the entry command could not be invoked (exit 126)';
  if (code === 127) return 'the entry command was not found in the image (exit 127)';
  return undefined;
}
