import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIPPED_DIRS = new Set(['.git', 'node_modules', '.hg', '.svn']);
const MAX_DEPTH = 16;
const PARALLEL_READDIRS = 8;

/**
 * Every APKBUILD under the roots, found without following a directory twice (symlink loops,
 * symlinked repositories). A directory holding an APKBUILD is a package: its subdirectories
 * (abuild's src/ and pkg/, which can hold whole source trees) are not searched. Directories that
 * vanish or can not be read are skipped.
 */
export async function findApkbuilds(roots: readonly string[], signal?: AbortSignal): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const queue: { dir: string; depth: number }[] = [];
  for (const root of roots) queue.push({ dir: path.resolve(root), depth: 0 });

  async function visit(dir: string, depth: number): Promise<void> {
    let real: string;
    try {
      real = await fs.promises.realpath(dir);
    } catch {
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    const apkbuild = entries.find((e) => e.name === 'APKBUILD');
    if (apkbuild && (apkbuild.isFile() || (apkbuild.isSymbolicLink() && (await isFile(path.join(dir, 'APKBUILD')))))) {
      found.push(path.join(dir, 'APKBUILD'));
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const e of entries) {
      if (SKIPPED_DIRS.has(e.name)) continue;
      const child = path.join(dir, e.name);
      if (e.isDirectory() || (e.isSymbolicLink() && (await isDirectory(child)))) queue.push({ dir: child, depth: depth + 1 });
    }
  }

  let active = 0;
  await new Promise<void>((resolve) => {
    const pump = () => {
      while (active < PARALLEL_READDIRS && queue.length > 0 && !signal?.aborted) {
        const next = queue.shift()!;
        active++;
        void visit(next.dir, next.depth).finally(() => {
          active--;
          pump();
        });
      }
      if (active === 0) resolve();
    };
    pump();
  });
  return found.sort();
}

async function isFile(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isFile();
  } catch {
    return false;
  }
}

async function isDirectory(p: string): Promise<boolean> {
  try {
    return (await fs.promises.stat(p)).isDirectory();
  } catch {
    return false;
  }
}
