// Where the language server comes from: the bundled dist/server.js, or the user's
// `apkbuild.server.path` (a .js/.cjs module run with Node, or an executable such as apkbuild-ls).
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ServerLaunch =
  | { readonly kind: 'module'; readonly module: string }
  | { readonly kind: 'executable'; readonly command: string; readonly args: readonly string[] };

export type LaunchResult = { readonly launch: ServerLaunch } | { readonly problem: string };

export function bundledServerModule(extensionDir: string): string {
  return path.join(extensionDir, 'dist', 'server.js');
}

export function resolveServerLaunch(configuredPath: string, extensionDir: string): LaunchResult {
  const configured = configuredPath.trim();
  if (configured === '') {
    const module = bundledServerModule(extensionDir);
    if (!isFile(module)) return { problem: `The bundled APKBUILD language server is missing (${module}). Reinstall the extension or set apkbuild.server.path.` };
    return { launch: { kind: 'module', module } };
  }
  const file = path.resolve(extensionDir, expandHome(configured));
  if (!isFile(file)) return { problem: `apkbuild.server.path points to ${file}, which is not a file.` };
  if (/\.[cm]?js$/.test(file)) return { launch: { kind: 'module', module: file } };
  return { launch: { kind: 'executable', command: file, args: ['--stdio'] } };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(process.env.HOME ?? '', p.slice(1)) : p;
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}
