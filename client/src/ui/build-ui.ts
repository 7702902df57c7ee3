// The multi-arch build UI: commands, quick pick, terminals, the builds view, diagnostics,
// progress with cancel, the `apkbuild` task type. It renders the pure build modules; the
// decisions live in server/src/build/.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { analyzeText } from 'apkbuild-language-server/out/src/apkbuild/apkbuild';
import { initParser } from 'apkbuild-language-server/out/src/parser/parser';
import { archOptions, buildAllArches, preselected } from 'apkbuild-language-server/out/src/build/arch-choice';
import { readArchField } from 'apkbuild-language-server/out/src/build/arch-filter';
import { alpineArchOfMachine } from 'apkbuild-language-server/out/src/build/arches';
import { chooseEngine, describeEngineChoice, EngineStatus } from 'apkbuild-language-server/out/src/build/detect';
import { buildDiagnostics, diagnosticText } from 'apkbuild-language-server/out/src/build/diagnostics';
import { describeEndpoint } from 'apkbuild-language-server/out/src/build/engine';
import { run } from 'apkbuild-language-server/out/src/build/process';
import { locatePackage } from 'apkbuild-language-server/out/src/build/run-plan';
import { localRunnability } from 'apkbuild-language-server/out/src/build/runnable';
import { BuildEvent, runBuild } from 'apkbuild-language-server/out/src/build/scheduler';
import { BuildSession, summaryOf } from 'apkbuild-language-server/out/src/build/session';
import { BuildSettings, packagerFromGit, resolveBuildSettings, RawBuildSettings } from 'apkbuild-language-server/out/src/build/settings';
import { terminalLine } from 'apkbuild-language-server/out/src/build/terminal-text';
import { BuildNode, BuildTree } from './build-tree';
import { BuildTerminals } from './build-terminals';
import { isCellNode, registerChainUi, showCellLog } from './chain-ui';

const LAST_ARCHES = 'apkbuild.build.lastArches';
const HOST_ARCH = alpineArchOfMachine(process.arch) ?? process.arch;

export interface BuildUiOptions {
  output?: vscode.OutputChannel;
}

interface TaskDefinition extends vscode.TaskDefinition {
  arch?: string | string[];
  release?: string;
  apkbuild?: string;
}

async function gitPackager(cwd: string): Promise<string | undefined> {
  const get = async (key: string) => (await run({ command: 'git', args: ['config', '--get', key] }, { cwd })).stdout.trim() || undefined;
  return packagerFromGit(await get('user.name'), await get('user.email'));
}

async function loadSettings(apkbuild: string, output?: vscode.OutputChannel): Promise<BuildSettings> {
  const c = vscode.workspace.getConfiguration('apkbuild.build', vscode.Uri.file(apkbuild));
  const raw: RawBuildSettings = {
    engine: c.get('engine'), release: c.get('release'), concurrency: c.get('concurrency'), repodest: c.get('repodest'),
    packager: c.get('packager'), endpoints: c.get('endpoints'), baseImage: c.get('baseImage'), jobs: c.get('jobs'),
  };
  const settings = resolveBuildSettings(raw, raw.packager ? undefined : await gitPackager(path.dirname(apkbuild)));
  for (const p of settings.problems) output?.appendLine(p);
  return settings;
}

function targetApkbuild(arg: unknown): string | undefined {
  if (arg instanceof vscode.Uri) return arg.fsPath;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && path.basename(doc.fileName) === 'APKBUILD') return doc.fileName;
  return undefined;
}

