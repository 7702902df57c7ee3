// Runs the bundled CLI (`cli.js lint --format json DIR...`) as a child process with an argument
// array; cancellable; the report is read from stdout. Plain Node, no vscode import. The dirs must
// be absolute (the CLI has no `--`, and an absolute path never looks like an option).
import { spawn } from 'node:child_process';

export interface LintRun {
  readonly exitCode: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly cancelled: boolean;
}

export function runLint(
  nodePath: string,
  cliPath: string,
  dirs: readonly string[],
  options: { cwd: string; signal?: AbortSignal; onStderr?: (chunk: string) => void },
): Promise<LintRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(nodePath, [cliPath, 'lint', '--format', 'json', '--', ...dirs], {
      cwd: options.cwd,
      // inside Electron, process.execPath is the editor itself: run it as plain Node
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      signal: options.signal,
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => {
      const s = b.toString('utf8');
      stderr += s;
      options.onStderr?.(s);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.name === 'AbortError') return; // reported by 'close' as cancelled
      reject(err);
    });
    child.on('close', (code) => {
      resolve({ exitCode: code, stdout: Buffer.concat(out).toString('utf8'), stderr, cancelled: options.signal?.aborted ?? false });
    });
  });
}
