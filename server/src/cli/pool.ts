import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { LintConfig } from '../rules/config';
import type { FileResult } from './lint-file';
import type { LintBatch } from './lint-worker';
import { allowOptimizedWasm } from './v8-flags';

const BATCH = 48;
/** Batches handed to a worker before it answers: with one waiting in its queue, a worker never
 * idles while the main thread is busy (searching the tree) or slow to answer. */
const AHEAD = 2;
/** A worker keeps about 15 MB alive over a whole aports tree. Under a heap limit this size V8
 * grows the heap in smaller steps: peak RSS of a 2-thread aports lint 280-290 -> 210 MB, same
 * CPU time. */
const OLD_GENERATION_MB = 512;

/**
 * Worker threads that lint files. They start (and load the parser) as soon as the pool is
 * created, and take files as they are added, in small batches, so that the main thread can
 * search the tree meanwhile and a slow file does not hold up one thread while another idles.
 */
export class LintPool {
  private readonly workers: Worker[] = [];
  private readonly exited: Promise<void>[] = [];
  /** batches each worker has been given and not answered yet */
  private readonly inFlight: number[] = [];
  /** workers told to exit */
  private readonly stopped: boolean[] = [];
  private readonly files: string[] = [];
  private readonly listings: (string[] | undefined)[] = [];
  private readonly results = new Map<string, FileResult>();
  /** index of the first file not handed out yet */
  private next = 0;
  private done = 0;
  /** no more files will be added */
  private complete = false;
  private onProgress?: (done: number, total: number) => void;

  constructor(jobs: number, config: LintConfig | undefined, env: NodeJS.ProcessEnv) {
    // many files: the optimising compiler's start-up cost is earned back (see v8-flags.ts)
    allowOptimizedWasm();
    const script = path.join(__dirname, 'lint-worker.js');
    for (let i = 0; i < jobs; i++) {
      const worker = new Worker(script, { workerData: { config, env }, resourceLimits: { maxOldGenerationSizeMb: OLD_GENERATION_MB } });
      this.workers.push(worker);
      this.inFlight.push(0);
      this.stopped.push(false);
      this.exited.push(
        new Promise<void>((resolve, reject) => {
          worker.on('error', reject);
          worker.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`lint worker exited with code ${code}`))));
        }),
      );
      // an exit before any work is reported by `finish`, not here
      this.exited[i].catch(() => undefined);
      worker.on('message', (batch: FileResult[]) => {
        for (const r of batch) this.results.set(r.file, r);
        this.inFlight[i]--;
        this.done += batch.length;
        this.onProgress?.(this.done, this.files.length);
        this.feed(i);
      });
    }
  }

  /** Files linted so far. */
  get linted(): number {
    return this.done;
  }

  /** Queues a file; `listing` is the names in its directory when the caller has them. */
  add(file: string, listing: string[] | undefined): void {
    this.files.push(file);
    this.listings.push(listing);
    if (this.files.length - this.next >= BATCH) for (let i = 0; i < this.workers.length; i++) this.feed(i);
  }

  /**
   * Lints what is still queued, lets the workers exit and returns every added file's result, in
   * the order the files were added.
   */
  async finish(onProgress?: (done: number, total: number) => void): Promise<FileResult[]> {
    this.complete = true;
    this.onProgress = onProgress;
    for (let i = 0; i < this.workers.length; i++) this.feed(i);
    try {
      await Promise.all(this.exited);
    } finally {
      this.close();
    }
    return this.files.map((f) => this.results.get(f)!);
  }

  /** Stops every worker (when the pool is not needed after all, or after an error). */
  close(): void {
    for (const w of this.workers) void w.terminate();
  }

  /** Gives worker i whole batches up to AHEAD, the last part batch once the files are complete,
   * and tells it to exit when nothing is left for it. */
  private feed(i: number): void {
    if (this.stopped[i]) return;
    while (this.inFlight[i] < AHEAD) {
      const left = this.files.length - this.next;
      if (left === 0 || (left < BATCH && !this.complete)) break;
      const end = this.next + Math.min(BATCH, left);
      const message: LintBatch = { files: this.files.slice(this.next, end), listings: this.listings.slice(this.next, end) };
      this.next = end;
      this.inFlight[i]++;
      this.workers[i].postMessage(message);
    }
    if (this.complete && this.next === this.files.length && this.inFlight[i] === 0) {
      this.stopped[i] = true;
      this.workers[i].postMessage(null);
    }
  }
}
