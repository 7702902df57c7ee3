import type { Apkbuild } from '../apkbuild/apkbuild';
import { valueOf } from '../apkbuild/facts';
import type { SourceHash } from './compute';
import type { HashAlgorithm } from './hash';

export interface ListedSums {
  kind: 'sha512sums' | 'sha256sums';
  algorithm: HashAlgorithm;
  entries: SourceHash[];
}

/** The checksums abuild checks against, `${sha512sums:-$sha256sums}`, as the shell splits them into words. */
export function listedSums(apkbuild: Apkbuild): ListedSums | { error: string } {
  // an unassigned variable is empty; an assigned one may be unknown
  const value = (name: string) => (apkbuild.env.has(name) ? valueOf(apkbuild, name) : '');
  const sha512 = value('sha512sums');
  const sha256 = value('sha256sums');
  if (sha512 === undefined) return { error: 'sha512sums cannot be expanded statically' };
  const useSha256 = sha512.trim() === '' && sha256 !== undefined && sha256.trim() !== '';
  const kind = useSha256 ? 'sha256sums' : 'sha512sums';
  const words = (useSha256 ? sha256 : sha512).split(/\s+/).filter(Boolean);
  if (words.length % 2) return { error: `${kind} has an odd number of words: each line must be "<hash>  <file name>"` };
  const entries: SourceHash[] = [];
  for (let i = 0; i < words.length; i += 2) {
    const [hash, name] = words.slice(i, i + 2);
    // sha512sum escapes a name with a backslash and marks its line with a leading one
    entries.push(hash.startsWith('\\') ? { hash: hash.slice(1), name: name.replace(/\\\\/g, '\\') } : { hash, name });
  }
  return { kind, algorithm: useSha256 ? 'sha256' : 'sha512', entries };
}

export interface VerifyReport {
  /** sources without a checksum */
  missing: string[];
  /** checksums of files that are not in source */
  orphan: string[];
  /** listed more than once */
  duplicate: string[];
  mismatch: { name: string; listed: string; actual: string }[];
  /** names and hashes agree but not in source order: abuild compares the n-th checksum with the n-th source */
  outOfOrder: boolean;
}

export function compareSums(listed: readonly SourceHash[], actual: readonly SourceHash[]): VerifyReport {
  const byName = new Map<string, string>();
  const duplicate: string[] = [];
  for (const e of listed) {
    if (byName.has(e.name)) duplicate.push(e.name);
    else byName.set(e.name, e.hash.toLowerCase());
  }
  const sourceNames = new Set(actual.map((a) => a.name));
  const report: VerifyReport = { missing: [], orphan: [], duplicate, mismatch: [], outOfOrder: false };
  for (const a of actual) {
    const hash = byName.get(a.name);
    if (hash === undefined) report.missing.push(a.name);
    else if (hash !== a.hash) report.mismatch.push({ name: a.name, listed: hash, actual: a.hash });
  }
  for (const name of byName.keys()) if (!sourceNames.has(name)) report.orphan.push(name);
  report.outOfOrder =
    !report.missing.length && !report.orphan.length && !duplicate.length && listed.some((e, i) => e.name !== actual[i]?.name);
  return report;
}

export function isClean(r: VerifyReport): boolean {
  return !r.missing.length && !r.orphan.length && !r.duplicate.length && !r.mismatch.length && !r.outOfOrder;
}
