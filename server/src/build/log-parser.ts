// Understanding abuild output: errors, warnings, shell errors, failed patches, missing
// dependencies, checksum mismatches and compiler errors, each tied to what it is about in the
// APKBUILD when it is about something there. Pure: lines in, events out.

export type LogEventKind =
  | 'abuild-error'
  | 'abuild-warning'
  | 'shell'
  | 'patch'
  | 'missing-dependency'
  | 'checksum'
  | 'compiler'
  | 'not-for-arch';

/** What in the APKBUILD an event is about. */
export type ApkbuildTarget =
  | { type: 'line'; line: number }
  | { type: 'function'; name: string }
  | { type: 'variable'; name: string }
  | { type: 'source'; name: string }
  | { type: 'dependency'; name: string }
  | { type: 'checksum'; name: string };

export interface LogEvent {
  severity: 'error' | 'warning';
  kind: LogEventKind;
  message: string;
  /** 0-based index of the log line it was read from */
  logLine: number;
  target?: ApkbuildTarget;
  /** for compiler messages: the file as printed, 1-based line and column */
  file?: { path: string; line: number; column?: number };
  /** the package abuild named (`>>> ERROR: <pkg>: ...`) */
  pkg?: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\r/g;
export function stripAnsi(line: string): string {
  return line.replace(ANSI, '');
}

const ABUILD_MSG = /^>>> (ERROR|WARNING): ([^:\s]+): (.*)$/;
const ABUILD_INFO = /^>>> ([^:\s]+): (.*)$/;
const SHELL = /(?:^|\/)APKBUILD: line (\d+): (.*)$/;
const COMPILER = /^(.+?):(\d+):(?:(\d+):)? (?:fatal )?error: (.*)$/;
const PATCH_NAME = /^(\S+\.(?:patch|diff))$/;
const PATCH_FAIL = /^(?:\d+ out of \d+ hunks? FAILED|Hunk #\d+ FAILED|patch: \*\*\*\* |can't find file to patch|No file to patch|Reversed \(or previously applied\) patch detected)/;
const NO_SUCH_PACKAGE = /^\s+(\S+) \(no such package\)/;
const DEP_CONFLICT = /^\s+(\S+?)(?:-\d\S*)? \((?:conflicts|breaks)/;
const CHECKSUM_FAILED = /^(\S.*): FAILED$/;
const PHASE_FAILED = /^(prepare|build|check|package|unpack|fetch|builddeps)(?:\(\))? failed/;
const NOT_FOR_ARCH = /^Package not available for the target architecture/;

const PHASE_FUNCTION: Record<string, string | undefined> = { prepare: 'prepare', build: 'build', check: 'check', package: 'package' };

/** Reads an abuild log line by line (as it streams) and reports what went wrong. */
export class AbuildLogParser {
  private index = -1;
  private lastPatch: string | undefined;
  private patchReported = false;
  private inUnsatisfiable = false;

  push(raw: string): LogEvent[] {
    this.index++;
    const line = stripAnsi(raw);
    const at = this.index;
    const out: LogEvent[] = [];

    if (this.inUnsatisfiable) {
      const missing = NO_SUCH_PACKAGE.exec(line);
      const conflict = missing ? undefined : DEP_CONFLICT.exec(line);
      if (missing || conflict) {
        const name = (missing ?? conflict)![1];
        const dep = name.replace(/[<>=~].*$/, '');
        out.push({ severity: 'error', kind: 'missing-dependency', message: missing ? `${dep}: no such package` : `${dep}: ${line.trim()}`, logLine: at, target: { type: 'dependency', name: dep } });
        return out;
      }
      if (/^\s/.test(line)) return out;
      this.inUnsatisfiable = false;
    }
    if (/^ERROR: unable to select packages:/.test(line) || /^ERROR: unsatisfiable constraints:/.test(line)) {
      this.inUnsatisfiable = true;
      return out;
    }

    const shell = SHELL.exec(line);
    if (shell) {
      out.push({ severity: 'error', kind: 'shell', message: shell[2], logLine: at, target: { type: 'line', line: Number(shell[1]) } });
      return out;
    }

    const msg = ABUILD_MSG.exec(line);
    if (msg) {
      const [, level, pkg, text] = msg;
      if (level === 'WARNING') {
        out.push({ severity: 'warning', kind: 'abuild-warning', message: text, logLine: at, pkg });
        return out;
      }
      if (NOT_FOR_ARCH.test(text)) {
        out.push({ severity: 'error', kind: 'not-for-arch', message: text, logLine: at, pkg, target: { type: 'variable', name: 'arch' } });
        return out;
      }
      const phase = PHASE_FAILED.exec(text);
      const fn = phase ? PHASE_FUNCTION[phase[1]] : undefined;
      out.push({ severity: 'error', kind: 'abuild-error', message: text, logLine: at, pkg, target: fn ? { type: 'function', name: fn } : undefined });
      return out;
    }

    const info = ABUILD_INFO.exec(line);
    if (info) {
      const patch = PATCH_NAME.exec(info[2].trim());
      if (patch) {
        this.lastPatch = patch[1];
        this.patchReported = false;
      }
      return out;
    }

    if (this.lastPatch && !this.patchReported && PATCH_FAIL.test(line)) {
      this.patchReported = true;
      out.push({ severity: 'error', kind: 'patch', message: `${this.lastPatch} does not apply: ${line.trim()}`, logLine: at, target: { type: 'source', name: this.lastPatch } });
      return out;
    }

    const checksum = CHECKSUM_FAILED.exec(line);
    if (checksum && !line.startsWith(' ')) {
      out.push({ severity: 'error', kind: 'checksum', message: `${checksum[1]}: checksum mismatch`, logLine: at, target: { type: 'checksum', name: checksum[1] } });
      return out;
    }

    const cc = COMPILER.exec(line);
    if (cc && !cc[1].includes(' ')) {
      out.push({ severity: 'error', kind: 'compiler', message: cc[4], logLine: at, file: { path: cc[1], line: Number(cc[2]), column: cc[3] ? Number(cc[3]) : undefined } });
    }
    return out;
  }
}

export function parseLog(text: string): LogEvent[] {
  const parser = new AbuildLogParser();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.flatMap((l) => parser.push(l));
}

/** The error to show for a failed build: the most telling one, not abuild's closing summary. */
export function firstError(events: readonly LogEvent[]): LogEvent | undefined {
  const errors = events.filter((e) => e.severity === 'error');
  return errors.find((e) => e.kind !== 'abuild-error') ?? errors[0];
}
