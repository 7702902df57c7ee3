import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../rules/config';
import type { FileResult } from './lint-file';
import type { LintBatch } from './lint-worker';
import { allowOptimizedWasm } from './v8-flags';

const BATCH = 48;
/** A worker keeps about 15 MB alive over a whole aports tree. Under a heap limit this size V8
 * grows the heap in smaller steps: peak RSS of a 2-thread aports lint 280-290 -> 210 MB, same
 * CPU time. */
const OLD_GENERATION_MB = 512;

/**
 * Worker threads that lint files. They start (and load the parser) as soon as the pool is
 * created, so that the main thread can search the tree meanwhile.
 */
export class LintPool {
  private readonly workers: Worker[] = [];
  private readonly exited: Promise<void>[] = [];

  constructor(jobs: number, config: LintConfig | undefined, env: NodeJS.ProcessEnv) {
    // many files: the optimising compiler's start-up cost is earned back (see v8-flags.ts)
    allowOptimizedWasm();
    const script = path.join(__dirname, 'lint-worker.js');
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(script, { workerData: { config, env }, resourceLimits: { maxOldGenerationSizeMb: OLD_GENERATION_MB } });
      this.workers.push(worker);
      this.exited.push(
        new Promise<void>((resolve, reject) => {
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lint worker exited with code ${code}`))));
        }),
      );
      // an exit before any work is reported by `lint`, not here
      this.exited[i].catch(() => undefined);
    }
  }

  /**
   * Lints files, handing out small batches so that a slow file does not hold up one thread
   * while another idles; then lets the workers exit. Results come back in input order.
   */
  async lint(
    files: readonly string[],
    listings: ReadonlyMap<string, string[]>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<FileResult[]> {
    const results = new Map<string, FileResult>();
    let next = 0;
    let done = 0;
    const feed = (worker: Worker) => {
      if (next >= files.length) {
        worker.postMessage(null);
        return;
      }
      const batch = files.slice(next, next + BATCH);
      next += batch.length;
      const message: LintBatch = { files: batch, listings: batch.map((f) => listings.get(f)) };
      worker.postMessage(message);
    };
    for (const worker of this.workers) {
      worker.on('message', (batch: FileResult[]) => {
        for (const r of batch) results.set(r.file, r);
        done += batch.length;
        onProgress?.(done, files.length);
        feed(worker);
      });
      feed(worker);
    }
    try {
      await Promise.all(this.exited);
    } finally {
      this.close();
    }
    return files.map((f) => results.get(f)!);
  }

  /** Stops every worker (when the pool is not needed after all, or after an error). */
  close(): void {
    for (const w of this.workers) void w.terminate();
  }
}
