// Activation: the language client, the commands, the status bar item, Lint workspace, the build UI.
import { LOAD_START } from './load-start'; // first: activation time counts module loading too
import * as path from 'node:path';
import * as vscode from 'vscode';
import { registerDocumentCommands } from './commands';
import type { ServerHandle } from './server-handle';
import { resolveServerLaunch } from './server-launch';
import { registerBuildUi } from './ui/build-ui';
import { PackageStatus } from './ui/package-status';
import { WorkspaceLint } from './ui/workspace-lint';

let server: ServerHandle | undefined;

export interface ApkbuildExtensionApi {
  /** Milliseconds from the bundle starting to load to the end of activate(), server start excluded. */
  readonly activationMs: number;
  /** Resolves when the language server answered `initialize` (or failed to start). */
  readonly serverReady: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ApkbuildExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('APKBUILD', { log: true });
  const status = new PackageStatus();
  const lint = new WorkspaceLint(path.join(context.extensionPath, 'dist', 'cli.js'), output);
  context.subscriptions.push(output, status, lint, registerBuildUi(context, { output }));

  const startServer = async (): Promise<void> => {
    const config = vscode.workspace.getConfiguration('apkbuild');
    const resolved = resolveServerLaunch(config.get<string>('server.path', ''), context.extensionPath);
    if ('problem' in resolved) {
      output.appendLine(resolved.problem);
      status.showProblem(resolved.problem);
      const choice = await vscode.window.showErrorMessage(resolved.problem, 'Open settings');
      if (choice) void vscode.commands.executeCommand('workbench.action.openSettings', 'apkbuild.server.path');
      return;
    }
    // loaded here, not at activation: the language client is most of the bundle
    const { createServerHandle } = await import('./language-client.js');
    const handle = createServerHandle(resolved.launch, {
      output,
      maxRestarts: config.get<number>('server.maxRestarts', 4),
      onGaveUp: (crashes: number) => {
        status.refresh();
        void vscode.window.showErrorMessage(
          `The APKBUILD language server crashed ${crashes} times in 3 minutes and is not restarted again.`,
          'Show output', 'Restart server',
        ).then((choice) => {
          if (choice === 'Show output') output.show(true);
          if (choice === 'Restart server') void vscode.commands.executeCommand('apkbuild.restartServer');
        });
      },
    });
    server = handle;
    status.attach(handle);
    try {
      const starting = performance.now();
      await handle.start();
      output.appendLine(`Language server ready in ${(performance.now() - starting).toFixed(1)} ms.`);
    } catch (err) {
      output.appendLine(`The APKBUILD language server did not start: ${(err as Error).message}`);
      status.refresh();
      void vscode.window.showErrorMessage('The APKBUILD language server did not start; see the APKBUILD output.', 'Show output')
        .then((choice) => { if (choice) output.show(true); });
    }
  };

  context.subscriptions.push(
    ...registerDocumentCommands({ server: () => server, output }),
    vscode.commands.registerCommand('apkbuild.lintWorkspace', (folder?: unknown) => lint.run(folder)),
    vscode.commands.registerCommand('apkbuild.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('apkbuild.restartServer', async () => {
      output.appendLine('Restarting the language server.');
      const old = server;
      server = undefined;
      status.attach(undefined);
      await old?.stop().catch(() => undefined);
      await startServer();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('apkbuild.lint.minimumSeverity')) server?.refilter();
      if (e.affectsConfiguration('apkbuild.server.path') || e.affectsConfiguration('apkbuild.checksums.srcdest')) void vscode.commands.executeCommand('apkbuild.restartServer');
    }),
  );

  const done = performance.now();
  const activationMs = done - LOAD_START;
  output.appendLine(`APKBUILD extension activated in ${activationMs.toFixed(1)} ms (module loading ${(started - LOAD_START).toFixed(1)} ms, activate() ${(done - started).toFixed(1)} ms).`);
  const serverReady = startServer();
  return { activationMs, serverReady };
}

export async function deactivate(): Promise<void> {
  await server?.stop().catch(() => undefined);
}
