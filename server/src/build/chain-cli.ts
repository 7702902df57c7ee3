// The terminal face of chained builds (`apkbuild-ls build`): options in, a chain run, a live
// per-arch summary on a TTY or plain line logs otherwise, `--format json` for machines. Exit 0
// only when every planned build passed (or was already up to date), 1 otherwise, 2 on bad usage.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { alpineArch, alpineArchOfMachine, ALPINE_ARCHES } from './arches';
import { relativeDir, runChain } from './chain';
import { planChain } from './chain-plan';
import { ChainEvent, ChainPlan, ChainResult, PackageResult } from './chain-types';
import { chooseEngine, describeEngineChoice } from './detect';
import { Endpoint, parseEndpoint } from './engine';
import { alpineImageSource, ImageSource, preparedImageSource } from './image';
import { hostPaths } from './terminal-text';

export interface ChainCliOptions {
  dirs: string[];
  arches?: string[];
  release: string;
  /** cores to share out as JOBS */
  jobs?: number;
  concurrency?: number;
  format: 'text' | 'json';
  force: boolean;
  repodest?: string;
  aportsDir?: string;
  /** a JSON file: `{ "<arch>": [{ "dir", "name", "needs" }] }` */
  planFile?: string;
  changedSince?: string;
  engine?: string;
  packager?: string;
  /** a prepared local base image (`{arch}`, `{release}` replaced), as the apkbuild.build.baseImage setting */
  baseImage?: string;
}

export interface ChainCliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** the build planner: package dirs (or the change since a revision) → each arch's ordered list; default the engine's (chain-plan.ts) */
  planner?: (request: { dirs: string[]; arches: string[]; aportsDir: string; changedSince?: string }) => ChainPlan | Promise<ChainPlan>;
  /** where builder images come from; default --base-image, else alpine:<release> with alpine-sdk */
  source?: ImageSource;
  namePrefix?: string;
  signal?: AbortSignal;
  cwd?: string;
  /** the live summary's redraw interval */
  refreshMs?: number;
}

export class UsageError extends Error {}

const USAGE = 'usage: apkbuild-ls build [DIR...] [--arch a,b|all] [--changed-since REV] [--release edge|3.xx] [--jobs N] [--concurrency N] [--format text|json] [--force] [--repodest DIR] [--aports DIR] [--plan-file FILE] [--engine SPEC] [--packager NAME] [--base-image IMAGE] (or --plan)';

export function parseChainArgs(argv: readonly string[]): ChainCliOptions {
  const o: ChainCliOptions = { dirs: [], release: 'edge', format: 'text', force: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') && eq !== -1 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      const v = arg.startsWith('--') && eq !== -1 ? arg.slice(eq + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      return v;
    };
    const count = (): number => {
      const v = value();
      if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`${name} takes a positive number, not ${v}`);
      return Number(v);
    };
    switch (name) {
      case '--arch': {
        const arches = value().split(',').map((a) => a.trim()).filter(Boolean).flatMap((a) => (a === 'all' ? ALPINE_ARCHES.map((x) => x.name) : [a]));
        const unknown = arches.filter((a) => !alpineArch(a));
        if (unknown.length) throw new UsageError(`unknown arch: ${unknown.join(', ')}`);
        o.arches = [...new Set([...(o.arches ?? []), ...arches])];
        break;
      }
      case '--release': {
        const v = value();
        if (!/^(edge|v?3\.[0-9]+)$/.test(v)) throw new UsageError(`--release is edge or 3.xx, not ${v}`);
        o.release = v.replace(/^v/, '');
        break;
      }
      case '--jobs': o.jobs = count(); break;
      case '--concurrency': o.concurrency = count(); break;
      case '--format': {
        const v = value();
        if (v !== 'text' && v !== 'json') throw new UsageError(`--format is text or json, not ${v}`);
        o.format = v;
        break;
      }
      case '--force': o.force = true; break;
      case '--repodest': o.repodest = value(); break;
      case '--aports': o.aportsDir = value(); break;
      case '--plan-file': o.planFile = value(); break;
      case '--changed-since': o.changedSince = value(); break;
      case '--engine': o.engine = value(); break;
      case '--packager': o.packager = value(); break;
      case '--base-image': o.baseImage = value(); break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        o.dirs.push(arg);
    }
  }
  return o;
}

function readPlanFile(file: string): ChainPlan {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read the plan ${file}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ok = (x: unknown): boolean => {
    if (!x || typeof x !== 'object' || Array.isArray(x)) return false;
    return Object.values(x).every((list) => Array.isArray(list) && list.every((i) => i && typeof i.dir === 'string' && typeof i.name === 'string' && Array.isArray(i.needs) && i.needs.every((n: unknown) => typeof n === 'string')));
  };
  if (!ok(parsed)) throw new UsageError(`${file} is not a plan: { "<arch>": [{ "dir": "main/foo", "name": "foo", "needs": [] }] }`);
  return parsed as ChainPlan;
}

