// Building a change from VS Code: `apkbuild.buildChange` (the packages changed since a base
// revision) and `apkbuild.buildSelected` (the packages selected in the explorer). Both plan with the
// server's planner, refuse a plan with problems before any container starts, run the chain runner
// and show it as a package × arch matrix in the builds view. `apkbuild.build.rebuildFrom` builds a
// failed cell's package again on its arch, with the packages skipped because they need it.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { archOptions, preselected } from 'apkbuild-language-server/out/src/build/arch-choice';
import { alpineArchOfMachine } from 'apkbuild-language-server/out/src/build/arches';
import { runChain } from 'apkbuild-language-server/out/src/build/chain';
import { chainDiagnostics, ChainMatrix, matrixSummary } from 'apkbuild-language-server/out/src/build/chain-matrix';
import { planChain } from 'apkbuild-language-server/out/src/build/chain-plan';
import { ChainEvent, ChainPlan } from 'apkbuild-language-server/out/src/build/chain-types';
import { EngineStatus } from 'apkbuild-language-server/out/src/build/detect';
import { describeEndpoint } from 'apkbuild-language-server/out/src/build/engine';
import { run } from 'apkbuild-language-server/out/src/build/process';
import { localRunnability } from 'apkbuild-language-server/out/src/build/runnable';
import { BuildSettings } from 'apkbuild-language-server/out/src/build/settings';
import { BuildNode, BuildTree } from './build-tree';
import { BuildTerminals } from './build-terminals';

const LAST_ARCHES = 'apkbuild.build.lastArches';
const HOST_ARCH = alpineArchOfMachine(process.arch) ?? process.arch;

export interface ChainUiDeps {
  context: vscode.ExtensionContext;
  output?: vscode.OutputChannel;
  tree: BuildTree;
  terminals: BuildTerminals;
  /** the builds running now, by id, for the view's cancel button */
  running: Map<string, AbortController>;
  loadSettings(file: string): Promise<BuildSettings>;
  engineFor(settings: BuildSettings): Promise<EngineStatus | undefined>;
}

type CellNode = Extract<BuildNode, { kind: 'cell' }>;

export function isCellNode(node: unknown): node is CellNode {
  return !!node && typeof node === 'object' && (node as BuildNode).kind === 'cell';
}

function title(arch: string): string {
  return `abuild change ${arch}`;
}

/** The upstream branch of the repository at `cwd` (`origin/master`), when it has one. */
async function upstreamOf(cwd: string): Promise<string | undefined> {
  const r = await run({ command: 'git', args: ['rev-parse', '--abbrev-ref', '--symbolic-full-name', '@{upstream}'] }, { cwd });
  return r.code === 0 ? r.stdout.trim() || undefined : undefined;
}

