// The "APKBUILD builds" view: one node per build, one child per arch, rendered from the session;
// a chained build is a matrix: one node per package in plan order, one child per arch.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { cellView, ChainMatrix, MatrixRow, rowSummary } from 'apkbuild-language-server/out/src/build/chain-matrix';
import { BuildSession, EntryView, viewOf } from 'apkbuild-language-server/out/src/build/session';

export type BuildNode =
  | { kind: 'session'; session: BuildSession }
  | { kind: 'arch'; session: BuildSession; arch: string }
  | { kind: 'package'; file: string }
  | { kind: 'chain'; matrix: ChainMatrix }
  | { kind: 'chainPackage'; matrix: ChainMatrix; row: MatrixRow }
  | { kind: 'cell'; matrix: ChainMatrix; dir: string; arch: string };

function themeIcon(icon: EntryView['icon']): vscode.ThemeIcon {
  return new vscode.ThemeIcon(icon, icon === 'error' ? new vscode.ThemeColor('testing.iconFailed') : icon === 'pass' ? new vscode.ThemeColor('testing.iconPassed') : undefined);
}

const MAX_SESSIONS = 8;

export class BuildTree implements vscode.TreeDataProvider<BuildNode>, vscode.Disposable {
  private readonly sessions: (BuildSession | ChainMatrix)[] = [];
  private readonly nodes = new WeakMap<BuildSession | ChainMatrix, Map<string, BuildNode>>();
  private readonly emitter = new vscode.EventEmitter<BuildNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;

  add(session: BuildSession | ChainMatrix): void {
    this.sessions.unshift(session);
    this.sessions.splice(MAX_SESSIONS);
    session.onChange(() => this.emitter.fire(undefined));
    this.emitter.fire(undefined);
    // elapsed times tick while something runs
    if (!this.timer) {
      this.timer = setInterval(() => {
        if (this.sessions.some((s) => s.all().some((e) => ('result' in e ? e.result.status : e.status) === 'running'))) this.emitter.fire(undefined);
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

  /** Stable node objects, so the view keeps expansion and selection across refreshes. */
  private nodeOf(owner: BuildSession | ChainMatrix, key: string, make: () => BuildNode): BuildNode {
    let map = this.nodes.get(owner);
    if (!map) this.nodes.set(owner, (map = new Map()));
    let node = map.get(key);
    if (!node) map.set(key, (node = make()));
    return node;
  }

  getChildren(node?: BuildNode): BuildNode[] {
    if (!node) {
      return this.sessions.map((s) => (s instanceof ChainMatrix ? this.nodeOf(s, '', () => ({ kind: 'chain', matrix: s })) : { kind: 'session', session: s }));
    }
    if (node.kind === 'chain') return node.matrix.rows.map((row) => this.nodeOf(node.matrix, row.dir, () => ({ kind: 'chainPackage', matrix: node.matrix, row })));
    if (node.kind === 'chainPackage') return node.row.arches.map((arch) => this.nodeOf(node.matrix, `${node.row.dir} ${arch}`, () => ({ kind: 'cell', matrix: node.matrix, dir: node.row.dir, arch })));
    if (node.kind === 'cell') return (node.matrix.cell(node.dir, node.arch)?.result.files ?? []).map((file) => ({ kind: 'package', file }));
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
    if (node.kind === 'chain') {
      const m = node.matrix;
      const item = new vscode.TreeItem(`change: ${m.rows.length} package${m.rows.length === 1 ? '' : 's'}`, vscode.TreeItemCollapsibleState.Expanded);
      item.description = new Date(m.startedAt).toLocaleTimeString();
      item.tooltip = m.aportsDir;
      item.iconPath = new vscode.ThemeIcon(m.finished ? 'package' : 'sync~spin');
      item.contextValue = 'apkbuildChain';
      return item;
    }
    if (node.kind === 'chainPackage') {
      const { matrix, row } = node;
      const statuses = row.arches.map((a) => matrix.cell(row.dir, a)!.result.status);
      const item = new vscode.TreeItem(row.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = row.dir;
      item.tooltip = rowSummary(matrix, row);
      item.resourceUri = vscode.Uri.file(matrix.apkbuildOf(row.dir));
      item.iconPath = themeIcon(statuses.includes('failed') ? 'error' : statuses.includes('running') ? 'sync~spin' : statuses.every((s) => s === 'passed' || s === 'up-to-date') ? 'pass' : statuses.includes('skipped') ? 'debug-step-over' : 'clock');
      item.contextValue = 'apkbuildChainPackage';
      item.command = { command: 'vscode.open', title: 'Open APKBUILD', arguments: [vscode.Uri.file(matrix.apkbuildOf(row.dir))] };
      return item;
    }
    if (node.kind === 'cell') {
      const cell = node.matrix.cell(node.dir, node.arch)!;
      const view = cellView(cell, Date.now());
      const item = new vscode.TreeItem(view.label, cell.result.files.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
      item.description = view.description;
      item.tooltip = view.tooltip;
      item.iconPath = themeIcon(view.icon);
      const rebuildable = node.matrix.rebuildFrom(node.dir, node.arch).length > 0;
      item.contextValue = `apkbuildCell.${cell.result.status}${rebuildable ? '.rebuildable' : ''}`;
      item.command = { command: 'apkbuild.build.openLog', title: 'Open log', arguments: [node] };
      return item;
    }
    const entry = node.session.entry(node.arch)!;
    const view = viewOf(entry, Date.now());
    const item = new vscode.TreeItem(view.label, entry.packages.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.description = view.description;
    item.tooltip = view.tooltip;
    item.iconPath = themeIcon(view.icon);
    item.contextValue = `apkbuildArch.${entry.status}`;
    item.command = { command: 'apkbuild.build.openLog', title: 'Open log', arguments: [node] };
    return item;
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.emitter.dispose();
  }
}
