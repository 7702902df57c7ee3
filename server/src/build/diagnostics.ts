// Build problems as editor diagnostics: each log event that points into the APKBUILD (or at a
// compiled file) becomes one entry; the same problem on several arches is one entry naming them.
import * as path from 'node:path';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { hostFileOf, locateTarget, Range0 } from './locate';
import { LogEvent } from './log-parser';

export interface BuildDiagnostic {
  file: string;
  range: Range0;
  message: string;
  severity: 'error' | 'warning';
  arches: string[];
  kind: LogEvent['kind'];
}

export function buildDiagnostics(
  problems: readonly { arch: string; event: LogEvent }[],
  apkbuildPath: string,
  model: Apkbuild,
  packageDir: string,
): BuildDiagnostic[] {
  const pkgHostDir = path.dirname(apkbuildPath);
  const builddir = model.assignments.find((a) => a.name === 'builddir')?.value?.replace(/^\$srcdir\/?/, '') ?? undefined;
  const pkgname = model.assignments.find((a) => a.name === 'pkgname')?.value;
  const pkgver = model.assignments.find((a) => a.name === 'pkgver')?.value;
  const builddirName = builddir && !builddir.includes('$') ? builddir : pkgname && pkgver ? `${pkgname}-${pkgver}` : undefined;
  const byKey = new Map<string, BuildDiagnostic>();
  for (const { arch, event } of problems) {
    let file: string | undefined;
    let range: Range0 | undefined;
    if (event.target) {
      range = locateTarget(model, event.target);
      file = apkbuildPath;
    } else if (event.file) {
      file = hostFileOf(event.file.path, pkgHostDir, packageDir, builddirName);
      const line = event.file.line - 1;
      const character = Math.max(0, (event.file.column ?? 1) - 1);
      range = { start: { line, character }, end: { line, character: character + 1 } };
    }
    if (!file || !range) continue;
    const key = JSON.stringify([file, range, event.message, event.severity]);
    const existing = byKey.get(key);
    if (existing) {
      if (!existing.arches.includes(arch)) existing.arches.push(arch);
      continue;
    }
    byKey.set(key, { file, range, message: event.message, severity: event.severity, arches: [arch], kind: event.kind });
  }
  return [...byKey.values()];
}

export function diagnosticText(d: BuildDiagnostic): string {
  return `${d.message} (${d.arches.join(', ')})`;
}