export function registerBuildUi(context: vscode.ExtensionContext, options: BuildUiOptions = {}): vscode.Disposable {
  const output = options.output;
  const tree = new BuildTree();
  const terminals = new BuildTerminals();
  const diagnostics = vscode.languages.createDiagnosticCollection('apkbuild-build');
  const view = vscode.window.createTreeView('apkbuild.builds', { treeDataProvider: tree, showCollapseAll: true });
  const running = new Map<string, AbortController>();
  const sessionInfo = new WeakMap<BuildSession, { aportsDir: string; repodest?: string; settings: BuildSettings; engine: EngineStatus }>();
  let cachedEngine: { key: string; status: EngineStatus } | undefined;

  async function engineFor(settings: BuildSettings): Promise<EngineStatus | undefined> {
    const key = JSON.stringify(settings.engine);
    if (cachedEngine?.key === key) return cachedEngine.status;
    const choice = await chooseEngine(settings.engine);
    for (const line of describeEngineChoice(choice)) output?.appendLine(line);
    if (!choice.chosen) {
      const fix = choice.checked.find((s) => s.fix)?.fix;
      const pick = await vscode.window.showErrorMessage(`No container engine for APKBUILD builds. ${fix ? `${fix.message}. Fix: ${fix.command}` : ''}`, ...(fix ? ['Copy command'] : []), 'Settings');
      if (pick === 'Copy command' && fix) await vscode.env.clipboard.writeText(fix.command.replace(/\s+#.*$/, ''));
      if (pick === 'Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'apkbuild.build');
      return undefined;
    }
    cachedEngine = { key, status: choice.chosen };
    return choice.chosen;
  }

  function title(session: BuildSession, arch: string): string {
    return `abuild ${path.basename(path.dirname(session.apkbuild))} ${arch}`;
  }

  async function refreshDiagnostics(session: BuildSession, text: string): Promise<void> {
    await initParser();
    const model = analyzeText(text);
    const { packageDir } = locatePackage(path.dirname(session.apkbuild));
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const d of buildDiagnostics(session.problems(), session.apkbuild, model, packageDir)) {
      const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
      const diag = new vscode.Diagnostic(range, diagnosticText(d), d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diag.source = 'abuild';
      diag.code = d.kind;
      const list = byFile.get(d.file) ?? [];
      list.push(diag);
      byFile.set(d.file, list);
    }
    diagnostics.clear();
    for (const [file, list] of byFile) diagnostics.set(vscode.Uri.file(file), list);
  }

  /** Runs arches of a session (all of them, or a re-run of some) with progress and cancel. */
  async function runSession(session: BuildSession, arches: string[]): Promise<void> {
    const info = sessionInfo.get(session)!;
    const text = await readFile(session.apkbuild, 'utf8');
    const controller = new AbortController();
    running.set(session.id, controller);
    let pendingDiagnostics: NodeJS.Timeout | undefined;
    const onEvent = (event: BuildEvent) => {
      const produced = session.apply(event);
      if (event.type === 'line') terminals.write(session.id, event.arch, title(session, event.arch), event.line, info.aportsDir);
      if (event.type === 'skipped' || event.type === 'unavailable') terminals.write(session.id, event.arch, title(session, event.arch), `>>> ${event.arch}: ${event.reason}`, info.aportsDir);
      if (produced.length && !pendingDiagnostics) {
        pendingDiagnostics = setTimeout(() => {
          pendingDiagnostics = undefined;
          void refreshDiagnostics(session, text);
        }, 200);
      }
    };
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Building ${path.basename(path.dirname(session.apkbuild))}`, cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => controller.abort());
          let reported = '';
          const unsubscribe = session.onChange(() => {
            const states = arches.map((a) => `${a}: ${session.entry(a)?.status}`).join(', ');
            if (states !== reported) progress.report({ message: (reported = states) });
          });
          try {
            await runBuild({
              apkbuild: session.apkbuild,
              arches,
              release: info.settings.release,
              source: info.settings.source,
              endpoint: info.engine.endpoint,
              perArch: info.settings.perArch,
              repodest: info.repodest,
              concurrency: info.settings.concurrency,
              cpus: info.settings.cpus,
              packager: info.settings.packager,
              rootless: info.engine.rootless,
              signal: controller.signal,
            }, onEvent);
          } finally {
            unsubscribe();
          }
        },
      );
    } catch (err) {
      output?.appendLine(`build failed to run: ${(err as Error).stack ?? err}`);
      void vscode.window.showErrorMessage(`The build could not run: ${(err as Error).message}`);
    } finally {
      running.delete(session.id);
      if (controller.signal.aborted) session.cancelQueued();
      if (pendingDiagnostics) clearTimeout(pendingDiagnostics);
      await refreshDiagnostics(session, text);
    }
    const summary = summaryOf(session);
    const failed = session.all().find((e) => e.status === 'failed');
    if (failed) {
      const pick = await vscode.window.showErrorMessage(`${path.basename(path.dirname(session.apkbuild))}: ${summary}`, 'Show log');
      if (pick) terminals.show(session.id, failed.arch, title(session, failed.arch));
    } else {
      void vscode.window.showInformationMessage(`${path.basename(path.dirname(session.apkbuild))}: ${summary}`);
    }
  }

  async function startBuild(apkbuild: string, arches: string[], settings: BuildSettings): Promise<void> {
    const engine = await engineFor(settings);
    if (!engine) return;
    const { aportsDir } = locatePackage(path.dirname(apkbuild));
    const repodest = settings.repodest ? path.resolve(path.dirname(apkbuild), settings.repodest) : undefined;
    const session = new BuildSession(apkbuild, arches);
    sessionInfo.set(session, { aportsDir, repodest, settings, engine });
    diagnostics.clear();
    tree.add(session);
    terminals.show(session.id, arches[0], title(session, arches[0]));
    await runSession(session, arches);
  }

  async function optionsFor(apkbuild: string, settings: BuildSettings) {
    const field = await readArchField(await readFile(apkbuild, 'utf8'));
    const mapped = Object.fromEntries(Object.entries(settings.perArch).map(([a, e]) => [a, describeEndpoint(e)]));
    return archOptions(field, (arch) => localRunnability(arch, HOST_ARCH), mapped);
  }

  const build = async (arg?: unknown) => {
    const apkbuild = targetApkbuild(arg);
    if (!apkbuild) return void vscode.window.showWarningMessage('Open an APKBUILD (or pick one in the explorer) to build it.');
    const settings = await loadSettings(apkbuild, output);
    const opts = await optionsFor(apkbuild, settings);
    const chosen = new Set(preselected(opts, context.workspaceState.get<string[]>(LAST_ARCHES), HOST_ARCH));
    const picks = await vscode.window.showQuickPick(
      opts.filter((o) => o.allowed).map((o) => ({ label: o.arch, description: o.detail, picked: chosen.has(o.arch) })),
      { canPickMany: true, title: `Build ${path.basename(path.dirname(apkbuild))} for`, placeHolder: 'arches (the last choice is remembered)' },
    );
    if (!picks || picks.length === 0) return;
    const arches = picks.map((p) => p.label);
    await context.workspaceState.update(LAST_ARCHES, arches);
    await startBuild(apkbuild, arches, settings);
  };

  const buildAll = async (arg?: unknown) => {
    const apkbuild = targetApkbuild(arg);
    if (!apkbuild) return void vscode.window.showWarningMessage('Open an APKBUILD (or pick one in the explorer) to build it.');
    const settings = await loadSettings(apkbuild, output);
    const arches = buildAllArches(await optionsFor(apkbuild, settings));
    if (arches.length === 0) return void vscode.window.showWarningMessage('No arch that this APKBUILD allows can run here; see the README on registering QEMU.');
    await startBuild(apkbuild, arches, settings);
  };

  const archNode = (node: unknown): Extract<BuildNode, { kind: 'arch' }> | undefined =>
    node && typeof node === 'object' && (node as BuildNode).kind === 'arch' ? (node as Extract<BuildNode, { kind: 'arch' }>) : undefined;

  const taskProvider: vscode.TaskProvider = {
    provideTasks: async () => {
      const apkbuild = targetApkbuild(undefined);
      if (!apkbuild) return [];
      const settings = await loadSettings(apkbuild, output);
      const arches = buildAllArches(await optionsFor(apkbuild, settings));
      return [
        makeTask({ type: 'apkbuild', arch: arches, release: settings.release, apkbuild }, vscode.TaskScope.Workspace),
        ...arches.map((arch) => makeTask({ type: 'apkbuild', arch, release: settings.release, apkbuild }, vscode.TaskScope.Workspace)),
      ];
    },
    resolveTask: (task) => makeTask(task.definition as TaskDefinition, task.scope ?? vscode.TaskScope.Workspace),
  };

  function makeTask(def: TaskDefinition, scope: vscode.TaskScope | vscode.WorkspaceFolder): vscode.Task {
    const arches = Array.isArray(def.arch) ? def.arch : def.arch ? [def.arch] : [HOST_ARCH];
    const name = `abuild ${arches.join(' ')}${def.release ? ` (${def.release})` : ''}`;
    const execution = new vscode.CustomExecution(async (resolved) => {
      const d = resolved as TaskDefinition;
      const emitter = new vscode.EventEmitter<string>();
      const done = new vscode.EventEmitter<number>();
      const controller = new AbortController();
      const pty: vscode.Pseudoterminal = {
        onDidWrite: emitter.event,
        onDidClose: done.event,
        close: () => controller.abort(),
        open: () => {
          void (async () => {
            const apkbuild = d.apkbuild ? path.resolve(vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '.', d.apkbuild) : targetApkbuild(undefined);
            if (!apkbuild) {
              emitter.fire('No APKBUILD: set "apkbuild" in the task or open one.\r\n');
              return done.fire(2);
            }
            const settings = await loadSettings(apkbuild, output);
            if (d.release) settings.release = d.release;
            const engine = await engineFor(settings);
            if (!engine) return done.fire(2);
            const { aportsDir } = locatePackage(path.dirname(apkbuild));
            const result = await runBuild({
              apkbuild, arches, release: settings.release, source: settings.source, endpoint: engine.endpoint, perArch: settings.perArch,
              repodest: settings.repodest ? path.resolve(path.dirname(apkbuild), settings.repodest) : undefined,
              concurrency: settings.concurrency, cpus: settings.cpus, packager: settings.packager, rootless: engine.rootless, signal: controller.signal,
            }, (e) => {
              if (e.type === 'line') emitter.fire(terminalLine(e.line, aportsDir, `[${e.arch}] `));
              if (e.type === 'skipped' || e.type === 'unavailable') emitter.fire(terminalLine(`>>> ${e.arch}: ${e.reason}`, aportsDir, `[${e.arch}] `));
            });
            const failed = result.outcomes.some((o) => o.status !== 'passed');
            emitter.fire(`\r\n${result.outcomes.map((o) => `${o.arch}: ${o.status}`).join(', ') || 'nothing was built'}\r\n`);
            done.fire(failed ? 1 : 0);
          })();
        },
      };
      return pty;
    });
    const task = new vscode.Task(def, scope, name, 'apkbuild', execution, ['$apkbuild', '$apkbuild-compiler']);
    task.group = vscode.TaskGroup.Build;
    return task;
  }

  const disposables: vscode.Disposable[] = [
    tree, terminals, diagnostics, view,
    vscode.commands.registerCommand('apkbuild.build', build),
    vscode.commands.registerCommand('apkbuild.buildAll', buildAll),
    vscode.commands.registerCommand('apkbuild.build.rerunArch', async (node?: unknown) => {
      const n = archNode(node);
      if (!n || running.has(n.session.id)) return;
      n.session.restart(n.arch);
      terminals.reset(n.session.id, n.arch);
      await runSession(n.session, [n.arch]);
    }),
    vscode.commands.registerCommand('apkbuild.build.openLog', (node?: unknown) => {
      if (isCellNode(node)) return showCellLog(terminals, node);
      const n = archNode(node);
      if (n) terminals.show(n.session.id, n.arch, title(n.session, n.arch));
    }),
    vscode.commands.registerCommand('apkbuild.build.revealPackages', async (node?: unknown) => {
      const n = archNode(node);
      const first = isCellNode(node) ? node.matrix.cell(node.dir, node.arch)?.result.files[0] : n?.session.entry(n.arch)?.packages[0];
      if (first) await vscode.commands.executeCommand('revealFileInOS', vscode.Uri.file(first));
      else void vscode.window.showInformationMessage('This arch wrote no packages.');
    }),
    vscode.commands.registerCommand('apkbuild.build.cancel', () => {
      for (const c of running.values()) c.abort();
    }),
    vscode.tasks.registerTaskProvider('apkbuild', taskProvider),
    registerChainUi({ context, output, tree, terminals, running, loadSettings: (file) => loadSettings(file, output), engineFor }),
    { dispose: () => { for (const c of running.values()) c.abort(); } },
  ];
  context.subscriptions.push(...disposables);
  return vscode.Disposable.from(...disposables);
}
