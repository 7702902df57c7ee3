import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { hashSources } from '../checksum/compute';
import { checksumEdits } from '../checksum/edit';
import { planSources, PlannedSource } from '../checksum/plan';
import { resolveSrcdest } from '../checksum/srcdest';
import { DEFAULT_FETCH_OPTIONS, FetchOptions } from '../checksum/transfer';
import { compareSums, isClean, listedSums } from '../checksum/verify';
import { analyzeText, decodeText } from '../lint';
import { initParser } from '../parser/parser';
import { applyEdits } from '../rules/fix';
import { errorText } from './discover';
import type { IO } from './lint-command';
import { UsageError } from './usage';
import { VERSION } from './version';

export const CHECKSUM_USAGE = `  checksum [DIR...]       rewrite sha512sums of DIR/APKBUILD (default: .) like \`abuild checksum\`
      --verify            report missing, orphan and mismatching checksums; write nothing
      --srcdest DIR       download cache (default: $SRCDEST, abuild.conf, /var/cache/distfiles
                          when writable, else ~/.cache/abuild)
      --timeout SECONDS   give up on a connection silent this long (default 60)
      --max-size SIZE     refuse downloads larger than SIZE, e.g. 500M (default 4G)
`;

/** `apkbuild-ls checksum`: 0 done (or verified clean), 1 --verify found problems, 2 usage, I/O or network error. */
export async function checksumCommand(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      verify: { type: 'boolean', default: false },
      srcdest: { type: 'string' },
      timeout: { type: 'string' },
      'max-size': { type: 'string' },
    },
  });
  const fetch: FetchOptions = { ...DEFAULT_FETCH_OPTIONS, userAgent: `apkbuild-ls/${VERSION}` };
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!(s > 0) || !Number.isFinite(s)) throw new UsageError(`--timeout takes a positive number of seconds, not "${values.timeout}"`);
    fetch.connectTimeoutMs = fetch.idleTimeoutMs = s * 1000;
  }
  if (values['max-size'] !== undefined) {
    const bytes = parseSize(values['max-size']);
    if (bytes === undefined) throw new UsageError(`--max-size takes a size such as 800K, 500M or 2G, not "${values['max-size']}"`);
    fetch.maxBytes = bytes;
  }
  const srcdest = resolveSrcdest({ option: values.srcdest, env: io.env, cwd: io.cwd }).dir;
  await initParser();
  let status = 0;
  for (const target of positionals.length ? positionals : ['.']) {
    status = Math.max(status, await checksumOne(target, { verify: values.verify!, srcdest, fetch }, io));
  }
  return status;
}

interface Settings {
  verify: boolean;
  srcdest: string;
  fetch: FetchOptions;
}

async function checksumOne(target: string, settings: Settings, io: IO): Promise<number> {
  let shown = path.join(target, 'APKBUILD');
  const fail = (message: string) => {
    io.stderr(`apkbuild-ls: ${shown}: ${message}\n`);
    return 2;
  };
  let file = path.resolve(io.cwd, target, 'APKBUILD');
  try {
    if (path.basename(target) === 'APKBUILD' && fs.statSync(path.resolve(io.cwd, target)).isFile()) {
      file = path.resolve(io.cwd, target);
      shown = target;
    }
    const packageDir = path.dirname(file);
    const bytes = fs.readFileSync(file);
    const text = decodeText(bytes);
    if (text === undefined) return fail('not UTF-8 text');
    const apkbuild = analyzeText(text);
    const problem = apkbuild.syntaxProblems[0];
    if (problem) return fail(`line ${apkbuild.lines.lineOf(problem.span.start) + 1}: ${problem.message}: the shell would reject this file`);
    const plan = planSources(apkbuild);
    if (plan.errors.length) return plan.errors.map(fail)[0];
    const listed = settings.verify ? listedSums(apkbuild) : undefined;
    if (listed && 'error' in listed) return fail(listed.error);

    const progress = io.stderrIsTTY
      ? (s: PlannedSource, state: string) => {
          if (state !== 'done') io.stderr(`\r\x1b[K${shown}: ${state} ${s.name}`);
        }
      : undefined;
    const result = await hashSources(plan.sources, {
      packageDir,
      srcdest: settings.srcdest,
      algorithm: listed?.algorithm ?? 'sha512',
      fetch: settings.fetch,
      onProgress: progress,
    });
    if (progress) io.stderr('\r\x1b[K');
    if (result.failures.length) return result.failures.map(fail)[0];

    if (listed) {
      const report = compareSums(listed.entries, result.hashes);
      const say = (line: string) => io.stdout(`${shown}: ${line}\n`);
      for (const name of report.missing) say(`${name}: missing from ${listed.kind}`);
      for (const name of report.orphan) say(`${name}: in ${listed.kind} but not in source`);
      for (const name of report.duplicate) say(`${name}: listed more than once in ${listed.kind}`);
      for (const m of report.mismatch) say(`${m.name}: ${listed.algorithm} mismatch: listed ${m.listed.slice(0, 16)}..., file has ${m.actual.slice(0, 16)}...`);
      if (report.outOfOrder) say(`${listed.kind} is not in source order (abuild checks the n-th checksum against the n-th source)`);
      if (isClean(report)) say('ok');
      return isClean(report) ? 0 : 1;
    }

    const edits = checksumEdits(text, apkbuild, result.hashes);
    if (!edits.length) {
      io.stdout(`${shown}: sha512sums up to date\n`);
      return 0;
    }
    // the downloads may have taken a while: never overwrite an edit made meanwhile
    if (!fs.readFileSync(file).equals(bytes)) return fail('changed while the checksums were computed; not written');
    writeAtomically(file, applyEdits(text, edits));
    io.stdout(`${shown}: sha512sums updated\n`);
    return 0;
  } catch (e) {
    return fail(errorText(e));
  }
}

/** Replaces the file through a temporary file in its directory, keeping its mode. */
function writeAtomically(file: string, content: string): void {
  const mode = fs.statSync(file).mode & 0o7777;
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content, { flag: 'wx', mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

const UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 };

/** `123`, `800K`, `500M`, `2G` (binary units; a trailing `B`/`iB` is allowed). */
export function parseSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) return undefined;
  const bytes = Math.floor(Number(m[1]) * UNITS[m[2].toUpperCase()]);
  return bytes > 0 ? bytes : undefined;
}
