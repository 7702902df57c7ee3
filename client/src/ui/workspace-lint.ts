// `APKBUILD: Lint workspace`: every APKBUILD under the workspace folders linted by the bundled CLI
// in a child process, the problems in the Problems view; progress with cancel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { problemsByFile, WorkspaceProblem } from '../lint-report';
import { runLint } from '../lint-process';
import { keepDiagnostic } from '../severity-filter';

export class WorkspaceLint implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('apkbuild-workspace');
  private readonly disposables: vscode.Disposable[] = [this.collection];

  constructor(private readonly cliPath: string, private readonly output: vscode.LogOutputChannel) {
    // an open APKBUILD gets live diagnostics from the language server: do not show both
    this.disposables.push(vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.languageId === 'apkbuild') this.collection.delete(d.uri);
    }));
  }

  /** Lints the workspace folders, or only `folder` (a directory from the explorer menu). */
  async run(folder?: unknown): Promise<void> {
    const dir = folder instanceof vscode.Uri && folder.scheme === 'file' ? folder : undefined;
    const picked = dir && vscode.workspace.getWorkspaceFolder(dir);
    const folders = picked && dir
      ? [{ ...picked, name: path.basename(dir.fsPath), uri: dir }]
      : (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
    if (folders.length === 0) {
      void vscode.window.showInformationMessage('Lint workspace: open a folder with APKBUILD files first.');
      return;
    }
    const include = picked && dir ? new vscode.RelativePattern(dir, '**/APKBUILD') : '**/APKBUILD';
    const found = await vscode.workspace.findFiles(include, '**/{node_modules,.git}/**', 1);
    if (found.length === 0) {
      void vscode.window.showInformationMessage(`Lint workspace: there is no APKBUILD in ${picked && dir ? path.basename(dir.fsPath) : 'this workspace'}.`);
      return;
    }
    const exclude = vscode.workspace.getConfiguration('apkbuild').get<string[]>('lintWorkspace.exclude', []);
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Linting APKBUILDs', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const cancel = token.onCancellationRequested(() => abort.abort());
        try {
          progress.report({ message: folders.map((f) => f.name).join(', ') });
          const dirs = folders.map((f) => f.uri.fsPath);
          const run = await runLint(process.execPath, this.cliPath, dirs, { cwd: dirs[0], signal: abort.signal });
          if (run.cancelled) {
            this.output.appendLine('Lint workspace: cancelled.');
            return;
          }
          if (run.stderr.trim()) this.output.appendLine(run.stderr.trimEnd());
          let byFile: Map<string, WorkspaceProblem[]>;
          try {
            byFile = problemsByFile(run.stdout || '[]', dirs[0]);
          } catch (err) {
            void vscode.window.showErrorMessage(`Lint workspace failed (exit ${run.exitCode}): ${firstLine(run.stderr) || (err as Error).message}`);
            return;
          }
          const shown = this.publish(byFile, exclude, folders);
          if (run.exitCode === 2) {
            void vscode.window.showWarningMessage(`Lint workspace: some files could not be read (${firstLine(run.stderr)}). See the APKBUILD output.`);
          }
          this.output.appendLine(`Lint workspace: ${shown.problems} problem(s) in ${shown.files} file(s).`);
          if (shown.problems > 0) void vscode.commands.executeCommand('workbench.actions.view.problems');
          else void vscode.window.showInformationMessage('Lint workspace: no problems found.');
        } catch (err) {
          void vscode.window.showErrorMessage(`Lint workspace could not run the linter: ${(err as Error).message}`);
        } finally {
          cancel.dispose();
        }
      },
    );
  }

  private publish(byFile: Map<string, WorkspaceProblem[]>, exclude: readonly string[], folders: readonly vscode.WorkspaceFolder[]): { files: number; problems: number } {
    const minimum = vscode.workspace.getConfiguration('apkbuild').get<string>('lint.minimumSeverity');
    const open = new Set(vscode.workspace.textDocuments.filter((d) => d.languageId === 'apkbuild').map((d) => d.uri.fsPath));
    const excluded = folders.flatMap((f) => exclude.map((e) => path.resolve(f.uri.fsPath, e) + path.sep));
    // a run over one folder replaces only that folder's problems
    const roots = folders.map((f) => f.uri.fsPath + path.sep);
    this.collection.forEach((uri) => {
      if (roots.some((r) => uri.fsPath.startsWith(r))) this.collection.delete(uri);
    });
    let files = 0;
    let problems = 0;
    for (const [file, list] of byFile) {
      if (open.has(file) || excluded.some((e) => file.startsWith(e))) continue;
      const diagnostics = list.filter((p) => keepDiagnostic(p.severity, minimum)).map(toDiagnostic);
      if (diagnostics.length === 0) continue;
      this.collection.set(vscode.Uri.file(file), diagnostics);
      files++;
      problems += diagnostics.length;
    }
    return { files, problems };
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function toDiagnostic(p: WorkspaceProblem): vscode.Diagnostic {
  const d = new vscode.Diagnostic(
    new vscode.Range(p.range.startLine, p.range.startCharacter, p.range.endLine, p.range.endCharacter),
    p.message,
    p.severity as vscode.DiagnosticSeverity,
  );
  d.source = 'apkbuild';
  d.code = p.code;
  return d;
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0] ?? '';
}