const MARK: Record<PackageResult['status'], string> = { queued: '·', running: '▶', passed: '✔', failed: '✘', skipped: '↷', 'up-to-date': '=', cancelled: '⊘' };

function seconds(ms: number | undefined): string {
  return ms === undefined ? '' : `${(ms / 1000).toFixed(1)}s`;
}

/** One plain line for a package's new state. */
export function packageLine(r: PackageResult, aportsDir: string): string {
  const head = `[${r.arch}] ${r.dir}: ${r.status}`;
  switch (r.status) {
    case 'passed':
      return `${head} in ${seconds(r.durationMs)} (${r.files.map((f) => path.basename(f)).join(', ') || 'no .apk written'})`;
    case 'up-to-date':
      return `${head} (${r.version ?? ''}, not rebuilt)`;
    case 'failed':
      return `${head}${r.durationMs !== undefined ? ` after ${seconds(r.durationMs)}` : ''}: ${errorText(r, aportsDir)}`;
    case 'skipped':
    case 'cancelled':
      return r.reason && r.reason !== r.status ? `${head}: ${r.reason}` : head;
    default:
      return head;
  }
}

/** `main/foo/APKBUILD:13:2: message`: the first error where it is in the APKBUILD. */
export function errorText(r: PackageResult, aportsDir: string): string {
  if (!r.error) return r.reason ?? 'failed';
  const file = path.relative(aportsDir, r.error.apkbuild) || r.error.apkbuild;
  const at = r.error.range ? `${file}:${r.error.range.start.line + 1}:${r.error.range.start.character + 1}: ` : '';
  return `${at}${r.error.message}`;
}

/** The live view: one line per arch with every package's mark, the running one with its time. */
export function archSummary(arch: string, packages: readonly PackageResult[], now: number, runningSince: ReadonlyMap<string, number>): string {
  const parts = packages.map((p) => {
    const since = runningSince.get(`${arch}/${p.dir}`);
    return `${MARK[p.status]} ${p.name}${p.status === 'running' && since !== undefined ? ` ${Math.floor((now - since) / 1000)}s` : ''}`;
  });
  const finished = packages.filter((p) => !['queued', 'running'].includes(p.status)).length;
  return `${arch.padEnd(8)} ${finished}/${packages.length}  ${parts.join('  ')}`;
}

function jsonResult(result: ChainResult, aportsDir: string, arches: string[]) {
  return {
    ok: result.ok,
    aports: aportsDir,
    repodest: result.repodest,
    arches,
    durationMs: result.durationMs,
    unavailable: result.unavailable,
    packages: result.packages.map((p) => ({ ...p, error: p.error ? { ...p.error, range: p.error.range ? { start: { line: p.error.range.start.line + 1, column: p.error.range.start.character + 1 }, end: { line: p.error.range.end.line + 1, column: p.error.range.end.character + 1 } } : undefined } : undefined })),
  };
}

