// Activation: the language client, the commands, the status bar item, Lint workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { registerDocumentCommands } from './commands';
import { createLanguageClient } from './language-client';
import { resolveServerLaunch } from './server-launch';
import { PackageStatus } from './ui/package-status';
import { WorkspaceLint } from './ui/workspace-lint';

let client: LanguageClient | undefined;

export interface ApkbuildExtensionApi {
  /** Milliseconds spent in activate() before the server is started (the benchmark reads it). */
  readonly activationMs: number;
  /** Resolves when the language server answered `initialize` (or failed to start). */
  readonly serverReady: Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ApkbuildExtensionApi {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('APKBUILD', { log: true });
  const status = new PackageStatus();
  const lint = new WorkspaceLint(path.join(context.extensionPath, 'dist', 'cli.js'), output);
  context.subscriptions.push(output, status, lint);

  let refilter = () => {};
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
    const created = createLanguageClient(resolved.launch, {
      output,
      maxRestarts: config.get<number>('server.maxRestarts', 4),
      onGaveUp: (crashes) => {
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
    client = created.client;
    refilter = created.refilter;
    status.attach(client);
    try {
      await client.start();
    } catch (err) {
      output.appendLine(`The APKBUILD language server did not start: ${(err as Error).message}`);
      status.refresh();
      void vscode.window.showErrorMessage('The APKBUILD language server did not start; see the APKBUILD output.', 'Show output')
        .then((choice) => { if (choice) output.show(true); });
    }
  };

  context.subscriptions.push(
    ...registerDocumentCommands({ client: () => client, output }),
    vscode.commands.registerCommand('apkbuild.lintWorkspace', () => lint.run()),
    vscode.commands.registerCommand('apkbuild.showOutput', () => output.show(true)),
    vscode.commands.registerCommand('apkbuild.restartServer', async () => {
      const old = client;
      client = undefined;
      status.attach(undefined);
      await old?.stop().catch(() => undefined);
      await startServer();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('apkbuild.lint.minimumSeverity')) refilter();
      if (e.affectsConfiguration('apkbuild.server.path')) void vscode.commands.executeCommand('apkbuild.restartServer');
    }),
  );

  const activationMs = performance.now() - started;
  output.appendLine(`APKBUILD extension activated in ${activationMs.toFixed(1)} ms.`);
  const serverReady = startServer();
  return { activationMs, serverReady };
}

export async function deactivate(): Promise<void> {
  await client?.stop().catch(() => undefined);
}
