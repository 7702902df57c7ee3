// The edits behind apkbuild.bumpPkgver and apkbuild.bumpPkgrel: pure, on the model.
import type { Apkbuild } from '../apkbuild/apkbuild';
import { definitionOf } from '../apkbuild/facts';
import type { Assignment } from '../apkbuild/model';
import { isValidPkgver } from '../apkbuild/version';
import type { TextEdit } from '../rules/types';

export type BumpResult = { edits: TextEdit[] } | { error: string };

/** The number in a literal pkgrel value, with the text around it (its quotes) kept. */
function pkgrelOf(a: Assignment | undefined): { value: number; prefix: string; suffix: string } | undefined {
  if (!a || a.conditional) return undefined;
  const m = /^(["']?)(\d+)(["']?)$/.exec(a.raw);
  return m && m[1] === m[3] ? { value: Number(m[2]), prefix: m[1], suffix: m[3] } : undefined;
}

function setPkgrel(a: Assignment, value: number, old: { prefix: string; suffix: string }): TextEdit {
  return { span: a.valueSpan, newText: `${old.prefix}${value}${old.suffix}` };
}

/** pkgrel + 1. */
export function bumpPkgrel(apkbuild: Apkbuild): BumpResult {
  const a = definitionOf(apkbuild, 'pkgrel');
  const rel = pkgrelOf(a);
  if (!a || !rel) return { error: a ? `pkgrel is not a plain number (${a.raw || 'empty'})` : 'there is no pkgrel assignment' };
  return { edits: [setPkgrel(a, rel.value + 1, rel)] };
}

/** pkgver = version and pkgrel = 0, as after an upgrade. */
export function bumpPkgver(apkbuild: Apkbuild, version: string): BumpResult {
  if (!isValidPkgver(version)) return { error: `"${version}" is not a valid pkgver` };
  const ver = definitionOf(apkbuild, 'pkgver');
  if (!ver || ver.conditional) return { error: 'there is no unconditional pkgver assignment' };
  const edits: TextEdit[] = [];
  if (ver.raw !== version) edits.push({ span: ver.valueSpan, newText: version });
  const relAssignment = definitionOf(apkbuild, 'pkgrel');
  const rel = pkgrelOf(relAssignment);
  if (!relAssignment || !rel) return { error: relAssignment ? `pkgrel is not a plain number (${relAssignment.raw || 'empty'})` : 'there is no pkgrel assignment' };
  if (rel.value !== 0) edits.push(setPkgrel(relAssignment, 0, rel));
  return { edits };
}
