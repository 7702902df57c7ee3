// The language client: starts the server, restarts it after a crash (a notice when it keeps
// crashing), filters diagnostics by `apkbuild.lint.minimumSeverity`.
import * as vscode from 'vscode';
import {
  CloseAction, DynamicFeature, ErrorAction, ExecuteCommandRegistrationOptions, ExecuteCommandRequest, LanguageClient,
  LanguageClientOptions, RegistrationData, ServerOptions, State, StaticFeature, TransportKind,
} from 'vscode-languageclient/node';
import type { ServerHandle, ServerState } from './server-handle';
import { RestartPolicy } from './restart-policy';
import { ServerLaunch } from './server-launch';
import { keepDiagnostic } from './severity-filter';

/** Server commands the extension registers itself (they need arguments only the client can ask for). */
export const CLIENT_OWNED_COMMANDS: ReadonlySet<string> = new Set([
  'apkbuild.updateChecksums', 'apkbuild.bumpPkgver', 'apkbuild.bumpPkgrel',
]);

/**
 * A LanguageClient that leaves the commands in CLIENT_OWNED_COMMANDS to the extension: the stock
 * client registers a VS Code command for every server command, and two registrations of one id fail.
 */
class ApkbuildLanguageClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    const dynamic = feature as Partial<DynamicFeature<ExecuteCommandRegistrationOptions>>;
    if (dynamic.registrationType?.method === 'workspace/executeCommand' && dynamic.register) {
      const register = dynamic.register.bind(feature);
      dynamic.register = (data: RegistrationData<ExecuteCommandRegistrationOptions>) => register({
        ...data,
        registerOptions: { ...data.registerOptions, commands: (data.registerOptions.commands ?? []).filter((c) => !CLIENT_OWNED_COMMANDS.has(c)) },
      });
    }
    super.registerFeature(feature);
  }
}

export interface ClientHooks {
  readonly output: vscode.LogOutputChannel;
  readonly maxRestarts: number;
  /** Called when the server crashed too often and is left stopped. */
  onGaveUp(crashes: number): void;
}

/** What the server reads once at start (a change restarts it: see extension.ts). */
function initializationOptions(): { srcdest?: string } {
  const srcdest = vscode.workspace.getConfiguration('apkbuild').get<string>('checksums.srcdest', '').trim();
  return srcdest ? { srcdest } : {};
}

export function createServerHandle(launch: ServerLaunch, hooks: ClientHooks): ServerHandle {
  const serverOptions: ServerOptions = launch.kind === 'module'
    ? { module: launch.module, transport: TransportKind.stdio }
    : { command: launch.command, args: [...launch.args] };
  const policy = new RestartPolicy(hooks.maxRestarts);
  const raw = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
  const minimum = () => vscode.workspace.getConfiguration('apkbuild').get<string>('lint.minimumSeverity');
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'apkbuild' }],
    outputChannel: hooks.output,
    traceOutputChannel: hooks.output,
    synchronize: { configurationSection: 'apkbuild' },
    initializationOptions: initializationOptions(),
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue, handled: true }),
      closed: () => {
        if (policy.crashed(Date.now())) {
          hooks.output.appendLine(`The language server stopped unexpectedly; restarting (${policy.recentCrashes} of ${hooks.maxRestarts}).`);
          return { action: CloseAction.Restart, handled: true };
        }
        hooks.onGaveUp(policy.recentCrashes);
        return { action: CloseAction.DoNotRestart, handled: true };
      },
    },
    middleware: {
      handleDiagnostics: (uri, diagnostics, next) => {
        raw.set(uri.toString(), { uri, diagnostics });
        next(uri, diagnostics.filter((d) => keepDiagnostic(d.severity, minimum())));
      },
    },
  };
  const client = new ApkbuildLanguageClient('apkbuild', 'APKBUILD language server', serverOptions, clientOptions);
  const refilter = () => {
    for (const { uri, diagnostics } of raw.values()) {
      client.diagnostics?.set(uri, diagnostics.filter((d) => keepDiagnostic(d.severity, minimum())));
    }
  };
  const states: Record<State, ServerState> = { [State.Starting]: 'starting', [State.Running]: 'running', [State.Stopped]: 'stopped', [State.StartFailed]: 'stopped' };
  return {
    get state() { return states[client.state]; },
    onDidChangeState: (listener) => client.onDidChangeState(() => listener()),
    sendRequest: <R>(method: string, params: unknown) => client.sendRequest<R>(method, params),
    executeCommand: (command, args) => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }),
    start: async () => {
      policy.reset();
      await client.start();
    },
    stop: () => client.stop(),
    refilter,
  };
}
