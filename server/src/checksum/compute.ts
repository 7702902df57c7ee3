import { fetchToCache } from './download';
import { hashFile, HashAlgorithm } from './hash';
import { fileInside } from './paths';
import type { PlannedSource } from './plan';
import { FetchOptions, reasonOf, throwIfCancelled } from './transfer';

export interface SourceHash {
  name: string;
  hash: string;
}

export interface HashOptions {
  /** where local sources are read */
  packageDir: string;
  /** the download cache */
  srcdest: string;
  algorithm?: HashAlgorithm;
  fetch: FetchOptions;
  /** sources fetched and hashed at once */
  parallel?: number;
  onProgress?(source: PlannedSource, state: 'fetching' | 'hashing' | 'done'): void;
}

export interface HashResult {
  /** in source order; complete only when there is no failure */
  hashes: SourceHash[];
  /** `<url or path>: <reason>`, one per failed source */
  failures: string[];
}

/** Hashes every source: local files from the package directory, remote ones from the cache, downloaded when missing. */
export async function hashSources(sources: readonly PlannedSource[], opts: HashOptions): Promise<HashResult> {
  const results: (SourceHash | undefined)[] = [];
  const failures: (string | undefined)[] = [];
  await forEachLimited(sources, opts.parallel ?? 3, async (source, i) => {
    try {
      throwIfCancelled(opts.fetch.signal);
      let file: string | undefined;
      if (source.kind === 'local') {
        file = fileInside(opts.packageDir, source.path);
        if (!file) throw new Error(`no such file in ${opts.packageDir}`);
      } else {
        opts.onProgress?.(source, 'fetching');
        file = await fetchToCache(source.url, source.name, opts.srcdest, opts.fetch);
      }
      opts.onProgress?.(source, 'hashing');
      results[i] = { name: source.name, hash: await hashFile(file, opts.algorithm) };
      opts.onProgress?.(source, 'done');
    } catch (e) {
      failures[i] = `${source.kind === 'local' ? source.path : source.url}: ${reasonOf(e)}`;
    }
  });
  return { hashes: results.filter((h): h is SourceHash => !!h), failures: failures.filter((f): f is string => !!f) };
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