export async function runChainCli(argv: readonly string[], io: ChainCliIo): Promise<number> {
  let options: ChainCliOptions;
  let plan: ChainPlan;
  let aportsDir: string;
  let endpoint: Endpoint | undefined;
  let rootless: boolean | undefined;
  const cwd = io.cwd ?? process.cwd();
  try {
    options = parseChainArgs(argv);
    if (options.engine) {
      const e = parseEndpoint(options.engine);
      if (!e) throw new UsageError(`--engine: not an engine: ${options.engine}`);
      endpoint = e;
    }
    const dirs = options.dirs.map((d) => path.resolve(cwd, d));
    aportsDir = path.resolve(cwd, options.aportsDir ?? (dirs.length ? path.dirname(path.dirname(dirs[0])) : '.'));
    const arches = options.arches ?? (options.planFile ? undefined : [alpineArchOfMachine(process.arch) ?? process.arch]);
    if (options.planFile) {
      const full = readPlanFile(path.resolve(cwd, options.planFile));
      plan = arches ? Object.fromEntries(arches.map((a) => [a, full[a] ?? []])) : full;
    } else {
      if (!dirs.length && !options.changedSince) throw new UsageError(`no packages: name package directories or --changed-since REV\n${USAGE}`);
      if (io.planner) plan = await io.planner({ dirs, arches: arches!, aportsDir, changedSince: options.changedSince });
      else {
        const planned = await planChain({ dirs, arches: arches!, changedSince: options.changedSince, cwd });
        plan = planned.plan;
        if (!options.aportsDir) aportsDir = planned.aportsDir;
        if (options.format === 'text') for (const note of planned.notes) io.stderr.write(`apkbuild-ls build: note: ${note}\n`);
      }
    }
    for (const list of Object.values(plan)) for (const item of list) for (const dir of [item.dir, ...item.needs]) relativeDir(aportsDir, dir);
  } catch (err) {
    io.stderr.write(`apkbuild-ls build: ${err instanceof Error ? err.message : String(err)}\n`);
    if (err instanceof UsageError && !/usage:/.test(err.message)) io.stderr.write(`${USAGE}\n`);
    return 2;
  }

  const arches = Object.keys(plan);
  if (arches.some((a) => plan[a].length > 0)) {
    // the engine asked for, or podman then docker: found by running them, with the fix when none works
    const choice = await chooseEngine(endpoint ?? 'auto');
    if (!choice.chosen) {
      for (const line of describeEngineChoice(choice)) io.stderr.write(`apkbuild-ls build: ${line}\n`);
      return 2;
    }
    endpoint = choice.chosen.endpoint;
    rootless = choice.chosen.rootless;
  }
  const live = options.format === 'text' && io.stdout.isTTY === true;
  const current = new Map<string, PackageResult>();
  const runningSince = new Map<string, number>();
  for (const arch of arches) for (const i of plan[arch]) current.set(`${arch}/${path.isAbsolute(i.dir) ? path.relative(aportsDir, i.dir) : i.dir}`, { arch, dir: i.dir, name: i.name, status: 'queued', files: [] });

  let drawn = 0;
  const draw = () => {
    if (!live) return;
    const now = Date.now();
    const lines = arches.map((a) => archSummary(a, [...current.values()].filter((p) => p.arch === a), now, runningSince));
    io.stdout.write((drawn ? `\x1b[${drawn}F` : '') + lines.map((l) => `\x1b[2K${l}\n`).join(''));
    drawn = lines.length;
  };
  const onEvent = (e: ChainEvent) => {
    if (e.type === 'package') {
      const key = `${e.result.arch}/${e.result.dir}`;
      if (e.result.status === 'running') runningSince.set(key, Date.now());
      current.set(key, e.result);
      if (live) draw();
      else if (options.format === 'text' && e.result.status !== 'queued') io.stdout.write(packageLine(e.result, aportsDir) + '\n');
    } else if (e.type === 'line') {
      if (options.format === 'text' && !live) io.stdout.write(`[${e.arch}${e.dir ? ' ' + e.dir : ''}] ${hostPaths(e.line, aportsDir)}\n`);
    } else if (e.type === 'arch' && e.state === 'unavailable') {
      if (options.format === 'text' && !live) io.stdout.write(`[${e.arch}] not runnable here: ${e.reason}\n`);
    }
  };

  draw();
  const timer = live ? setInterval(draw, io.refreshMs ?? 1000) : undefined;
  let result: ChainResult;
  try {
    result = await runChain({
      aportsDir,
      plan,
      release: options.release,
      // the builder-image name the apkbuild.build.baseImage setting uses too
      source: io.source ?? (options.baseImage ? preparedImageSource(options.baseImage, 'localhost/apkbuild-builder-custom') : alpineImageSource()),
      endpoint: endpoint ?? { engine: 'podman' },
      rootless,
      repodest: options.repodest ? path.resolve(cwd, options.repodest) : undefined,
      concurrency: options.concurrency,
      cpus: options.jobs,
      packager: options.packager,
      namePrefix: io.namePrefix,
      force: options.force,
      signal: io.signal,
    }, onEvent);
  } catch (err) {
    if (timer) clearInterval(timer);
    io.stderr.write(`apkbuild-ls build: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  if (timer) clearInterval(timer);
  draw();

  if (options.format === 'json') {
    io.stdout.write(JSON.stringify(jsonResult(result, aportsDir, arches), null, 2) + '\n');
  } else {
    const count = (s: PackageResult['status']) => result.packages.filter((p) => p.status === s).length;
    if (live) for (const p of result.packages.filter((x) => x.status === 'failed')) io.stdout.write(`${packageLine(p, aportsDir)}\n`);
    for (const u of result.unavailable) if (live) io.stdout.write(`[${u.arch}] not runnable here: ${u.reason}\n`);
    const parts = (['passed', 'up-to-date', 'failed', 'skipped', 'cancelled'] as const).filter((s) => count(s) > 0).map((s) => `${count(s)} ${s}`);
    io.stdout.write(`${result.ok ? 'ok' : 'FAILED'}: ${parts.join(', ') || 'nothing to build'} on ${arches.join(', ')} in ${seconds(result.durationMs)}; packages in ${result.repodest}\n`);
  }
  return result.ok ? 0 : 1;
}

/**
 * The io of a real terminal: this process's stdout and stderr, and Ctrl-C (SIGINT) or SIGTERM
 * cancelling the builds (containers removed) instead of killing the process outright.
 */
export function processIo(extra: Partial<ChainCliIo> = {}): ChainCliIo & { dispose: () => void } {
  const controller = new AbortController();
  const cancel = () => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\napkbuild-ls build: cancelling (again to quit at once)\n');
    controller.abort();
  };
  process.on('SIGINT', cancel);
  process.on('SIGTERM', cancel);
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    signal: controller.signal,
    ...extra,
    dispose: () => {
      process.off('SIGINT', cancel);
      process.off('SIGTERM', cancel);
    },
  };
}
