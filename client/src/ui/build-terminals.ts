// One pseudoterminal per arch and build, showing the live log; reopened from its buffer when closed.
import * as vscode from 'vscode';
import { terminalLine } from 'apkbuild-language-server/out/src/build/terminal-text';

interface ArchTerminal {
  terminal?: vscode.Terminal;
  emitter: vscode.EventEmitter<string>;
  lines: string[];
  open: boolean;
}

export class BuildTerminals implements vscode.Disposable {
  private readonly terminals = new Map<string, ArchTerminal>();

  private key(sessionId: string, arch: string): string {
    return `${sessionId}:${arch}`;
  }

  private ensure(sessionId: string, arch: string, title: string): ArchTerminal {
    const key = this.key(sessionId, arch);
    let t = this.terminals.get(key);
    if (!t) {
      t = { emitter: new vscode.EventEmitter<string>(), lines: [], open: false };
      this.terminals.set(key, t);
    }
    if (!t.terminal || t.terminal.exitStatus !== undefined) {
      const entry = t;
      entry.open = false;
      const pty: vscode.Pseudoterminal = {
        onDidWrite: entry.emitter.event,
        open: () => {
          entry.open = true;
          for (const l of entry.lines) entry.emitter.fire(l);
        },
        close: () => {
          entry.open = false;
          entry.terminal = undefined;
        },
      };
      entry.terminal = vscode.window.createTerminal({ name: title, pty, iconPath: new vscode.ThemeIcon('package') });
    }
    return t;
  }

  write(sessionId: string, arch: string, title: string, line: string, aportsDir: string, prefix = ''): void {
    const t = this.ensure(sessionId, arch, title);
    const text = terminalLine(line, aportsDir, prefix);
    t.lines.push(text);
    if (t.open) t.emitter.fire(text);
  }

  /** Forgets an arch's earlier output (re-run). */
  reset(sessionId: string, arch: string): void {
    const t = this.terminals.get(this.key(sessionId, arch));
    if (!t) return;
    t.lines = [];
    if (t.open) t.emitter.fire('\x1b[2J\x1b[3J\x1b[H');
  }

  show(sessionId: string, arch: string, title: string): void {
    this.ensure(sessionId, arch, title).terminal!.show(true);
  }

  dispose(): void {
    for (const t of this.terminals.values()) {
      t.terminal?.dispose();
      t.emitter.dispose();
    }
    this.terminals.clear();
  }
}
