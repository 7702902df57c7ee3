// Which arches to offer and pre-select for a build: pure, from the APKBUILD's arch= and what the
// host (or a mapped endpoint) can run.
import { ALPINE_ARCHES } from './arches';
import { archAllows } from '../apkbuild/arch';
import { ArchField } from './arch-filter';
import { Runnability } from './runnable';

export interface ArchOption {
  arch: string;
  /** arch= allows it (or arch= is not known statically) */
  allowed: boolean;
  /** runnable locally, or sent to a mapped endpoint (checked when the build starts) */
  runnable: boolean;
  detail: string;
}

export function archOptions(field: ArchField, runnability: (arch: string) => Runnability, mapped: Record<string, string>): ArchOption[] {
  return ALPINE_ARCHES.map(({ name }) => {
    const allowed = field.words === undefined || archAllows(field.words, name);
    if (mapped[name]) return { arch: name, allowed, runnable: true, detail: `on ${mapped[name]}` };
    const r = runnability(name);
    const detail = !allowed ? 'excluded by arch=' : r.runnable ? (r.how === 'native' ? 'native' : 'QEMU emulation') : 'not runnable here';
    return { arch: name, allowed, runnable: r.runnable, detail };
  });
}

/** apkbuild.buildAll: every arch the APKBUILD allows and the host can run. */
export function buildAllArches(options: readonly ArchOption[]): string[] {
  return options.filter((o) => o.allowed && o.runnable).map((o) => o.arch);
}

/** The quick pick's pre-selection: the last choice still offered, else the host's arch. */
export function preselected(options: readonly ArchOption[], last: readonly string[] | undefined, hostArch: string): string[] {
  const offered = new Set(options.filter((o) => o.allowed).map((o) => o.arch));
  const kept = (last ?? []).filter((a) => offered.has(a));
  if (kept.length) return kept;
  return offered.has(hostArch) ? [hostArch] : options.filter((o) => o.allowed && o.runnable).slice(0, 1).map((o) => o.arch);
}
