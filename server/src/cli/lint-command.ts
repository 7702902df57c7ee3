import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { initParser } from '../parser/parser';
import { GitError } from '../review/git';
import { lintWithBase } from '../review/lint-with-base';
import { newFindingsOnly, planReview, Review } from '../review/review';
import { LintConfig, loadConfigFile } from '../rules/config';
import type { Finding } from '../rules/engine';
import { ruleRegistry } from '../rules/registry';
import type { Severity } from '../rules/types';
import { Discovery, searchApkbuilds } from './discover';
import { formatterFor, FORMAT_NAMES } from './formatters/all';
import type { DocsReportContext } from './formatters/rule-docs';
import { FileResult, lintPath } from './lint-file';
import { writeOutput } from './output';
import { LintPool } from './pool';
import { UsageError } from './usage';
import { VERSION } from './version';

const THRESHOLD: Record<string, Severity> = { S: 'serious', I: 'important', M: 'minor', T: 'style' };
const RANK: Record<Severity, number> = { serious: 0, important: 1, minor: 2, style: 3 };
/** Below this many files, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 64;
/** How long the tree search runs before it lets the worker pool hand out more files. */
const SEARCH_SLICE_MS = 4;

export interface IO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
  /** a live view is drawn only on a terminal (build) */
  stdoutIsTTY?: boolean;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export async function lintCommand(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f', default: 'text' },
      output: { type: 'string', short: 'o' },
      severity: { type: 'string', short: 's' },
      jobs: { type: 'string', short: 'j' },
      config: { type: 'string', short: 'c' },
      'changed-since': { type: 'string' },
      'new-only': { type: 'boolean', default: false },
      'docs-url': { type: 'string' },
    },
  });
  const formatter = formatterFor(values.format!);
  if (!formatter) throw new UsageError(`unknown format "${values.format}" (known: ${FORMAT_NAMES.join(', ')})`);
  let threshold: Severity = 'style';
  if (values.severity !== undefined) {
    const s = THRESHOLD[values.severity.toUpperCase()] ?? (Object.values(THRESHOLD).includes(values.severity as Severity) ? (values.severity as Severity) : undefined);
    if (!s) throw new UsageError(`--severity takes S, I, M or T (serious, important, minor, style), not "${values.severity}"`);
    threshold = s;
  }
  let jobs = os.availableParallelism();
  if (values.jobs !== undefined) {
    jobs = Number(values.jobs);
    if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a positive integer, not "${values.jobs}"`);
  }
  const changedSince = values['changed-since'];
  if (changedSince === '') throw new UsageError('--changed-since takes a revision (a commit, branch or tag)');
  if (values['new-only'] && changedSince === undefined) throw new UsageError('--new-only needs --changed-since REV');
  if (values['docs-url'] === '') throw new UsageError('--docs-url takes the URL of the published docs/rules.md');
  const config: LintConfig | undefined = values.config ? loadConfigFile(values.config) : undefined;

  const run = changedSince !== undefined ? await lintChanges(changedSince, positionals, values['new-only']!, config, io) : await lintTree(positionals, jobs, config, io);
  if (!run) return 2;
  const { results, review } = run;
  let ioErrors = run.ioErrors;

  const findings: Finding[] = [];
  for (const r of results) {
    if ('error' in r) {
      ioErrors++;
      io.stderr(`apkbuild-ls: ${r.error}\n`);
    } else {
      for (const f of r.findings) if (RANK[f.severity] <= RANK[threshold]) findings.push(f);
    }
  }
  const reported = review && values['new-only'] ? newFindingsOnly(findings, review, io.cwd) : findings;
  const context: DocsReportContext = { rules: ruleRegistry, cwd: io.cwd, toolVersion: VERSION, docsUrl: values['docs-url'] };
  const report = formatter.render(reported, context);
  if (values.output) writeOutput(path.resolve(io.cwd, values.output), report);
  else io.stdout(report);
  if (ioErrors > 0) return 2;
  return reported.length > 0 ? 1 : 0;
}

interface Run {
  results: FileResult[];
  /** paths that could not be searched */
  ioErrors: number;
  review?: Review;
}

/** `lint [PATH...]`: the APKBUILDs found under the paths. */
async function lintTree(paths: string[], jobs: number, config: LintConfig | undefined, io: IO): Promise<Run> {
  // once it is clear there is enough work for them, worker threads start and take the files found
  // while the tree is still being searched
  let pool: LintPool | undefined;
  const early: [string, string[] | undefined][] = [];
  const search = searchApkbuilds(paths.length ? paths : ['.'], (file, listing, count) => {
    if (pool) return pool.add(file, listing);
    if (jobs === 1) return;
    early.push([file, listing]);
    if (count === PARALLEL_FROM) {
      pool = new LintPool(jobs, config, io.env);
      for (const [f, l] of early) pool.add(f, l);
    }
  });
  let step: IteratorResult<void, Discovery>;
  let paused = performance.now();
  while (!(step = search.next()).done) {
    // now and then, let the pool answer its workers
    if (pool && performance.now() - paused > SEARCH_SLICE_MS) {
      await new Promise((resolve) => setImmediate(resolve));
      paused = performance.now();
    }
  }
  const discovery = step.value;
  for (const note of discovery.notes) io.stderr(`apkbuild-ls: ${note}\n`);
  for (const error of discovery.errors) io.stderr(`apkbuild-ls: ${error}\n`);
  return { results: await lintFiles(discovery.files, discovery.listings, pool, config, io), ioErrors: discovery.errors.length };
}

/** `lint --changed-since REV [PATH...]`: the packages the change touched, each with its base
 * revision; undefined after a git error (already reported). */
async function lintChanges(rev: string, paths: string[], newOnly: boolean, config: LintConfig | undefined, io: IO): Promise<Run | undefined> {
  await initParser();
  let review: Review;
  try {
    review = planReview({ cwd: io.cwd, env: io.env, rev, paths, newOnly });
  } catch (e) {
    if (!(e instanceof GitError)) throw e;
    io.stderr(`apkbuild-ls: ${e.message}\n`);
    return undefined;
  }
  for (const note of review.notes) io.stderr(`apkbuild-ls: note: ${note}\n`);
  for (const error of review.errors) io.stderr(`apkbuild-ls: ${error}\n`);
  const results = review.targets.map((t) => lintWithBase(t.file, t.base, { config, env: io.env }));
  return { results, ioErrors: review.errors.length, review };
}

/** Lints files on the pool's worker threads when there is one, else on this thread. */
async function lintFiles(files: string[], listings: Map<string, string[]>, pool: LintPool | undefined, config: LintConfig | undefined, io: IO): Promise<FileResult[]> {
  const progress = io.stderrIsTTY && files.length >= PARALLEL_FROM ? makeProgress(io) : undefined;
  let results: FileResult[];
  if (pool) {
    results = await pool.finish(progress);
  } else {
    await initParser();
    results = files.map((file, i) => {
      const r = lintPath(file, config, io.env, { packageFiles: listings.get(file) });
      progress?.(i + 1, files.length);
      return r;
    });
  }
  if (progress) io.stderr('\r\x1b[K');
  return results;
}

function makeProgress(io: IO): (done: number, total: number) => void {
  let last = 0;
  return (done, total) => {
    const now = Date.now();
    if (now - last < 100 && done < total) return;
    last = now;
    io.stderr(`\r\x1b[Klinting ${done}/${total}`);
  };
}
