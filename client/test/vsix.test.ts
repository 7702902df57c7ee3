// The .vsix holds only what the extension needs, and stays small.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { packageVsix, REPO_ROOT } from './e2e/code-server';

const SHIPPED = [
  'LICENSE', 'README.md', 'dist/cli.js', 'dist/extension.js', 'dist/lint-worker.js', 'dist/server.js',
  'dist/tree-sitter-bash.wasm', 'dist/tree-sitter.wasm', 'docs/rules.md', 'docs/screenshot-builds.png', 'docs/screenshot-change.png', 'docs/screenshot.png', 'language-configuration.json',
  'media/walkthrough/fix.md', 'media/walkthrough/maintain.md', 'media/walkthrough/open.md', 'package.json',
  'syntaxes/apkbuild.tmLanguage.json',
];

describe('the packaged extension', () => {
  test('vsce lists exactly the manifest, dist/, the grammar, the language configuration, the walkthrough, README with its screenshots and LICENSE', () => {
    const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: REPO_ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split('\n').map((l) => l.trim()).sort(), SHIPPED);
  });

  test('the .vsix is at most 5 MB and every file the manifest names is in it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-vsix-'));
    try {
      const vsix = packageVsix(dir);
      assert.ok(fs.statSync(vsix).size <= 5 * 1024 * 1024, `${fs.statSync(vsix).size} bytes`);
      const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
      const named = [manifest.main, ...manifest.contributes.languages.map((l: { configuration?: string }) => l.configuration),
        ...manifest.contributes.grammars.map((g: { path: string }) => g.path),
        ...manifest.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown))]
        .filter(Boolean).map((p: string) => path.posix.normalize(p));
      for (const file of named) assert.ok(SHIPPED.includes(file), `${file} is named by package.json but not shipped`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the grammar file is what scripts/gen-grammar.mjs makes from the engine option list and the arch table', () => {
    const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'gen-grammar.mjs'), '--check'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
