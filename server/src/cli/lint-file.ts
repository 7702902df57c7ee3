import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Apkbuild } from '../apkbuild/apkbuild';
import { analyzeText, lintApkbuild, LintOptions, notTextFinding, readText } from '../lint';
import { ConfigError, LintConfig } from '../rules/config';
import type { BaseRevision } from '../rules/change-context';
import type { Finding } from '../rules/engine';
import { treeIndexFor } from '../workspace/fs-tree-index';
import { errorText } from './discover';

export type FileResult = { file: string; findings: Finding[] } | { file: string; error: string };

export interface PathOptions {
  /** the package at the base revision of a review */
  base?: BaseRevision;
  /** only these rule codes */
  only?: ReadonlySet<string>;
  /** the names in the file's directory when the caller has listed it already */
  packageFiles?: string[];
}

/** A file read and analysed, its rules not run yet. */
interface Analysed {
  apkbuild: Apkbuild;
  options: LintOptions;
}

/** Reads and lints one file; I/O problems come back as an error, never as an exception. */
export function lintPath(file: string, config: LintConfig | undefined, env: NodeJS.ProcessEnv, extra: PathOptions = {}): FileResult {
  const analysed = analysePath(file, config, env, extra);
  return 'apkbuild' in analysed ? runRulesOn(file, analysed) : analysed;
}

/** How much APKBUILD text is analysed before the rules run on it: a usual batch of files fits whole,
 * while big files (a 1 MB APKBUILD's model is ~100x its text) are checked as they come. */
const PASS_CHARS = 256 * 1024;

/**
 * Lints files like lintPath, in two passes over each part: the files are read, parsed and analysed
 * before the rules run on any of them, so that each pass keeps its own code and data in the CPU's
 * caches (the worker threads' batches take about 5% less CPU this way than file by file).
 */
export function lintPaths(files: readonly string[], config: LintConfig | undefined, env: NodeJS.ProcessEnv, extras: readonly PathOptions[]): FileResult[] {
  const results: FileResult[] = [];
  let waiting: { index: number; analysed: Analysed }[] = [];
  let chars = 0;
  const check = () => {
    for (const { index, analysed } of waiting) results[index] = runRulesOn(files[index], analysed);
    waiting = [];
    chars = 0;
  };
  files.forEach((file, index) => {
    const a = analysePath(file, config, env, extras[index]);
    if (!('apkbuild' in a)) {
      results[index] = a;
      return;
    }
    waiting.push({ index, analysed: a });
    chars += a.apkbuild.text.length;
    if (chars >= PASS_CHARS) check();
  });
  check();
  return results;
}

function analysePath(file: string, config: LintConfig | undefined, env: NodeJS.ProcessEnv, extra: PathOptions = {}): Analysed | FileResult {
  let text: ReturnType<typeof readText>;
  try {
    text = readText(file);
  } catch (e) {
    return { file, error: `${file}: cannot read: ${errorText(e)}` };
  }
  if (typeof text !== 'string') return { file, findings: notTextFinding(file, text.notText, { env }) };
  let packageFiles = extra.packageFiles;
  if (!packageFiles) {
    try {
      packageFiles = fs.readdirSync(path.dirname(file));
    } catch {
      packageFiles = undefined;
    }
  }
  const tree = treeIndexFor(file);
  if (tree && path.basename(file) === 'APKBUILD') tree.apkbuildRead(path.dirname(path.resolve(file)));
  const options: LintOptions = { path: file, tree, config, env, packageFiles, base: extra.base, only: extra.only };
  try {
    return { apkbuild: analyzeText(text), options };
  } catch (e) {
    return internalError(file, e);
  }
}

function runRulesOn(file: string, { apkbuild, options }: Analysed): FileResult {
  try {
    return { file, findings: lintApkbuild(apkbuild, options) };
  } catch (e) {
    if (e instanceof ConfigError) return { file, error: e.message };
    return internalError(file, e);
  }
}

function internalError(file: string, e: unknown): FileResult {
  return { file, error: `${file}: internal error while linting: ${(e as Error).stack ?? e}` };
}
