// Lints an open document once per version: diagnostics and code actions share the findings.
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { FeatureDocument } from '../features/document';
import * as path from 'node:path';
import { contextFor } from '../lint';
import { findConfig } from '../rules/config';
import { runRules } from '../rules/engine';
import { PackageFilesCache } from './package-files';
import type { Finding } from '../rules/engine';
import type { TreeIndex } from '../rules/types';
import { EDITOR_MAX_AGE_MS, treeIndexFor } from '../workspace/fs-tree-index';

/** The aports tree around a file, for the repository-aware rules; undefined outside a tree. */
export type TreeIndexProvider = (fsPath: string) => TreeIndex | undefined;

export const defaultTreeIndexProvider: TreeIndexProvider = (fsPath) => treeIndexFor(fsPath, EDITOR_MAX_AGE_MS);

/** The path findings are reported under: the file's path, or `APKBUILD` for an unsaved buffer. */
export function reportPathOf(doc: FeatureDocument): string {
  return doc.fsPath ?? 'APKBUILD';
}

export class DocumentLinter {
  private readonly cache = new WeakMap<Apkbuild, Finding[]>();
  readonly packageFiles = new PackageFilesCache();

  constructor(
    private readonly treeIndex: TreeIndexProvider = defaultTreeIndexProvider,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Forgets the findings of a version, so that the next call lints it again. */
  forget(doc: FeatureDocument): void {
    this.cache.delete(doc.apkbuild);
  }

  findings(doc: FeatureDocument): Finding[] {
    let found = this.cache.get(doc.apkbuild);
    if (!found) {
      found = doc.text.includes('\0') ? [] : this.lint(doc);
      this.cache.set(doc.apkbuild, found);
    }
    return found;
  }

  private lint(doc: FeatureDocument): Finding[] {
    const file = doc.fsPath;
    if (!file) {
      // an unsaved buffer has no package directory (contextFor would look for `APKBUILD` in the cwd)
      const context = { ...contextFor({ path: reportPathOf(doc), env: this.env }, undefined), packageDir: undefined, readPackageFile: undefined, listPackageFiles: undefined };
      return runRules(doc.apkbuild, context, { env: this.env });
    }
    const dir = path.dirname(file);
    const listing = this.packageFiles.list(dir);
    // an APKBUILD not yet saved in its directory has no package files to check
    const onDisk = listing.includes(path.basename(file));
    const options = { path: file, tree: this.treeIndex(file), env: this.env, packageFiles: onDisk ? listing : undefined };
    const config = findConfig(dir, options.packageFiles);
    const context = contextFor(options, config);
    if (onDisk) {
      context.listPackageFiles = () => listing;
      context.readPackageFile = (name) => this.packageFiles.read(dir, name);
    }
    return runRules(doc.apkbuild, context, { env: this.env, config });
  }
}
