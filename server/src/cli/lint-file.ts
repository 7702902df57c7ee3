import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeText, lintTextSync, notTextFinding } from '../lint';
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

/** Reads and lints one file; I/O problems come back as an error, never as an exception. */
export function lintPath(file: string, config: LintConfig | undefined, env: NodeJS.ProcessEnv, extra: PathOptions = {}): FileResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { file, error: `${file}: cannot read: ${errorText(e)}` };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    const why = bytes.includes(0) ? 'binary file (NUL bytes): not linted' : 'not valid UTF-8: not linted';
    return { file, findings: notTextFinding(file, why, { env }) };
  }
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
  try {
    return { file, findings: lintTextSync(text, { path: file, tree, config, env, packageFiles, base: extra.base, only: extra.only }) };
  } catch (e) {
    if (e instanceof ConfigError) return { file, error: e.message };
    return { file, error: `${file}: internal error while linting: ${(e as Error).stack ?? e}` };
  }
}
