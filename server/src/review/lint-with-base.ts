import { FileResult, lintPath } from '../cli/lint-file';
import type { BaseRevision } from '../rules/change-context';
import type { LintConfig } from '../rules/config';

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
  return lintPath(file, options.config, options.env, { base, only: options.only });
}
