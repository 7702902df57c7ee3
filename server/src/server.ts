// The language server: LSP wiring only. Documents live in lsp/document-store, diagnostics are
// timed by lsp/diagnostics-scheduler, and every request maps to a pure feature in features/.
// Adding a feature is its capability in onInitialize plus one line, e.g.
//   connection.onHover(onDocument(connection, store, null, (doc, p) => hover(doc, p.position)));
import {
  CodeActionKind,
  Connection,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  ExecuteCommandParams,
  InitializeParams,
  InitializeResult,
  MessageType,
  ShowMessageNotification,
  TextDocumentSyncKind,
  WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import * as path from 'node:path';
import { resolveSrcdest } from './checksum/srcdest';
import { VERSION } from './cli/version';
import { codeActions, documentEdit, FIX_ALL_KIND, UPDATE_CHECKSUMS_COMMAND } from './features/code-actions';
import { toDiagnostics } from './features/diagnostics';
import type { FeatureDocument } from './features/document';
import { formattingEdits } from './features/formatting';
import { packageInfo, PACKAGE_INFO_METHOD } from './features/package-info';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { documentLinks } from './features/document-links';
import { inlayHints } from './features/inlay-hints';
import { hover } from './features/hover';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { documentSymbols } from './features/symbols';
import { workspaceSymbols } from './features/workspace-symbols';
import { bumpPkgrel, bumpPkgver, BumpResult } from './features/version-bump';
import { initParser } from './parser/parser';
import type { TextEdit } from './rules/types';
import { checksumUpdate } from './lsp/checksum-update';
import { DiagnosticsScheduler } from './lsp/diagnostics-scheduler';
import { localRulesDocument } from './lsp/docs-url';
import { DocumentStore, fsPathOf } from './lsp/document-store';
import { DocumentLinter, reportPathOf, TreeIndexProvider } from './lsp/lint-document';
import { errorText, onDocument } from './lsp/requests';
import { WorkspaceIndex } from './lsp/workspace-index';
import { treeRootOf } from './workspace/fs-tree-index';
import type { FileChangeType } from './workspace/package-index';

export const COMMANDS = { updateChecksums: UPDATE_CHECKSUMS_COMMAND, bumpPkgver: 'apkbuild.bumpPkgver', bumpPkgrel: 'apkbuild.bumpPkgrel' } as const;

export interface ServerOptions {
  /** the aports tree for the repository-aware rules; default: the workspace index, or the disk around the file */
  treeIndex?: TreeIndexProvider;
  env?: NodeJS.ProcessEnv;
}

/** `initializationOptions` a client may send. */
interface InitializationOptions {
  /** absolute URL of a published docs/rules.md; diagnostics link to `<docsUrl>#<code>` */
  docsUrl?: string;
  /** download cache for apkbuild.updateChecksums (default: as abuild, $SRCDEST or abuild.conf) */
  srcdest?: string;
}

export function startServer(connection: Connection, options: ServerOptions = {}): void {
  const env = options.env ?? process.env;
  const store = new DocumentStore();
  const workspace = new WorkspaceIndex({
    onProgress: (p) => indexProgress?.report(p.total ? Math.round((p.done / p.total) * 100) : 0, `${p.done}/${p.total} APKBUILDs`),
    onReady: (index) => {
      indexProgress?.done();
      indexProgress = undefined;
      connection.console.info(`aports index: ${index.size} APKBUILDs under ${index.roots.join(', ')}`);
      // the repository-aware rules now see the whole tree
      for (const uri of store.uris()) {
        const doc = store.get(uri);
        if (doc) linter.forget(doc);
        scheduler.schedule(uri, true);
      }
    },
    onError: (e) => {
      indexProgress?.done();
      indexProgress = undefined;
      connection.console.error(`aports index: ${errorText(e)}`);
    },
  });
  let indexProgress: WorkDoneProgressServerReporter | undefined;
  const linter = new DocumentLinter(options.treeIndex ?? ((fsPath) => workspace.treeIndexFor(fsPath)), env);
  let workspaceFolders: string[] = [];
  let progressSupported = false;
  let watcherRegistration = false;
  let settings: InitializationOptions = {};
  let docsUrl: string | undefined;
  let versionedEdits = true;

  // a notification: window/showMessageRequest would wait for an answer the user may never give
  const showError = (message: string) => void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Error, message });
  const diagnosticOptions = (doc: FeatureDocument) => ({ path: reportPathOf(doc), docsUrl });
  const scheduler = new DiagnosticsScheduler(
    (uri) => {
      const doc = store.get(uri);
      return doc && { version: doc.version, diagnostics: toDiagnostics(linter.findings(doc), diagnosticOptions(doc)) };
    },
    (uri, version, diagnostics) => void connection.sendDiagnostics({ uri, version, diagnostics }),
    (uri, e) => connection.console.error(`${uri}: ${errorText(e)}`),
  );

  connection.onInitialize(async (params: InitializeParams): Promise<InitializeResult> => {
    await initParser();
    settings = (params.initializationOptions ?? {}) as InitializationOptions;
    versionedEdits = params.capabilities?.workspace?.workspaceEdit?.documentChanges === true;
    progressSupported = params.capabilities?.window?.workDoneProgress === true;
    watcherRegistration = params.capabilities?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    const folderUris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    workspaceFolders = folderUris.map(fsPathOf).filter((p): p is string => !!p);
    docsUrl = typeof settings.docsUrl === 'string' && settings.docsUrl ? settings.docsUrl : localRulesDocument();
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.RefactorRewrite] },
        documentFormattingProvider: true,
        completionProvider: { triggerCharacters: ['$', '{', '!', ':', '-', '"', ' '] },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        inlayHintProvider: true,
        executeCommandProvider: { commands: Object.values(COMMANDS) },
      },
      serverInfo: { name: 'apkbuild-ls', version: VERSION },
    };
  });

  const startIndex = async (folders: string[]) => {
    if (!folders.length || workspace.current) return;
    if (progressSupported) {
      try {
        indexProgress = await connection.window.createWorkDoneProgress();
        indexProgress.begin('Indexing APKBUILDs', 0, 'searching the workspace', false);
      } catch {
        indexProgress = undefined;
      }
    }
    if (!workspace.start(folders)) {
      indexProgress?.done();
      indexProgress = undefined;
    }
  };

  connection.onInitialized(() => {
    connection.console.info(`apkbuild-ls ${VERSION} (node ${process.version}); rule docs: ${docsUrl ?? 'none'}`);
    if (watcherRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/APKBUILD' }] }).catch(() => undefined);
    }
    void startIndex(workspaceFolders);
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      const file = fsPathOf(change.uri);
      if (file) void workspace.fileChanged(file, change.type as FileChangeType).catch((e) => connection.console.error(`aports index: ${errorText(e)}`));
    }
  });

  connection.onDidOpenTextDocument(({ textDocument: d }) => {
    store.open(d.uri, d.version, d.text);
    scheduler.schedule(d.uri);
    // an editor without workspace folders (nvim on one file): index the tree around the first file
    const file = fsPathOf(d.uri);
    const root = file && !workspaceFolders.length && !workspace.current ? treeRootOf(file) : undefined;
    if (root) void startIndex([root]);
  });
  connection.onDidChangeTextDocument(({ textDocument: d, contentChanges }) => {
    if (!store.has(d.uri)) return;
    store.change(d.uri, d.version ?? (store.version(d.uri) ?? 0) + 1, contentChanges);
    scheduler.schedule(d.uri);
  });
  // a saved file may be a patch or init script of an open APKBUILD: re-read the package files
  connection.onDidSaveTextDocument(({ textDocument: d }) => {
    const saved = fsPathOf(d.uri);
    if (!saved) return;
    linter.packageFiles.invalidate(path.dirname(saved));
    if (path.basename(saved) === 'APKBUILD' && !watcherRegistration) void workspace.fileChanged(saved, 2).catch(() => undefined);
    for (const uri of store.uris()) {
      const doc = store.get(uri);
      if (doc?.fsPath && path.dirname(doc.fsPath) === path.dirname(saved)) {
        linter.forget(doc);
        scheduler.schedule(uri, true);
      }
    }
  });
  connection.onDidCloseTextDocument(({ textDocument: d }) => {
    store.close(d.uri);
    scheduler.forget(d.uri);
  });

  connection.onCodeAction(
    onDocument(connection, store, [], (doc, p) => codeActions(doc, linter.findings(doc), { range: p.range, diagnostics: p.context?.diagnostics, only: p.context?.only, versionedEdits }, diagnosticOptions(doc))),
  );
  connection.onDocumentFormatting(
    onDocument(connection, store, [], (doc) => formattingEdits(doc.apkbuild).map((e) => ({ range: doc.apkbuild.lines.range(e.span), newText: e.newText }))),
  );

  const index = () => workspace.current;
  connection.onCompletion(onDocument(connection, store, null, (doc, p) => completion(doc, p.position, index())));
  connection.onHover(onDocument(connection, store, null, (doc, p) => hover(doc, p.position, index())));
  connection.onDefinition(onDocument(connection, store, [], (doc, p) => definition(doc, p.position, index())));
  connection.onReferences(onDocument(connection, store, [], (doc, p) => references(doc, p.position, p.context ?? { includeDeclaration: true })));
  connection.onPrepareRename(onDocument(connection, store, null, (doc, p) => prepareRename(doc, p.position)));
  connection.onRenameRequest((p) => {
    const doc = store.get(p.textDocument.uri);
    if (!doc) return null;
    try {
      return rename(doc, p.position, p.newName);
    } catch (e) {
      // rename explains a refused name in its message: the user sees it
      return new ResponseError(LSPErrorCodes.RequestFailed, (e as Error).message ?? String(e));
    }
  });
  connection.onDocumentSymbol(onDocument(connection, store, [], (doc) => documentSymbols(doc)));
  connection.onWorkspaceSymbol((p) => workspaceSymbols(p.query ?? '', index()));
  connection.onDocumentLinks(onDocument(connection, store, [], (doc) => documentLinks(doc)));
  connection.languages.inlayHint.on(onDocument(connection, store, [], (doc, p) => inlayHints(doc, p.range)));
  connection.onRequest(PACKAGE_INFO_METHOD, onDocument(connection, store, null, (doc) => packageInfo(doc)));

  const applyEdits = async (doc: FeatureDocument, label: string, edits: TextEdit[]) => {
    if (!edits.length) return { applied: true };
    const result = await connection.workspace.applyEdit({ label, edit: documentEdit(doc, edits, versionedEdits) });
    if (!result.applied) showError(`${label}: the editor did not apply the edit${result.failureReason ? ` (${result.failureReason})` : ''}`);
    return { applied: result.applied };
  };
  const applyBump = (doc: FeatureDocument, label: string, result: BumpResult) => {
    if ('error' in result) {
      showError(`${label}: ${result.error}`);
      return { applied: false, error: result.error };
    }
    return applyEdits(doc, label, result.edits);
  };

  connection.onExecuteCommand(async (params: ExecuteCommandParams, token, workDone) => {
    const [target, version] = params.arguments ?? [];
    const uri = typeof target === 'string' ? target : (target as { uri?: unknown } | undefined)?.uri;
    const doc = typeof uri === 'string' ? store.get(uri) : undefined;
    if (!doc) {
      showError(`${params.command}: the first argument must be the URI of an open APKBUILD`);
      return { applied: false };
    }
    try {
      switch (params.command) {
        case COMMANDS.bumpPkgrel:
          return await applyBump(doc, 'Bump pkgrel', bumpPkgrel(doc.apkbuild));
        case COMMANDS.bumpPkgver:
          if (typeof version !== 'string' || !version) {
            const error = 'the new version must be given as the second argument (the VS Code command asks for it)';
            showError(`Bump pkgver: ${error}`);
            return { applied: false, error };
          }
          return await applyBump(doc, 'Bump pkgver', bumpPkgver(doc.apkbuild, version));
        case COMMANDS.updateChecksums: {
          const progress = params.workDoneToken !== undefined ? workDone : await connection.window.createWorkDoneProgress();
          const abort = new AbortController();
          // a progress the server created is cancelled through it; a client's one through the request
          if ('token' in progress) (progress as WorkDoneProgressServerReporter).token.onCancellationRequested(() => abort.abort());
          token.onCancellationRequested(() => abort.abort());
          progress.begin('Updating checksums', 0, 'reading sources', true);
          // at most ten reports a second: the latest state, 100 ms after the first change
          let latest: [number, string] | undefined;
          let timer: NodeJS.Timeout | undefined;
          const result = await checksumUpdate(doc, {
            srcdest: settings.srcdest || resolveSrcdest({ env, cwd: process.cwd() }).dir,
            signal: abort.signal,
            onProgress: (done, total, bytes, current) => {
              const mib = (bytes / 1024 / 1024).toFixed(1);
              latest = [total ? Math.round((done / total) * 100) : 100, `${done}/${total} files, ${mib} MiB downloaded${current ? ` (${current})` : ''}`];
              timer ??= setTimeout(() => {
                timer = undefined;
                if (latest) progress.report(...latest);
              }, 100);
            },
          });
          clearTimeout(timer);
          if (latest) progress.report(...latest);
          progress.done();
          if ('errors' in result) {
            if (result.cancelled) return { applied: false, cancelled: true };
            for (const e of result.errors) showError(`Update checksums: ${e}`);
            return { applied: false, errors: result.errors };
          }
          const current = store.get(doc.uri);
          if (!current || current.version !== doc.version) {
            showError('Update checksums: the APKBUILD changed while the checksums were computed; run it again');
            return { applied: false };
          }
          if (!result.edits.length) connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: 'sha512sums is up to date' });
          return await applyEdits(doc, 'Update checksums', result.edits);
        }
        default:
          showError(`unknown command ${params.command}`);
          return { applied: false };
      }
    } catch (e) {
      connection.console.error(`${params.command}: ${errorText(e)}`);
      showError(`${params.command} failed: ${(e as Error).message ?? e}`);
      return { applied: false };
    }
  });

  connection.onShutdown(() => {
    workspace.dispose();
    scheduler.dispose();
    store.closeAll();
  });
  connection.listen();
}