export function registerChainUi(deps: ChainUiDeps): vscode.Disposable {
  const { context, output, tree, terminals, running } = deps;
  const diagnostics = vscode.languages.createDiagnosticCollection('apkbuild-chain');

  async function pickArches(settings: BuildSettings, what: string): Promise<string[] | undefined> {
    const mapped = Object.fromEntries(Object.entries(settings.perArch).map(([a, e]) => [a, describeEndpoint(e)]));
    // every arch: each package's arch= is applied by the planner, per arch
    const opts = archOptions({}, (arch) => localRunnability(arch, HOST_ARCH), mapped);
    const chosen = new Set(preselected(opts, context.workspaceState.get<string[]>(LAST_ARCHES), HOST_ARCH));
    const picks = await vscode.window.showQuickPick(
      opts.map((o) => ({ label: o.arch, description: o.detail, picked: chosen.has(o.arch) })),
      { canPickMany: true, title: `Build ${what} for`, placeHolder: 'arches (the last choice is remembered)' },
    );
    if (!picks || picks.length === 0) return undefined;
    const arches = picks.map((p) => p.label);
    await context.workspaceState.update(LAST_ARCHES, arches);
    return arches;
  }

  function refreshDiagnostics(matrix: ChainMatrix): void {
    diagnostics.clear();
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of chainDiagnostics(matrix)) {
      const diag = new vscode.Diagnostic(new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character), d.message, vscode.DiagnosticSeverity.Error);
      diag.source = 'abuild';
      diag.code = d.kind;
      byFile.set(d.file, [...(byFile.get(d.file) ?? []), diag]);
    }
    for (const [file, list] of byFile) diagnostics.set(vscode.Uri.file(file), list);
  }

  /** Plans, then runs the chain; `what` names the set in titles and messages. The arches are asked
   * for unless given. */
  async function buildSet(request: { dirs: string[]; changedSince?: string; cwd: string }, what: string, settingsFile: string, given?: string[]): Promise<void> {
    const settings = await deps.loadSettings(settingsFile);
    const arches = given ?? (await pickArches(settings, what));
    if (!arches) return;
    let planned: { plan: ChainPlan; aportsDir: string; notes: string[] };
    try {
      planned = await planChain({ ...request, arches });
    } catch (err) {
      // a cycle, a name found nowhere, two providers, a bad revision: before any container
      output?.appendLine(`build plan refused: ${(err as Error).message}`);
      void vscode.window.showErrorMessage(`Cannot build ${what}: ${(err as Error).message}`, { modal: false });
      return;
    }
    for (const note of planned.notes) output?.appendLine(`build plan: ${note}`);
    if (Object.values(planned.plan).every((l) => l.length === 0)) return void vscode.window.showInformationMessage(`Nothing to build: ${what} has no package for ${arches.join(', ')}.`);
    const engine = await deps.engineFor(settings);
    if (!engine) return;
    const { aportsDir, plan } = planned;
    const matrix = new ChainMatrix(aportsDir, plan);
    const controller = new AbortController();
    running.set(matrix.id, controller);
    diagnostics.clear();
    tree.add(matrix);
    const onEvent = (event: ChainEvent) => {
      matrix.apply(event);
      if (event.type === 'line') terminals.write(matrix.id, event.arch, title(event.arch), event.line, aportsDir, event.dir ? `[${path.basename(event.dir)}] ` : '');
      if (event.type === 'package' && event.result.status === 'failed') refreshDiagnostics(matrix);
    };
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `APKBUILD: building ${what}`, cancellable: true }, async (progress, token) => {
        token.onCancellationRequested(() => controller.abort());
        const unsubscribe = matrix.onChange(() => {
          const done = matrix.all().filter((c) => !['queued', 'running'].includes(c.result.status)).length;
          progress.report({ message: `${done}/${matrix.all().length}` });
        });
        try {
          await runChain({
            aportsDir, plan,
            release: settings.release, source: settings.source, endpoint: engine.endpoint, perArch: settings.perArch,
            repodest: settings.repodest ? path.resolve(aportsDir, settings.repodest) : undefined,
            concurrency: settings.concurrency, cpus: settings.cpus, packager: settings.packager, rootless: engine.rootless, signal: controller.signal,
          }, onEvent);
        } finally {
          unsubscribe();
        }
      });
    } catch (err) {
      output?.appendLine(`chained build failed to run: ${(err as Error).stack ?? err}`);
      void vscode.window.showErrorMessage(`The build could not run: ${(err as Error).message}`);
    } finally {
      running.delete(matrix.id);
      matrix.finish();
      refreshDiagnostics(matrix);
    }
    const failed = matrix.all().find((c) => c.result.status === 'failed');
    if (failed) {
      const pick = await vscode.window.showErrorMessage(`${what}: ${matrixSummary(matrix)}`, 'Show log');
      if (pick) terminals.show(matrix.id, failed.result.arch, title(failed.result.arch));
    } else {
      void vscode.window.showInformationMessage(`${what}: ${matrixSummary(matrix)}`);
    }
  }

  const buildChange = async () => {
    const folder = vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri) : undefined;
    const cwd = (folder ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
    if (!cwd) return void vscode.window.showWarningMessage('Open an aports checkout to build a change.');
    const upstream = await upstreamOf(cwd);
    const items: (vscode.QuickPickItem & { rev?: string })[] = [
      ...(upstream ? [{ label: upstream, description: 'merge base with the upstream branch', rev: '@{upstream}' }] : []),
      { label: 'HEAD~1', description: 'the last commit', rev: 'HEAD~1' },
      { label: 'Other revision…', description: 'a branch, tag or commit' },
    ];
    const pick = await vscode.window.showQuickPick(items, { title: 'Build the change since', placeHolder: 'base revision: the packages changed since its merge base with HEAD are built' });
    if (!pick) return;
    const rev = pick.rev ?? (await vscode.window.showInputBox({ title: 'Build the change since', prompt: 'A revision (branch, tag, commit)', value: 'origin/master' }))?.trim();
    if (!rev) return;
    await buildSet({ dirs: [], changedSince: rev, cwd }, `the change since ${pick.rev === '@{upstream}' ? upstream : rev}`, path.join(cwd, 'APKBUILD'));
  };

  const buildSelected = async (clicked?: unknown, selected?: unknown) => {
    const uris = (Array.isArray(selected) && selected.length ? selected : [clicked]).filter((u): u is vscode.Uri => u instanceof vscode.Uri);
    if (uris.length === 0) {
      const doc = vscode.window.activeTextEditor?.document;
      if (doc && path.basename(doc.fileName) === 'APKBUILD') uris.push(doc.uri);
    }
    if (uris.length === 0) return void vscode.window.showWarningMessage('Select APKBUILD files or package folders in the explorer to build them.');
    const dirs = uris.map((u) => u.fsPath);
    const names = dirs.map((d) => path.basename(path.basename(d) === 'APKBUILD' ? path.dirname(d) : d));
    const what = names.length > 3 ? `${names.length} packages` : names.join(', ');
    await buildSet({ dirs, cwd: path.dirname(dirs[0]) }, what, dirs[0]);
  };

  /** A finished matrix's cell that did not pass: its package again, with what was skipped for it. */
  const rebuildFrom = async (node?: unknown) => {
    if (!isCellNode(node)) return;
    const dirs = node.matrix.rebuildFrom(node.dir, node.arch);
    if (dirs.length === 0) return void vscode.window.showInformationMessage('Rebuild from here works on a package that did not pass, once its build is over.');
    const names = dirs.map((d) => path.basename(d));
    await buildSet({ dirs, cwd: node.matrix.aportsDir }, `${names.join(', ')} on ${node.arch}`, path.join(dirs[0], 'APKBUILD'), [node.arch]);
  };

  const disposables = [
    diagnostics,
    vscode.commands.registerCommand('apkbuild.buildChange', buildChange),
    vscode.commands.registerCommand('apkbuild.buildSelected', buildSelected),
    vscode.commands.registerCommand('apkbuild.build.rebuildFrom', rebuildFrom),
  ];
  return vscode.Disposable.from(...disposables);
}

/** Shows the log of a matrix cell: its arch's terminal, where every line names its package. */
export function showCellLog(terminals: BuildTerminals, node: CellNode): void {
  terminals.show(node.matrix.id, node.arch, title(node.arch));
}
