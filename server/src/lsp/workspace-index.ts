// The aports index of a running server: which roots to scan, the background build, and which
// TreeIndex the repository-aware rules get for a file. Until a root's scan is complete, files
// are checked against the disk (FsTreeIndex), so a half-built index never invents findings.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TreeIndex } from '../rules/types';
import { EDITOR_MAX_AGE_MS, treeIndexFor, treeRootOf } from '../workspace/fs-tree-index';
import { BuildProgress, FileChangeType, PackageIndex } from '../workspace/package-index';

/** The folder to index for a workspace folder: the aports tree around it when it is a package or repo directory. */
export function indexRootFor(folder: string): string {
  const abs = path.resolve(folder);
  const asPackage = treeRootOf(path.join(abs, 'APKBUILD'));
  if (asPackage && fs.existsSync(path.join(abs, 'APKBUILD'))) return asPackage;
  const asRepo = treeRootOf(path.join(abs, 'pkg', 'APKBUILD'));
  return asRepo ?? abs;
}

function isInside(root: string, file: string): boolean {
  const rel = path.relative(root, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface WorkspaceIndexEvents {
  onProgress?(progress: BuildProgress): void;
  /** the scan finished: open documents may be checked again against the complete index */
  onReady?(index: PackageIndex): void;
  onError?(error: unknown): void;
}

export class WorkspaceIndex {
  private index: PackageIndex | undefined;
  private ready = false;
  private readonly abort = new AbortController();

  constructor(private readonly events: WorkspaceIndexEvents = {}) {}

  /** The index for features; it may still be filling. */
  get current(): PackageIndex | undefined {
    return this.index;
  }

  get isReady(): boolean {
    return this.ready;
  }

  /** Starts the background scan of these folders (duplicates and nested roots merged). Once only. */
  start(folders: readonly string[]): boolean {
    if (this.index) return false;
    const roots = [...new Set(folders.map(indexRootFor))].sort();
    const outermost = roots.filter((r) => !roots.some((o) => o !== r && isInside(o, r)));
    if (!outermost.length) return false;
    const index = new PackageIndex(outermost);
    this.index = index;
    index
      .build({ signal: this.abort.signal, onProgress: (p) => this.events.onProgress?.(p) })
      .then(() => {
        if (this.abort.signal.aborted) return;
        this.ready = true;
        this.events.onReady?.(index);
      })
      .catch((e) => this.events.onError?.(e));
    return true;
  }

  /** The TreeIndex for the rules: the complete index for a file under its roots, else the disk. */
  treeIndexFor(fsPath: string): TreeIndex | undefined {
    const index = this.index;
    if (index && this.ready && index.roots.some((r) => isInside(r, fsPath))) return index;
    return treeIndexFor(fsPath, EDITOR_MAX_AGE_MS);
  }

  fileChanged(fsPath: string, type: FileChangeType): Promise<void> {
    return this.index?.applyFileChange(fsPath, type) ?? Promise.resolve();
  }

  dispose(): void {
    this.abort.abort();
  }
}
