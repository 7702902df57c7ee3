// A real LSP client for tests: starts a server process and talks JSON-RPC over its stdio.
import { ChildProcess, spawn } from 'node:child_process';
import { createMessageConnection, MessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import * as path from 'node:path';

export const SERVER_BUNDLE = path.resolve(__dirname, '..', '..', 'dist', 'server.js');
export const CLI_BIN = path.resolve(__dirname, '..', '..', 'bin', 'apkbuild-ls.js');

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; code?: string; source?: string; severity?: number; message: string; codeDescription?: { href: string }; tags?: number[] }[];
}

export class LspClient {
  readonly connection: MessageConnection;
  readonly published: PublishedDiagnostics[] = [];
  readonly applyEditRequests: { label?: string; edit: any }[] = [];
  readonly messages: { type: number; message: string }[] = [];
  readonly progress: { token: unknown; value: any }[] = [];
  readonly progressTokens: unknown[] = [];
  /** what the client answers to workspace/applyEdit */
  applyEditAnswer = { applied: true };
  private waiters: { check: () => boolean; resolve: () => void }[] = [];
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(readonly child: ChildProcess) {
    this.connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (d) => (this.stderr += d));
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishedDiagnostics) => this.record(() => this.published.push(p)));
    this.connection.onNotification('window/showMessage', (p) => this.record(() => this.messages.push(p)));
    this.connection.onNotification('window/logMessage', (p) => this.record(() => this.messages.push(p)));
    this.connection.onNotification('$/progress', (p) => this.record(() => this.progress.push(p)));
    this.connection.onRequest('workspace/applyEdit', (p) => {
      this.record(() => this.applyEditRequests.push(p));
      return this.applyEditAnswer;
    });
    this.connection.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => {
      this.record(() => this.progressTokens.push(p.token));
      return null;
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('window/showMessageRequest', (p) => {
      this.record(() => this.messages.push(p));
      return null;
    });
    this.connection.listen();
  }

  static start(command: string[], env: NodeJS.ProcessEnv = process.env): LspClient {
    const child = spawn(process.execPath, command, { stdio: ['pipe', 'pipe', 'pipe'], env });
    return new LspClient(child);
  }

  private record(fn: () => void): void {
    fn();
    this.waiters = this.waiters.filter((w) => (w.check() ? (w.resolve(), false) : true));
  }

  /** Resolves when `check` holds (tested now and after each message from the server). */
  waitFor(check: () => boolean, what: string, timeoutMs = 15000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ check, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  diagnosticsFor(uri: string, version: number): Promise<PublishedDiagnostics> {
    const find = () => this.published.find((p) => p.uri === uri && p.version === version);
    return this.waitFor(() => !!find(), `diagnostics of ${uri} v${version}`).then(() => find()!);
  }

  initialize(
    initializationOptions: unknown = {},
    capabilities: unknown = { window: { workDoneProgress: true }, workspace: { applyEdit: true, workspaceEdit: { documentChanges: true } } },
    workspaceFolders: { uri: string; name: string }[] | null = null,
  ): Promise<any> {
    return this.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders, capabilities, initializationOptions }).then(async (r) => {
      await this.connection.sendNotification('initialized', {});
      return r;
    });
  }

  open(uri: string, text: string, version = 1): Promise<void> {
    return this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'apkbuild', version, text } });
  }

  change(uri: string, version: number, contentChanges: unknown[]): Promise<void> {
    return this.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  request<R = any>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  /** shutdown, exit, and the process's exit code */
  async stop(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  kill(): void {
    this.connection.dispose();
    this.child.kill();
  }
}
