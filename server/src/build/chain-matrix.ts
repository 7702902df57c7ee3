// The state of a chained build as a package × arch matrix, driven by the runner's events: one row
// per package in plan order, one cell per arch it is planned for. Pure: the VS Code layer renders it.
import * as path from 'node:path';
import { ChainEvent, ChainPlan, PackageResult } from './chain-types';
import type { EntryView } from './session';

export interface MatrixRow {
  dir: string;
  name: string;
  /** the arches whose plan holds this package, in the plan's arch order */
  arches: string[];
}

export interface MatrixCell {
  result: PackageResult;
  /** when the build of this cell started (running) */
  startedAt?: number;
  /** the runner's log lines of this package on this arch */
  log: string[];
}

const MAX_LOG_LINES = 50_000;
let matrices = 0;

export class ChainMatrix {
  readonly id = `chain-${++matrices}`;
  readonly rows: MatrixRow[] = [];
  private readonly cells = new Map<string, MatrixCell>();
  private readonly listeners = new Set<() => void>();
  private readonly unavailable = new Map<string, string>();
  /** `arch dir` → the rows that package needs on that arch */
  private readonly needs = new Map<string, string[]>();
  finished = false;

  /** `aportsDir` resolves the plan's relative dirs; `plan` fixes the rows and their order. */
  constructor(readonly aportsDir: string, plan: ChainPlan, readonly startedAt: number = Date.now()) {
    const byDir = new Map<string, MatrixRow>();
    for (const [arch, items] of Object.entries(plan)) {
      for (const item of items) {
        const dir = this.key(item.dir);
        let row = byDir.get(dir);
        if (!row) {
          byDir.set(dir, (row = { dir, name: item.name, arches: [] }));
          this.rows.push(row);
        }
        row.arches.push(arch);
        this.needs.set(`${arch} ${dir}`, item.needs.map((d) => this.key(d)));
        this.cells.set(`${arch} ${dir}`, { result: { arch, dir: item.dir, name: item.name, status: 'queued', files: [] }, log: [] });
      }
    }
  }

  private key(dir: string): string {
    return (path.isAbsolute(dir) ? path.relative(this.aportsDir, dir) : path.normalize(dir)).split(path.sep).join('/');
  }

  /** The host path of a row's APKBUILD. */
  apkbuildOf(dir: string): string {
    return path.join(this.aportsDir, this.key(dir), 'APKBUILD');
  }

  cell(dir: string, arch: string): MatrixCell | undefined {
    return this.cells.get(`${arch} ${this.key(dir)}`);
  }

  all(): MatrixCell[] {
    return [...this.cells.values()];
  }

  /**
   * What "Rebuild from here" builds on one arch once the run is over: the package of a cell that
   * did not pass, and every package of that arch needing it (directly or through others) that did
   * not pass either, as APKBUILD directories on the host in plan order. Empty while running, and
   * for a cell that passed or is up to date.
   */
  rebuildFrom(dir: string, arch: string): string[] {
    const start = this.key(dir);
    const ok = (d: string) => ['passed', 'up-to-date'].includes(this.cells.get(`${arch} ${d}`)?.result.status ?? 'passed');
    if (!this.finished || !this.cells.has(`${arch} ${start}`) || ok(start)) return [];
    const chosen = new Set([start]);
    for (const row of this.rows) {
      if (!row.arches.includes(arch) || chosen.has(row.dir) || ok(row.dir)) continue;
      // plan order puts a package after what it needs, so one pass sees every chain
      if (this.needs.get(`${arch} ${row.dir}`)!.some((d) => chosen.has(d))) chosen.add(row.dir);
    }
    return this.rows.filter((r) => chosen.has(r.dir)).map((r) => path.join(this.aportsDir, r.dir));
  }

  /** Why an arch did not run at all (its engine cannot run it here). */
  unavailableReason(arch: string): string | undefined {
    return this.unavailable.get(arch);
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  apply(event: ChainEvent, now: number = Date.now()): void {
    if (event.type === 'package') {
      const cell = this.cell(event.result.dir, event.result.arch);
      if (!cell) return;
      if (event.result.status === 'running') cell.startedAt = now;
      cell.result = event.result;
    } else if (event.type === 'line') {
      const cell = event.dir ? this.cell(event.dir, event.arch) : undefined;
      if (!cell) return;
      cell.log.push(event.line);
      if (cell.log.length > MAX_LOG_LINES) cell.log.splice(0, cell.log.length - MAX_LOG_LINES);
      return; // a log line changes no cell's look
    } else if (event.state === 'unavailable') {
      this.unavailable.set(event.arch, event.reason);
      for (const c of this.all()) if (c.result.arch === event.arch && c.result.status === 'queued') c.result = { ...c.result, status: 'skipped', reason: `not runnable here: ${event.reason}` };
    }
    this.changed();
  }

  /** After the run: what never started (cancelled) is marked so, and the matrix is finished. */
  finish(): void {
    for (const c of this.all()) if (c.result.status === 'queued' || c.result.status === 'running') c.result = { ...c.result, status: 'cancelled' };
    this.finished = true;
    this.changed();
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }
}

function seconds(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s === 0) return '<1s';
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}

