// Spawning engine processes: always an argument array, never a shell string.
import { spawn } from 'node:child_process';

export interface Command {
  command: string;
  args: string[];
  /** extra environment for this process (merged over process.env) */
  env?: Record<string, string>;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** called with each complete output line (stdout and stderr interleaved as they arrive) */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** text written to stdin, which is then closed */
  input?: string;
  cwd?: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** the command could not be started at all (ENOENT, EACCES) */
  spawnError?: NodeJS.ErrnoException;
}

/** Runs a command to completion, collecting its output and splitting it into lines as it comes. */
export function run(cmd: Command, options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(cmd.command, cmd.args, {
      env: cmd.env ? { ...process.env, ...cmd.env } : process.env,
      cwd: options.cwd,
      stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      signal: options.signal,
    });
    let stdout = '';
    let stderr = '';
    const pending = { stdout: '', stderr: '' };
    const take = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      if (!options.onLine) return;
      pending[stream] += text;
      let nl: number;
      while ((nl = pending[stream].indexOf('\n')) !== -1) {
        options.onLine(pending[stream].slice(0, nl).replace(/\r$/, ''), stream);
        pending[stream] = pending[stream].slice(nl + 1);
      }
    };
    child.stdout!.on('data', take('stdout'));
    child.stderr!.on('data', take('stderr'));
    if (options.input !== undefined) child.stdin!.end(options.input);
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name !== 'AbortError') spawnError = err;
    });
    child.on('close', (code, signal) => {
      if (options.onLine) {
        for (const stream of ['stdout', 'stderr'] as const) if (pending[stream]) options.onLine(pending[stream], stream);
      }
      resolve({ code, signal, stdout, stderr, spawnError });
    });
  });
}
