import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { initParser } from '../parser/parser';
import { LintConfig, loadConfigFile } from '../rules/config';
import type { Finding } from '../rules/engine';
import { ruleRegistry } from '../rules/registry';
import type { Severity } from '../rules/types';
import { discoverApkbuilds } from './discover';
import { formatterFor, FORMAT_NAMES } from './formatters';
import { FileResult, lintPath } from './lint-file';
import { writeOutput } from './output';
import { lintInWorkers } from './pool';
import { UsageError } from './usage';
import { VERSION } from './version';

const THRESHOLD: Record<string, Severity> = { S: 'serious', I: 'important', M: 'minor', T: 'style' };
const RANK: Record<Severity, number> = { serious: 0, important: 1, minor: 2, style: 3 };
/** Below this many files, starting worker threads costs more than it saves. */
const PARALLEL_FROM = 64;

export interface IO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stderrIsTTY: boolean;
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
  const config: LintConfig | undefined = values.config ? loadConfigFile(values.config) : undefined;

  const discovery = discoverApkbuilds(positionals.length ? positionals : ['.']);
  for (const note of discovery.notes) io.stderr(`apkbuild-ls: ${note}\n`);
  for (const error of discovery.errors) io.stderr(`apkbuild-ls: ${error}\n`);

  const progress = io.stderrIsTTY && discovery.files.length >= PARALLEL_FROM ? makeProgress(io) : undefined;
  let results: FileResult[];
  if (jobs > 1 && discovery.files.length >= PARALLEL_FROM) {
    results = await lintInWorkers(discovery.files, jobs, config, io.env, progress);
  } else {
    await initParser();
    results = discovery.files.map((file, i) => {
      const r = lintPath(file, config, io.env);
      progress?.(i + 1, discovery.files.length);
      return r;
    });
  }
  if (progress) io.stderr('\r\x1b[K');

  let ioErrors = discovery.errors.length;
  const findings: Finding[] = [];
  for (const r of results) {
    if ('error' in r) {
      ioErrors++;
      io.stderr(`apkbuild-ls: ${r.error}\n`);
    } else {
      for (const f of r.findings) if (RANK[f.severity] <= RANK[threshold]) findings.push(f);
    }
  }
  const report = formatter.render(findings, { rules: ruleRegistry, cwd: io.cwd, toolVersion: VERSION });
  if (values.output) writeOutput(path.resolve(io.cwd, values.output), report);
  else io.stdout(report);
  if (ioErrors > 0) return 2;
  return findings.length > 0 ? 1 : 0;
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
