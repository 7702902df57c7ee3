import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FileResult } from '../cli/lint-file';
import { errorText } from '../cli/discover';
import { analyzeText, contextFor, decodeText, notTextFinding } from '../lint';
import type { BaseRevision } from '../rules/change-context';
import { ConfigError, findConfig, LintConfig } from '../rules/config';
import { runRules } from '../rules/engine';
import { treeIndexFor } from '../workspace/fs-tree-index';

export interface BaseLintOptions {
  config?: LintConfig;
  env: NodeJS.ProcessEnv;
  /** only these rule codes */
  only?: ReadonlySet<string>;
}

/**
 * Reads and lints one APKBUILD like `lintPath`, with the package's base revision in the rule
 * context so that the change rules (AC*) can compare. I/O problems come back as an error.
 * Needs the parser (`initParser()`).
 */
export function lintWithBase(file: string, base: BaseRevision | undefined, options: BaseLintOptions): FileResult {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    return { file, error: `${file}: cannot read: ${errorText(e)}` };
  }
  const text = decodeText(bytes);
  if (text === undefined) {
    const why = bytes.includes(0) ? 'binary file (NUL bytes): not linted' : 'not valid UTF-8: not linted';
    return { file, findings: notTextFinding(file, why, { env: options.env }) };
  }
  let packageFiles: string[] | undefined;
  try {
    packageFiles = fs.readdirSync(path.dirname(file));
  } catch {
    packageFiles = undefined;
  }
  try {
    const config = options.config ?? findConfig(path.dirname(path.resolve(file)), packageFiles);
    const context = { ...contextFor({ path: file, tree: treeIndexFor(file), env: options.env, packageFiles }, config), base };
    return { file, findings: runRules(analyzeText(text), context, { config, env: options.env, only: options.only }) };
  } catch (e) {
    if (e instanceof ConfigError) return { file, error: e.message };
    return { file, error: `${file}: internal error while linting: ${(e as Error).stack ?? e}` };
  }
}
