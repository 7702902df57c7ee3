import { parentPort, workerData } from 'node:worker_threads';
import { initParser } from '../parser/parser';
import type { LintConfig } from '../rules/config';
import { lintPath } from './lint-file';

/** A worker thread: lints the files the main thread sends, answers with results in batches. */
interface Data {
  config?: LintConfig;
  env: NodeJS.ProcessEnv;
}

const { config, env } = workerData as Data;
const ready = initParser();

parentPort!.on('message', async (files: string[] | null) => {
  if (files === null) {
    process.exit(0);
  }
  await ready;
  parentPort!.postMessage(files.map((file) => lintPath(file, config, env)));
});
