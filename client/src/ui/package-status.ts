// The status bar item: the package of the active APKBUILD (`pkgname pkgver-rpkgrel`), asked of the
// server with `apkbuild/packageInfo`, or the server's state when it is not running.
import * as vscode from 'vscode';
import type { ServerHandle } from '../server-handle';

const PACKAGE_INFO_METHOD = 'apkbuild/packageInfo';

interface PackageInfo { readonly label: string; readonly pkgname: string | null }

export class PackageStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('apkbuild.package', vscode.StatusBarAlignment.Left, 50);
  private readonly disposables: vscode.Disposable[] = [this.item];
  private server: ServerHandle | undefined;
  private stateListener: vscode.Disposable | undefined;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private unsupported = false;

  constructor() {
    this.item.name = 'APKBUILD package';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document) this.refreshSoon();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('apkbuild.statusBar.enable')) this.refresh();
      }),
    );
  }

  attach(server: ServerHandle | undefined): void {
    this.stateListener?.dispose();
    this.server = server;
    this.unsupported = false;
    this.stateListener = server?.onDidChangeState(() => this.refresh());
    this.refresh();
  }

  /** A server that cannot start: shown until the user fixes the setting or restarts. */
  showProblem(text: string): void {
    this.item.text = '$(error) APKBUILD';
    this.item.tooltip = text;
    this.item.command = 'apkbuild.showOutput';
    this.item.show();
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.refresh(), 150);
  }

  refresh(): void {
    const generation = ++this.generation;
    const doc = vscode.window.activeTextEditor?.document;
    const enabled = vscode.workspace.getConfiguration('apkbuild').get<boolean>('statusBar.enable', true);
    if (!enabled || !doc || doc.languageId !== 'apkbuild') {
      this.item.hide();
      return;
    }
    const server = this.server;
    if (!server || server.state === 'stopped') {
      this.item.text = '$(debug-disconnect) APKBUILD';
      this.item.tooltip = 'The APKBUILD language server is not running. Click to restart it.';
      this.item.command = 'apkbuild.restartServer';
      this.item.show();
      return;
    }
    if (server.state !== 'running' || this.unsupported) {
      if (this.unsupported) this.item.hide();
      return;
    }
    server.sendRequest<PackageInfo | null>(PACKAGE_INFO_METHOD, { textDocument: { uri: doc.uri.toString() } }).then((info) => {
      if (generation !== this.generation) return;
      if (!info) {
        this.item.hide();
        return;
      }
      this.item.text = `$(package) ${info.label}`;
      this.item.tooltip = `APKBUILD package (pkgname pkgver-rpkgrel)\n${vscode.workspace.asRelativePath(doc.uri)}`;
      this.item.command = 'apkbuild.showOutput';
      this.item.show();
    }, (err: { code?: number; message?: string }) => {
      if (generation !== this.generation) return;
      if (err?.code === -32601) this.unsupported = true; // MethodNotFound: an older or foreign server
      this.item.hide();
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.stateListener?.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