/** How a cell is shown under its package: the arch, its status, duration, files or first error. */
export function cellView(cell: MatrixCell, now: number): EntryView {
  const r = cell.result;
  const label = r.arch;
  switch (r.status) {
    case 'queued':
      return { label, description: 'queued', tooltip: `${r.name} ${r.arch}: waiting for the packages before it`, icon: 'clock' };
    case 'running':
      return { label, description: `running ${seconds(now - (cell.startedAt ?? now))}`, tooltip: `${r.name} ${r.arch}: building`, icon: 'sync~spin' };
    case 'passed': {
      const names = r.files.map((f) => path.basename(f));
      return { label, description: `passed in ${seconds(r.durationMs ?? 0)}: ${names.join(', ') || 'no .apk written'}`, tooltip: r.files.join('\n') || 'no .apk written', icon: 'pass' };
    }
    case 'up-to-date':
      return { label, description: `up to date${r.version ? ` (${r.version})` : ''}`, tooltip: [`not rebuilt: ${r.version ?? ''} with unchanged inputs`, ...r.files].join('\n'), icon: 'pass' };
    case 'failed': {
      const what = r.error?.message ?? r.reason ?? 'failed';
      const at = r.error?.range ? ` (APKBUILD line ${r.error.range.start.line + 1})` : '';
      return { label, description: `failed${r.durationMs !== undefined ? ` after ${seconds(r.durationMs)}` : ''}: ${what}`, tooltip: `${what}${at}`, icon: 'error' };
    }
    case 'skipped':
      return { label, description: `skipped: ${r.reason ?? ''}`, tooltip: r.reason ?? 'skipped', icon: 'debug-step-over' };
    case 'cancelled':
      return { label, description: 'cancelled', tooltip: `${r.name} ${r.arch}: cancelled`, icon: 'circle-slash' };
  }
}

/** A row's own line: how many of its arches passed (or are up to date), failed, were skipped. */
export function rowSummary(matrix: ChainMatrix, row: MatrixRow): string {
  const cells = row.arches.map((a) => matrix.cell(row.dir, a)!.result.status);
  const count = (pred: (s: string) => boolean) => cells.filter(pred).length;
  const parts: string[] = [];
  const ok = count((s) => s === 'passed' || s === 'up-to-date');
  if (ok) parts.push(`${ok} passed`);
  for (const s of ['failed', 'skipped', 'running', 'queued', 'cancelled']) {
    const n = count((x) => x === s);
    if (n) parts.push(`${n} ${s}`);
  }
  return `${row.dir}: ${parts.join(', ')}`;
}

/** One line for a notification: the packages that failed or were skipped, per arch. */
export function matrixSummary(matrix: ChainMatrix): string {
  const by = (s: string) => matrix.all().filter((c) => c.result.status === s).map((c) => `${c.result.name} ${c.result.arch}`);
  const parts: string[] = [];
  for (const [status, word] of [['passed', 'passed'], ['up-to-date', 'up to date'], ['failed', 'failed'], ['skipped', 'skipped'], ['cancelled', 'cancelled']] as const) {
    const list = by(status);
    if (list.length) parts.push(`${word}: ${list.join(', ')}`);
  }
  return parts.join('; ') || 'nothing was built';
}

export interface ChainDiagnostic {
  /** host path of the failed package's APKBUILD */
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
  kind: string;
}

/** The first error of every failed cell, in that package's APKBUILD (line 1 when the log names no line). */
export function chainDiagnostics(matrix: ChainMatrix): ChainDiagnostic[] {
  const out: ChainDiagnostic[] = [];
  for (const c of matrix.all()) {
    const r = c.result;
    if (r.status !== 'failed') continue;
    const file = r.error?.apkbuild ?? matrix.apkbuildOf(r.dir);
    const range = r.error?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    out.push({ file, range, message: `${r.error?.message ?? r.reason ?? 'build failed'} (${r.arch})`, kind: r.error?.kind ?? 'build' });
  }
  return out;
}
