// Lints an open document once per version: diagnostics and code actions share the findings.
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { FeatureDocument } from '../features/document';
import { lintApkbuild } from '../lint';
import type { Finding } from '../rules/engine';
import type { TreeIndex } from '../rules/types';
import { treeIndexFor } from '../workspace/fs-tree-index';

/** The aports tree around a file, for the repository-aware rules; undefined outside a tree. */
export type TreeIndexProvider = (fsPath: string) => TreeIndex | undefined;

export const defaultTreeIndexProvider: TreeIndexProvider = treeIndexFor;

/** The path findings are reported under: the file's path, or `APKBUILD` for an unsaved buffer. */
export function reportPathOf(doc: FeatureDocument): string {
  return doc.fsPath ?? 'APKBUILD';
}

export class DocumentLinter {
  private readonly cache = new WeakMap<Apkbuild, Finding[]>();

  constructor(
    private readonly treeIndex: TreeIndexProvider = defaultTreeIndexProvider,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  findings(doc: FeatureDocument): Finding[] {
    let found = this.cache.get(doc.apkbuild);
    if (!found) {
      found = doc.text.includes('\0')
        ? []
        : lintApkbuild(doc.apkbuild, { path: reportPathOf(doc), tree: doc.fsPath ? this.treeIndex(doc.fsPath) : undefined, env: this.env });
      this.cache.set(doc.apkbuild, found);
    }
    return found;
  }
}
