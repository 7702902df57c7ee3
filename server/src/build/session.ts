// The state of one multi-arch build, driven by the scheduler's events: what each arch is doing,
// its log, what the log says went wrong. Pure: the VS Code layer only renders it.
import * as path from 'node:path';
import { AbuildLogParser, firstError, LogEvent } from './log-parser';
import { BuildEvent } from './scheduler';

export type ArchStatus = 'queued' | 'preparing' | 'running' | 'passed' | 'failed' | 'skipped' | 'unavailable' | 'cancelled';

export interface ArchEntry {
  arch: string;
  status: ArchStatus;
  startedAt?: number;
  durationMs?: number;
  packages: string[];
  /** why skipped or unavailable, or the engine's own failure */
  reason?: string;
  exitCode?: number | null;
  log: string[];
  events: LogEvent[];
  container?: string;
}

const MAX_LOG_LINES = 50_000;
let sessions = 0;

export class BuildSession {
  private readonly entries = new Map<string, ArchEntry>();
  private readonly parsers = new Map<string, AbuildLogParser>();
  private readonly listeners = new Set<(arch: string) => void>();
  readonly id = `build-${++sessions}`;

  constructor(readonly apkbuild: string, arches: readonly string[], readonly startedAt: number = Date.now()) {
    for (const arch of arches) this.reset(arch);
  }

  private reset(arch: string): ArchEntry {
    const entry: ArchEntry = { arch, status: 'queued', packages: [], log: [], events: [] };
    this.entries.set(arch, entry);
    this.parsers.set(arch, new AbuildLogParser());
    return entry;
  }

  /** Starts an arch over (re-run): its log, events and result are forgotten. */
  restart(arch: string): void {
    this.reset(arch);
    this.changed(arch);
  }

  onChange(listener: (arch: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(arch: string): void {
    for (const l of this.listeners) l(arch);
  }

  get arches(): string[] {
    return [...this.entries.keys()];
  }

  entry(arch: string): ArchEntry | undefined {
    return this.entries.get(arch);
  }

  all(): ArchEntry[] {
    return [...this.entries.values()];
  }

  get finished(): boolean {
    return this.all().every((e) => !['queued', 'preparing', 'running'].includes(e.status));
  }

  /** Applies one scheduler event; returns the log events a `line` produced. */
  apply(event: BuildEvent): LogEvent[] {
    const entry = this.entries.get(event.arch) ?? this.reset(event.arch);
    let produced: LogEvent[] = [];
    switch (event.type) {
      case 'queued':
        entry.status = 'queued';
        break;
      case 'skipped':
        entry.status = 'skipped';
        entry.reason = event.reason;
        break;
      case 'unavailable':
        entry.status = 'unavailable';
        entry.reason = event.reason;
        break;
      case 'preparing':
        entry.status = 'preparing';
        break;
      case 'started':
        entry.status = 'running';
        entry.startedAt = event.at;
        entry.container = event.container;
        break;
      case 'line': {
        if (entry.log.length < MAX_LOG_LINES) entry.log.push(event.line);
        produced = this.parsers.get(event.arch)!.push(event.line);
        entry.events.push(...produced);
        break;
      }
      case 'finished': {
        const o = event.outcome;
        entry.durationMs = o.durationMs;
        entry.exitCode = o.exitCode;
        entry.packages = o.packages;
        if (o.status === 'failed' && entry.events.some((e) => e.kind === 'not-for-arch')) {
          entry.status = 'skipped';
          entry.reason = 'not for this arch (abuild check_arch)';
        } else {
          entry.status = o.status;
          if (o.engineError) entry.reason = o.engineError;
        }
        break;
      }
    }
    this.changed(event.arch);
    return produced;
  }

  /** Cancels what has not started; running ones end through their container. */
  cancelQueued(): void {
    for (const e of this.all()) {
      if (e.status === 'queued' || e.status === 'preparing') {
        e.status = 'cancelled';
        this.changed(e.arch);
      }
    }
  }

  /** Log events with an APKBUILD target or a file, errors and warnings, from every arch. */
  problems(): { arch: string; event: LogEvent }[] {
    return this.all().flatMap((e) => e.events.filter((ev) => ev.kind !== 'not-for-arch').map((event) => ({ arch: e.arch, event })));
  }
}

function seconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s === 0) return '<1s'; // not "0s": it did take time
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

export interface EntryView {
  label: string;
  description: string;
  tooltip: string;
  icon: 'clock' | 'sync~spin' | 'pass' | 'error' | 'debug-step-over' | 'warning' | 'circle-slash';
}

/** How an arch is shown in a list: label, short description, icon name, tooltip. */
export function viewOf(entry: ArchEntry, now: number): EntryView {
  switch (entry.status) {
    case 'queued':
      return { label: entry.arch, description: 'queued', tooltip: `${entry.arch}: waiting for a free slot`, icon: 'clock' };
    case 'preparing':
      return { label: entry.arch, description: 'preparing the builder image', tooltip: `${entry.arch}: checking or building the builder image`, icon: 'sync~spin' };
    case 'running':
      return { label: entry.arch, description: `running ${seconds(now - (entry.startedAt ?? now))}`, tooltip: `${entry.arch}: building in ${entry.container ?? 'a container'}`, icon: 'sync~spin' };
    case 'passed': {
      const names = entry.packages.map((p) => path.basename(p));
      return { label: entry.arch, description: `passed in ${seconds(entry.durationMs ?? 0)}: ${names.join(', ') || 'no .apk written'}`, tooltip: entry.packages.join('\n') || 'no .apk written', icon: 'pass' };
    }
    case 'failed': {
      const err = firstError(entry.events);
      const what = err ? err.message : entry.reason ?? `exit ${entry.exitCode}`;
      return { label: entry.arch, description: `failed: ${what}`, tooltip: [what, entry.reason].filter(Boolean).join('\n'), icon: 'error' };
    }
    case 'skipped':
      return { label: entry.arch, description: `skipped: ${entry.reason ?? ''}`, tooltip: entry.reason ?? '', icon: 'debug-step-over' };
    case 'unavailable':
      return { label: entry.arch, description: 'not runnable here', tooltip: entry.reason ?? '', icon: 'warning' };
    case 'cancelled':
      return { label: entry.arch, description: 'cancelled', tooltip: `${entry.arch}: cancelled`, icon: 'circle-slash' };
  }
}

/** One line for a notification: how many passed, failed, were skipped. */
export function summaryOf(session: BuildSession): string {
  const count = (s: ArchStatus) => session.all().filter((e) => e.status === s);
  const parts: string[] = [];
  for (const [status, word] of [['passed', 'passed'], ['failed', 'failed'], ['skipped', 'skipped'], ['unavailable', 'not runnable'], ['cancelled', 'cancelled']] as const) {
    const list = count(status);
    if (list.length) parts.push(`${word}: ${list.map((e) => e.arch).join(', ')}`);
  }
  return parts.join('; ');
}
