// What the rest of the extension knows of the language server. Only language-client.ts loads
// vscode-languageclient (most of the bundle), and only when the server starts, so activation stays light.
import type * as vscode from 'vscode';

export type ServerState = 'starting' | 'running' | 'stopped';

export interface ServerHandle {
  readonly state: ServerState;
  onDidChangeState(listener: () => void): vscode.Disposable;
  sendRequest<R>(method: string, params: unknown): Promise<R>;
  /** workspace/executeCommand on the server */
  executeCommand(command: string, args: unknown[]): Promise<unknown>;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Re-applies `apkbuild.lint.minimumSeverity` to the diagnostics already shown. */
  refilter(): void;
}
