// The value a read of a variable sees where it stands, without running anything: abuild sources the
// file from the top, so a top-level read sees only the assignments above it; a phase or split
// function runs after the whole file, with its own assignments before the read on top.
import type { Apkbuild } from '../apkbuild/apkbuild';
import { assignmentsOf } from '../apkbuild/facts';
import type { Assignment } from '../apkbuild/model';

export interface ValueAt {
  value: string | undefined;
  /** the first assignment is further down (1-based line): the read sees an empty value */
  assignedBelow?: number;
}

/** What a top-level read at `offset` sees; undefined when the file never assigns the variable. */
export function topLevelValueAt(apkbuild: Apkbuild, name: string, offset: number): ValueAt | undefined {
  const all = assignmentsOf(apkbuild, name);
  if (all.length === 0) return undefined;
  let value: string | undefined = '';
  let seen = false;
  for (const a of all) {
    if (a.span.end > offset) break;
    seen = true;
    value = a.conditional ? undefined : !a.append ? a.value : value === undefined || a.value === undefined ? undefined : value + a.value;
  }
  return seen ? { value } : { value: '', assignedBelow: apkbuild.lines.lineOf(all[0].nameSpan.start) + 1 };
}

/** The function's own last assignment of the variable before `offset`, if any. */
export function ownAssignmentBefore(apkbuild: Apkbuild, functionName: string, name: string, offset: number): Assignment | undefined {
  let last: Assignment | undefined;
  for (const a of apkbuild.functionAssignments) if (a.functionName === functionName && a.name === name && a.span.end <= offset) last = a;
  return last;
}

/** What a read inside `functionName` sees: its own assignment before it, else the file's final value. */
export function functionValueAt(apkbuild: Apkbuild, functionName: string, name: string, offset: number): string | undefined {
  const own = ownAssignmentBefore(apkbuild, functionName, name, offset);
  return own ? own.value : apkbuild.env.get(name)?.value;
}
