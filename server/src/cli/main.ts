import { useBaselineWasmOnly, useSmallInliningBudget } from './v8-flags';
import { ConfigError } from '../rules/config';
import { buildCommand, BUILD_USAGE } from './build-command';
import { checksumCommand, CHECKSUM_USAGE } from './checksum-command';
import { lintCommand, IO } from './lint-command';
import { rulesCommand } from './rules-command';
import { UsageError } from './usage';
import { VERSION } from './version';
import { versionCommand } from './version-command';
import { runStdioServer } from '../lsp/stdio';

export const USAGE = `usage: apkbuild-ls <command> [options]

commands:
  lint [PATH...]          lint APKBUILD files, or directories searched for them (default: .)
      -f, --format F      text (default, atools-compatible), json, gitlab, sarif, rdjson or github
      -o, --output FILE   write the report to FILE (atomically) instead of stdout
      -s, --severity S    minimum severity reported: S(erious) I(mportant) M(inor) T(style)
      -j, --jobs N        worker threads (default: number of CPUs)
      -c, --config FILE   use FILE instead of the nearest .apkbuild-lint.json
      --changed-since REV only the packages changed between REV and HEAD (from their merge base,
                          as aports CI), also checked against their version at REV; PATHs limit
                          the search (default: the whole repository)
      --new-only          with --changed-since: only findings on lines the change added or modified
      --docs-url URL      link findings to URL#<code>, a published docs/rules.md
${CHECKSUM_USAGE}${BUILD_USAGE}  rules [--format text|markdown|json]
                          list every rule: code, severity+certainty, label, summary
  version -t A B          compare two apk versions: prints <, = or >
  version -c V...         print the invalid versions among V; exit 1 if there is one
  --stdio                 run the language server over stdin/stdout
  --version               print the tool's version

exit status: lint: 0 nothing found, 1 findings at or above the severity threshold;
checksum: 0 done, 1 --verify found problems; build: 0 every build passed or was up to
date, 1 a build failed, was skipped or cancelled; build --plan: 0 buildable, 1 problems;
all: 2 usage, I/O or network error (build: also no container engine).
`;

export async function main(argv: string[], io: IO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'lint':
        return await lintCommand(rest, io);
      case 'checksum':
        return await checksumCommand(rest, io);
      case 'build':
        return await buildCommand(rest, io);
      case 'rules':
        return rulesCommand(rest, io);
      case 'version':
        return versionCommand(rest, io);
      case '--stdio':
        // the language server: runs until the client sends exit, which ends the process
        runStdioServer();
        return new Promise<number>(() => undefined);
      case '--version':
        io.stdout(`apkbuild-ls ${VERSION}\n`);
        return 0;
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return 0;
      case undefined:
        io.stderr(USAGE);
        return 2;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.stderr(`apkbuild-ls: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof ConfigError) {
      io.stderr(`apkbuild-ls: ${e.message}\n`);
      return 2;
    }
    const err = e as NodeJS.ErrnoException;
    if (err.code && err.syscall) {
      io.stderr(`apkbuild-ls: ${err.message}\n`);
      return 2;
    }
    throw e;
  }
}

/** The process entry: run, flush, and exit at once (the wasm compiler's background threads
 * would otherwise keep a finished process alive). */
export function run(): void {
  // Not for the language server (`--stdio`): it lives long, and once V8 has optimised the grammar
  // an incremental re-parse takes about 0.6x the CPU time of the baseline code; full inlining pays
  // off there too. A tree lint turns the optimising wasm tier back on for its worker threads (LintPool).
  if (process.argv[2] !== '--stdio') {
    useBaselineWasmOnly();
    useSmallInliningBudget();
  }
  const io: IO = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    stderrIsTTY: !!process.stderr.isTTY,
    stdoutIsTTY: !!process.stdout.isTTY,
    env: process.env,
    cwd: process.cwd(),
  };
  main(process.argv.slice(2), io).then(
    (code) => exitAfterFlush(code),
    (e) => {
      process.stderr.write(`apkbuild-ls: internal error: ${(e as Error).stack ?? e}\n`);
      exitAfterFlush(2);
    },
  );
}

function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (require.main === module) run();
