// Bundles the extension into ../dist/extension.js (vscode stays external) and puts the language
// server, the CLI (for Lint workspace) and both wasm files next to it: dist/ is what ships.
// Run after `tsc -b` and the server's bundle step.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const out = join('..', 'dist');
mkdirSync(out, { recursive: true });
await build({
  entryPoints: { extension: 'out/src/extension.js' },
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: out,
  // the wasm files are copied next to the bundle; the parser's fallback require.resolve stays as is
  external: ['vscode', 'web-tree-sitter/tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
  minify: true,
  sourcemap: false,
  logLevel: 'warning',
  mainFields: ['main'],
});
for (const file of ['server.js', 'cli.js', 'lint-worker.js', 'tree-sitter.wasm', 'tree-sitter-bash.wasm']) {
  copyFileSync(join('..', 'server', 'dist', file), join(out, file));
}
