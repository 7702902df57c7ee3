// Where a parsed log event points in the APKBUILD: a 0-based range, from the engine's model.
import * as path from 'node:path';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { parseDependency } from '../apkbuild/version';
import { CONTAINER_APORTS } from './entry-script';
import { ApkbuildTarget } from './log-parser';

export interface Range0 {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

const DEPENDENCY_LISTS = ['makedepends', 'depends', 'checkdepends', 'depends_dev', 'makedepends_build', 'makedepends_host'];

function spanRange(model: Apkbuild, span: { start: number; end: number }): Range0 {
  return model.lines.range(span);
}

/** The range of a 1-based line's text, without its indentation. */
function lineRange(model: Apkbuild, line1: number): Range0 | undefined {
  const line = line1 - 1;
  if (line < 0 || line >= model.lines.lineCount) return undefined;
  const text = model.lines.lineText(line);
  const indent = text.length - text.trimStart().length;
  return { start: { line, character: indent }, end: { line, character: text.trimEnd().length } };
}

export function locateTarget(model: Apkbuild, target: ApkbuildTarget): Range0 | undefined {
  switch (target.type) {
    case 'line':
      return lineRange(model, target.line);
    case 'function': {
      const fn = model.functions.find((f) => f.name === target.name);
      return fn ? spanRange(model, fn.nameSpan) : undefined;
    }
    case 'variable': {
      const a = [...model.assignments].reverse().find((x) => x.name === target.name);
      return a ? spanRange(model, a.span) : undefined;
    }
    case 'source': {
      const s = model.sources.find((x) => x.fileName === target.name || (x.value ?? x.text).endsWith('/' + target.name) || x.text === target.name);
      return s ? spanRange(model, s.span) : undefined;
    }
    case 'checksum': {
      for (const block of model.checksums) {
        const l = block.lines.find((x) => x.fileName === target.name);
        if (l) return spanRange(model, l.span);
      }
      const s = model.sources.find((x) => x.fileName === target.name);
      return s ? spanRange(model, s.span) : undefined;
    }
    case 'dependency': {
      for (const list of DEPENDENCY_LISTS) {
        for (const a of model.assignments.filter((x) => x.name === list)) {
          const item = a.items.find((i) => (i.value !== undefined ? parseDependency(i.value)?.name : undefined) === target.name);
          if (item) return spanRange(model, item.span);
        }
      }
      return undefined;
    }
  }
}

/**
 * A compiler message's file on the host. Absolute paths inside the container's aports tree map
 * back to the tree on the host; relative ones are relative to the build directory, which is
 * abuild's default `src/<pkgname>-<pkgver>` unless the APKBUILD says otherwise.
 */
export function hostFileOf(printed: string, packageHostDir: string, packageDir: string, builddirName?: string): string {
  const inside = `${CONTAINER_APORTS}/${packageDir}/`;
  if (printed.startsWith(inside)) return path.join(packageHostDir, printed.slice(inside.length));
  if (path.isAbsolute(printed)) return printed;
  return path.join(packageHostDir, 'src', builddirName ?? '', printed);
}
