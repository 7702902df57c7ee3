import type { Apkbuild } from '../apkbuild/apkbuild';
import { definitionOf } from '../apkbuild/facts';
import type { Span } from '../apkbuild/span';
import type { RuleContext } from './types';

/**
 * What the change rules (AC*) know about the package before the change under review: set by
 * `apkbuild-ls lint --changed-since REV` (and by the fixture tests), absent otherwise, so every
 * change rule is silent on a plain lint. Not a rule file: it registers no rule.
 */
export interface BaseRevision {
  /** the APKBUILD at the base revision, analysed */
  apkbuild: Apkbuild;
  /** where that APKBUILD was, as an absolute path in the work tree: another directory when the
   * package moved (`main/foo/APKBUILD` → `community/foo/APKBUILD`) */
  path: string;
  /** files of the package the change added, modified, renamed or deleted: names relative to the
   * package directory, `APKBUILD` among them when it changed */
  changedFiles: readonly string[];
  /** packages of the tree (as it is after the change) in `repos` whose depends, makedepends or
   * checkdepends name one of `names`; read lazily, only by the rule that needs it */
  dependents?(names: readonly string[], repos: readonly string[]): Dependent[];
}

export interface Dependent {
  repo: string;
  pkgname: string;
  /** absolute package directory */
  dir: string;
  variable: 'depends' | 'makedepends' | 'checkdepends';
  /** the entry as written, e.g. `libfoo-dev>=1.2` */
  entry: string;
}

/** The base revision of a review, when the lint runs as one. (Reads `context.base`; typed here
 * so that RuleContext needs no more than an optional field.) */
export function baseOf(context: RuleContext): BaseRevision | undefined {
  return (context as RuleContext & { base?: BaseRevision }).base;
}

export interface KnownValue {
  value: string;
  /** the value as written (quotes included); the name when the value is empty */
  span: Span;
}

/** A top-level variable whose value is statically known, with where it is written. */
export function knownValue(apkbuild: Apkbuild, name: string): KnownValue | undefined {
  const a = definitionOf(apkbuild, name);
  if (!a || a.value === undefined || a.conditional) return undefined;
  return { value: a.value, span: a.valueSpan.end > a.valueSpan.start ? a.valueSpan : a.nameSpan };
}

export interface PackageVersion {
  pkgver: KnownValue;
  pkgrel: KnownValue & { number: number };
  /** `pkgver-rpkgrel` */
  full: string;
}

/** pkgver and pkgrel when both are known and pkgrel is a plain number. */
export function versionOf(apkbuild: Apkbuild): PackageVersion | undefined {
  const pkgver = knownValue(apkbuild, 'pkgver');
  const pkgrel = knownValue(apkbuild, 'pkgrel');
  if (!pkgver || !pkgrel || pkgver.value === '' || !/^\d+$/.test(pkgrel.value)) return undefined;
  return { pkgver, pkgrel: { ...pkgrel, number: Number(pkgrel.value) }, full: `${pkgver.value}-r${Number(pkgrel.value)}` };
}
