// What a chained build takes and reports. The build plan (which packages, in which order, per
// arch) comes from the planner; the runner only follows it.
import type { Range0 } from './locate';
import type { LogEventKind } from './log-parser';

/** One package of an arch's plan, in build order. */
export interface ChainItem {
  /** the package directory, relative to the aports tree (`main/foo`) or absolute inside it */
  dir: string;
  /** pkgname */
  name: string;
  /** dirs of the packages of this plan it depends on (built before it) */
  needs: string[];
}

/** arch → its ordered list */
export type ChainPlan = Record<string, ChainItem[]>;

export type PackageStatus = 'queued' | 'running' | 'passed' | 'failed' | 'skipped' | 'up-to-date' | 'cancelled';

/** The first error of a failed build, mapped into that package's APKBUILD when it points there. */
export interface ChainError {
  kind: LogEventKind | 'engine';
  message: string;
  /** host path of the package's APKBUILD */
  apkbuild: string;
  /** 0-based range in the APKBUILD */
  range?: Range0;
}

export interface PackageResult {
  arch: string;
  dir: string;
  name: string;
  status: PackageStatus;
  /** why skipped (`needs b`), or the engine's own failure */
  reason?: string;
  durationMs?: number;
  /** host paths of the .apk files the build wrote (for up-to-date ones: what it wrote before) */
  files: string[];
  error?: ChainError;
  /** `pkgver-rpkgrel` as read from the APKBUILD */
  version?: string;
}

export type ChainEvent =
  | { type: 'package'; result: PackageResult }
  | { type: 'line'; arch: string; dir: string | undefined; line: string }
  | { type: 'arch'; arch: string; state: 'preparing' | 'started' | 'finished'; container?: string }
  | { type: 'arch'; arch: string; state: 'unavailable'; reason: string };

export interface ChainResult {
  repodest: string;
  /** every package of every arch's plan, in plan order per arch */
  packages: PackageResult[];
  unavailable: { arch: string; reason: string }[];
  /** every planned build passed or was already up to date */
  ok: boolean;
  durationMs: number;
}
