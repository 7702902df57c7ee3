import { parentPort, workerData } from 'node:worker_threads';
import { initParser } from '../parser/parser';
import type { LintConfig } from '../rules/config';
import { lintPaths } from './lint-file';

/** A worker thread: lints the files the main thread sends, answers with results in batches. */
interface Data {
  config?: LintConfig;
  env: NodeJS.ProcessEnv;
}

const { config, env } = workerData as Data;
const ready = initParser();

/** Files to lint, each with the names in its directory when the main thread has listed it. */
export interface LintBatch {
  files: string[];
  listings: (string[] | undefined)[];
}

parentPort!.on('message', async (batch: LintBatch | null) => {
  if (batch === null) {
    process.exit(0);
  }
  await ready;
  parentPort!.postMessage(lintPaths(batch.files, config, env, batch.listings.map((packageFiles) => ({ packageFiles }))));
});
