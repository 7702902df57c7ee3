// The "APKBUILD builds" view: one node per build, one child per arch, rendered from the session.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BuildSession, viewOf } from 'apkbuild-language-server/out/src/build/session';

export type BuildNode =
  | { kind: 'session'; session: BuildSession }
  | { kind: 'arch'; session: BuildSession; arch: string }
  | { kind: 'package'; file: string };

const MAX_SESSIONS = 8;

export class BuildTree implements vscode.TreeDataProvider<BuildNode>, vscode.Disposable {
  private readonly sessions: BuildSession[] = [];
  private readonly nodes = new WeakMap<BuildSession, Map<string, BuildNode>>();
  private readonly emitter = new vscode.EventEmitter<BuildNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;

  add(session: BuildSession): void {
    this.sessions.unshift(session);
    this.sessions.splice(MAX_SESSIONS);
    session.onChange(() => this.emitter.fire(undefined));
    this.emitter.fire(undefined);
    // elapsed times tick while something runs
    if (!this.timer) {
      this.timer = setInterval(() => {
        if (this.sessions.some((s) => s.all().some((e) => e.status === 'running'))) this.emitter.fire(undefined);
      }, 1000);
    }
  }

  private archNode(session: BuildSession, arch: string): BuildNode {
    let map = this.nodes.get(session);
    if (!map) this.nodes.set(session, (map = new Map()));
    let node = map.get(arch);
    if (!node) map.set(arch, (node = { kind: 'arch', session, arch }));
    return node;
  }

  getChildren(node?: BuildNode): BuildNode[] {
    if (!node) return this.sessions.map((session) => ({ kind: 'session', session }));
    if (node.kind === 'session') return node.session.arches.map((arch) => this.archNode(node.session, arch));
    if (node.kind === 'arch') return (node.session.entry(node.arch)?.packages ?? []).map((file) => ({ kind: 'package', file }));
    return [];
  }

  getTreeItem(node: BuildNode): vscode.TreeItem {
    if (node.kind === 'session') {
      const dir = path.dirname(node.session.apkbuild);
      const item = new vscode.TreeItem(`${path.basename(path.dirname(dir))}/${path.basename(dir)}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = new Date(node.session.startedAt).toLocaleTimeString();
      item.tooltip = node.session.apkbuild;
      item.resourceUri = vscode.Uri.file(node.session.apkbuild);
      item.iconPath = new vscode.ThemeIcon(node.session.finished ? 'package' : 'sync~spin');
      item.contextValue = 'apkbuildBuild';
      return item;
    }
    if (node.kind === 'package') {
      const item = new vscode.TreeItem(path.basename(node.file), vscode.TreeItemCollapsibleState.None);
      item.resourceUri = vscode.Uri.file(node.file);
      item.tooltip = node.file;
      item.iconPath = new vscode.ThemeIcon('file-zip');
      item.contextValue = 'apkbuildPackage';
      item.command = { command: 'revealFileInOS', title: 'Reveal', arguments: [vscode.Uri.file(node.file)] };
      return item;
    }
    const entry = node.session.entry(node.arch)!;
    const view = viewOf(entry, Date.now());
    const item = new vscode.TreeItem(view.label, entry.packages.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.iconPath = new vscode.ThemeIcon(view.icon, view.icon === 'error' ? new vscode.ThemeColor('testing.iconFailed') : view.icon === 'pass' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    item.contextValue = `apkbuildArch.${entry.status}`;
    item.command = { command: 'apkbuild.build.openLog', title: 'Open log', arguments: [node] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.emitter.dispose();
  }
}
