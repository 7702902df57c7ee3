// Bundles the CLI, the language server and the library with esbuild, and puts both wasm files
// next to the bundles (the parser looks for them in its own directory first).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
mkdirSync('dist', { recursive: true });
const entries = { cli: 'out/src/cli/main.js', index: 'out/src/index.js', 'lint-worker': 'out/src/cli/lint-worker.js', server: 'out/src/lsp/main.js' };
await build({
  entryPoints: entries,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  outdir: 'dist',
  sourcemap: true,
  logLevel: 'warning',
  // web-tree-sitter's ESM build reaches for import.meta; its CommonJS build does not
  mainFields: ['main'],
  conditions: ['require'],
  external: ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'],
});
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');
