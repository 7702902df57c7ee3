import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { FIXTURES, lintFile, initParser, REPO_ROOT } from './helpers';
import { CLI_BIN } from './lsp-client';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const skip = nvim.error ? 'nvim is not installed (Debian: apt-get install -y neovim; .ci/run installs it)' : false;

test('Neovim\'s built-in LSP client attached to apkbuild-ls --stdio receives the fixture\'s diagnostics and completes variable names', { skip, timeout: 90_000 }, async () => {
  await initParser();
  const fixture = path.join(FIXTURES, 'aports', 'testing', 'demo-mistakes', 'APKBUILD');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-ls-nvim-'));
  const out = path.join(tmp, 'result.json');
  try {
    const run = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${path.join(REPO_ROOT, 'server', 'test', 'nvim', 'lsp-check.lua')}`], {
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, APKBUILD_LS_CMD: JSON.stringify([process.execPath, CLI_BIN, '--stdio']), APKBUILD_LS_FIXTURE: fixture, APKBUILD_LS_OUT: out, HOME: tmp, XDG_STATE_HOME: tmp, XDG_DATA_HOME: tmp },
    });
    assert.ok(fs.existsSync(out), `nvim wrote no result (status ${run.status}): ${run.stderr}${run.stdout}`);
    const result = JSON.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(result.received, true);
    const expected = lintFile(fixture);
    assert.deepEqual(
      result.diagnostics.map((d: any) => `${d.code} ${d.line}:${d.character} ${d.source}`).sort(),
      expected.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} apkbuild`).sort(),
    );
    assert.ok(result.completion, 'the server advertised no completion');
    assert.ok(result.completion.labels.includes('checkdepends'), `completion at the start of a line: ${result.completion.labels.join(' ')}`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
