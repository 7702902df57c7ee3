// apkbuild.updateChecksums: hashes the sources of an open APKBUILD (downloading into the abuild
// cache when needed) and returns the edits that rewrite its sha512sums block. The caller applies
// them through workspace/applyEdit, so the change is one undoable edit in the editor.
import * as path from 'node:path';
import { hashSources } from '../checksum/compute';
import { checksumEdits } from '../checksum/edit';
import { planSources } from '../checksum/plan';
import { DEFAULT_FETCH_OPTIONS, FetchOptions } from '../checksum/transfer';
import type { FeatureDocument } from '../features/document';
import type { TextEdit } from '../rules/types';

export interface ChecksumProgress {
  /** sources finished, of `total`, and bytes downloaded so far */
  (done: number, total: number, bytes: number, current?: string): void;
}

export interface ChecksumUpdateOptions {
  srcdest: string;
  signal?: AbortSignal;
  onProgress?: ChecksumProgress;
  fetch?: Partial<FetchOptions>;
}

export type ChecksumUpdate = { edits: TextEdit[] } | { errors: string[]; cancelled?: boolean };

export async function checksumUpdate(doc: FeatureDocument, options: ChecksumUpdateOptions): Promise<ChecksumUpdate> {
  if (!doc.fsPath) return { errors: ['the APKBUILD is not a file on disk: local sources cannot be found'] };
  const problem = doc.apkbuild.syntaxProblems[0];
  if (problem) return { errors: [`line ${doc.apkbuild.lines.lineOf(problem.span.start) + 1}: ${problem.message}: the shell would reject this file`] };
  const plan = planSources(doc.apkbuild);
  if (plan.errors.length) return { errors: plan.errors };
  const total = plan.sources.length;
  let done = 0;
  let bytes = 0;
  options.onProgress?.(0, total, 0);
  const result = await hashSources(plan.sources, {
    packageDir: path.dirname(doc.fsPath),
    srcdest: options.srcdest,
    fetch: {
      ...DEFAULT_FETCH_OPTIONS,
      ...options.fetch,
      signal: options.signal,
      onBytes: (n) => {
        bytes += n;
        options.onProgress?.(done, total, bytes);
      },
    },
    onProgress: (source, state) => {
      if (state === 'done') done++;
      options.onProgress?.(done, total, bytes, source.name);
    },
  });
  if (options.signal?.aborted) return { errors: [], cancelled: true };
  if (result.failures.length) return { errors: result.failures };
  return { edits: checksumEdits(doc.text, doc.apkbuild, result.hashes) };
}
