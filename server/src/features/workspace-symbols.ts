import { SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import type { PackageIndex } from '../workspace/package-index';
import { fileUri } from './package-files';

export const MAX_WORKSPACE_SYMBOLS = 500;

/**
 * Package and subpackage names of the index matching the query (case-insensitive: names that
 * start with it first, then names that contain it, shortest first), each pointing at its APKBUILD.
 */
export function workspaceSymbols(query: string, index: PackageIndex | undefined): SymbolInformation[] {
  if (!index) return [];
  const q = query.toLowerCase();
  const found: { name: string; rank: number; info: SymbolInformation }[] = [];
  for (const [name, matches] of index.names()) {
    const lower = name.toLowerCase();
    const at = lower.indexOf(q);
    if (at === -1) continue;
    for (const m of matches) {
      if (m.role === 'provides') continue;
      const e = m.entry;
      found.push({
        name,
        rank: at === 0 ? 0 : 1,
        info: {
          name,
          kind: m.role === 'package' ? SymbolKind.Package : SymbolKind.Module,
          location: { uri: fileUri(e.path), range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          containerName: m.role === 'package' ? e.repo : `${e.repo ? e.repo + '/' : ''}${e.pkgname}`,
        },
      });
    }
  }
  found.sort((x, y) => x.rank - y.rank || x.name.length - y.name.length || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return found.slice(0, MAX_WORKSPACE_SYMBOLS).map((f) => f.info);
}
