import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../rules/config';
import type { FileResult } from './lint-file';
import type { LintBatch } from './lint-worker';

const BATCH = 48;

/**
 * Lints files on `jobs` worker threads, handing out small batches so that a slow file does not
 * hold up one thread while the other idles. Results come back in input order.
 */
export async function lintInWorkers(
  files: readonly string[],
  listings: ReadonlyMap<string, string[]>,
  jobs: number,
  config: LintConfig | undefined,
  env: NodeJS.ProcessEnv,
  onProgress?: (done: number, total: number) => void,
): Promise<FileResult[]> {
  const results = new Map<string, FileResult>();
  let next = 0;
  let done = 0;
  const script = path.join(__dirname, 'lint-worker.js');
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(jobs, Math.ceil(files.length / BATCH)) }, () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(script, { workerData: { config, env } });
          workers.push(worker);
          const feed = () => {
            if (next >= files.length) {
              worker.postMessage(null);
              return;
            }
            const batch = files.slice(next, next + BATCH);
            next += batch.length;
            const message: LintBatch = { files: batch, listings: batch.map((f) => listings.get(f)) };
            worker.postMessage(message);
          };
          worker.on('message', (batch: FileResult[]) => {
            for (const r of batch) results.set(r.file, r);
            done += batch.length;
            onProgress?.(done, files.length);
            feed();
          });
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lint worker exited with code ${code}`))));
          feed();
        }),
      ),
    );
  } finally {
    for (const w of workers) void w.terminate();
  }
  return files.map((f) => results.get(f)!);
}
