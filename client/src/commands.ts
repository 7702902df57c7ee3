// The editor commands that act on one APKBUILD: they check the target (untitled, git: views,
// read-only files), ask what only the user can say (the new pkgver), then run the server command.
import * as vscode from 'vscode';
import { isValidPkgver } from 'apkbuild-language-server/out/src/apkbuild/version';
import { checkTarget, isReadOnlyFile } from './command-target';
import type { ServerHandle } from './server-handle';

export interface CommandContext {
  server(): ServerHandle | undefined;
  readonly output: vscode.LogOutputChannel;
}

/** The URI a command was invoked for: from a menu (Uri), a server code action (string or {uri}), or the active editor. */
function invokedUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  if (arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string') return vscode.Uri.parse((arg as { uri: string }).uri);
  return vscode.window.activeTextEditor?.document.uri;
}

async function targetDocument(action: string, arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = invokedUri(arg);
  const open = uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const check = checkTarget(action, uri && { scheme: uri.scheme, fsPath: uri.fsPath, languageId: open?.languageId });
  if (!check.ok) {
    void vscode.window.showWarningMessage(check.message);
    return undefined;
  }
  try {
    return open ?? await vscode.workspace.openTextDocument(uri!);
  } catch (err) {
    void vscode.window.showErrorMessage(`${action}: cannot open ${uri!.fsPath}: ${(err as Error).message}`);
    return undefined;
  }
}

async function runServerCommand(ctx: CommandContext, action: string, command: string, args: unknown[]): Promise<unknown> {
  const server = ctx.server();
  if (!server || server.state !== 'running') {
    const choice = await vscode.window.showErrorMessage(`${action}: the APKBUILD language server is not running.`, 'Restart server', 'Show output');
    if (choice === 'Restart server') void vscode.commands.executeCommand('apkbuild.restartServer');
    if (choice === 'Show output') ctx.output.show(true);
    return undefined;
  }
  try {
    return await server.executeCommand(command, args);
  } catch (err) {
    const message = (err as Error).message || String(err);
    ctx.output.appendLine(`${action} failed: ${message}`);
    if (!/cancel/i.test(message)) void vscode.window.showErrorMessage(`${action} failed: ${message}`);
    return undefined;
  }
}

export function registerDocumentCommands(ctx: CommandContext): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('apkbuild.updateChecksums', async (arg?: unknown) => {
      const action = 'Update checksums';
      const doc = await targetDocument(action, arg);
      if (!doc) return;
      if (isReadOnlyFile(doc.uri.fsPath)) {
        void vscode.window.showWarningMessage(`${action}: ${vscode.workspace.asRelativePath(doc.uri)} is read-only.`);
        return;
      }
      await runServerCommand(ctx, action, 'apkbuild.updateChecksums', [doc.uri.toString()]);
    }),
    vscode.commands.registerCommand('apkbuild.bumpPkgver', async (arg?: unknown, versionArg?: unknown) => {
      const action = 'Bump pkgver';
      const doc = await targetDocument(action, arg);
      if (!doc) return;
      const current = /^pkgver=["']?([^"'\s#]*)/m.exec(doc.getText())?.[1];
      const version = typeof versionArg === 'string' ? versionArg : await vscode.window.showInputBox({
        title: 'Bump pkgver',
        prompt: `New pkgver${current ? ` (now ${current})` : ''}; pkgrel is reset to 0`,
        value: current,
        ignoreFocusOut: true,
        validateInput: (v) => isValidPkgver(v.trim()) ? undefined : `${v.trim() || 'An empty value'} is not a valid apk version (e.g. 1.2.3, 1.0_rc2, 2.0a)`,
      });
      if (version === undefined) return;
      await runServerCommand(ctx, action, 'apkbuild.bumpPkgver', [doc.uri.toString(), version.trim()]);
    }),
    vscode.commands.registerCommand('apkbuild.bumpPkgrel', async (arg?: unknown) => {
      const action = 'Bump pkgrel';
      const doc = await targetDocument(action, arg);
      if (!doc) return;
      await runServerCommand(ctx, action, 'apkbuild.bumpPkgrel', [doc.uri.toString()]);
    }),
  ];
}
