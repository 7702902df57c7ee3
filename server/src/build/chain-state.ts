// What a chain built before, so that an unchanged package is not built again (like buildrepo):
// per arch and package dir, the version and a hash of its inputs (the APKBUILD and its local
// source and install files) when it last passed, and the files it wrote. Kept in a small JSON
// file in REPODEST, always replaced whole (temp file + rename).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyzeText } from '../apkbuild/apkbuild';
import { initParser } from '../parser/parser';

export const STATE_FILE = '.apkbuild-chain-state.json';

export interface BuiltRecord {
  version: string;
  inputs: string;
  /** paths relative to REPODEST */
  files: string[];
  builtAt: string;
}

export interface ChainState {
  version: 1;
  builds: Record<string, BuiltRecord>;
}

export interface PackageInputs {
  /** `pkgver-rpkgrel`; undefined when not statically known (then always built) */
  version?: string;
  /** sha256 over the APKBUILD and the local files it names */
  hash: string;
}

export function stateKey(arch: string, dir: string): string {
  return `${arch}/${dir}`;
}

/** Reads the version and hashes the inputs of a package directory; the APKBUILD is only parsed. */
export async function packageInputs(packageHostDir: string): Promise<PackageInputs> {
  await initParser();
  const text = readFileSync(path.join(packageHostDir, 'APKBUILD'), 'utf8');
  const model = analyzeText(text);
  const last = (name: string) => [...model.assignments].reverse().find((a) => a.name === name && !a.functionName);
  const pkgver = last('pkgver')?.value;
  const pkgrel = last('pkgrel')?.value;
  const local = new Set<string>();
  for (const s of model.sources) if (!s.remote && s.fileName) local.add(s.fileName);
  for (const word of (last('install')?.value ?? '').split(/\s+/)) if (word) local.add(word);
  const hash = createHash('sha256').update(text);
  for (const name of [...local].sort()) {
    const file = path.join(packageHostDir, name);
    hash.update('\0').update(name).update('\0');
    // a missing local file is an input too: the build fails now and may pass once it is there
    hash.update(existsSync(file) ? readFileSync(file) : '\u0000missing');
  }
  return { version: pkgver !== undefined && pkgrel !== undefined ? `${pkgver}-r${pkgrel}` : undefined, hash: hash.digest('hex') };
}

export function readState(repodest: string): ChainState {
  try {
    const parsed = JSON.parse(readFileSync(path.join(repodest, STATE_FILE), 'utf8'));
    if (parsed && parsed.version === 1 && typeof parsed.builds === 'object') return parsed as ChainState;
  } catch {
    // no state yet, or unreadable: everything is built
  }
  return { version: 1, builds: {} };
}

/** Replaces the state file whole; on failure (a full disk) the old one stays and the error is returned. */
export function writeState(repodest: string, state: ChainState): Error | undefined {
  const file = path.join(repodest, STATE_FILE);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, JSON.stringify(state, null, 1) + '\n');
    renameSync(temp, file);
    return undefined;
  } catch (err) {
    rmSync(temp, { force: true });
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** The files of an earlier build when it is still current: same version, same inputs, files all there. */
export function upToDate(state: ChainState, repodest: string, arch: string, dir: string, inputs: PackageInputs): string[] | undefined {
  const record = state.builds[stateKey(arch, dir)];
  if (!record || inputs.version === undefined || record.version !== inputs.version || record.inputs !== inputs.hash) return undefined;
  const files = record.files.map((f) => path.join(repodest, f));
  return files.length > 0 && files.every((f) => existsSync(f)) ? files : undefined;
}
