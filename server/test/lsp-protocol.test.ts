import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LineIndex } from '../src/apkbuild/span';
import { FIXTURES, initParser, lintFile, lintString } from './helpers';
import { CLI_BIN, LspClient, SERVER_BUNDLE } from './lsp-client';
import { applyLspEdits, editsOf } from './lsp-edits';

const DEMO = `${FIXTURES}/aports/testing/demo-mistakes/APKBUILD`;
const DEMO_URI = pathToFileURL(DEMO).href;
const DEMO_TEXT = fs.readFileSync(DEMO, 'utf8');

const ENTRIES: [string, string[]][] = [
  ['node server/dist/server.js --stdio', [SERVER_BUNDLE, '--stdio']],
  ['apkbuild-ls --stdio', [CLI_BIN, '--stdio']],
];

for (const [name, command] of ENTRIES) {
  describe(`the language server started as ${name}`, () => {
    test('initializes, publishes the fixture findings on open, and exits with 0 after shutdown and exit', async () => {
      const client = LspClient.start(command);
      try {
        const init = await client.initialize();
        assert.equal(init.capabilities.textDocumentSync.change, 2);
        assert.deepEqual(init.capabilities.executeCommandProvider.commands.sort(), ['apkbuild.bumpPkgrel', 'apkbuild.bumpPkgver', 'apkbuild.updateChecksums']);
        await client.open(DEMO_URI, DEMO_TEXT);
        const published = await client.diagnosticsFor(DEMO_URI, 1);
        assert.deepEqual(published.diagnostics.map((d) => d.code), ['AL28', 'AL1', 'AL13', 'AL2', 'AL7', 'AL8']);
        // its log goes through window/logMessage; stdout carried only LSP messages, or the client would have failed
        await client.waitFor(() => client.messages.some((m) => /^apkbuild-ls \S+ \(node /.test(m.message)), 'the start-up log message');
        assert.equal(await client.stop(), 0);
      } finally {
        client.kill();
      }
    });
  });
}

test('sends plain `changes` edits to a client that does not accept documentChanges', async () => {
  const client = LspClient.start([SERVER_BUNDLE, '--stdio']);
  try {
    await client.initialize({}, { workspace: { applyEdit: true } });
    await client.open(DEMO_URI, DEMO_TEXT);
    await client.request('workspace/executeCommand', { command: 'apkbuild.bumpPkgrel', arguments: [{ uri: DEMO_URI }] });
    const { edit } = client.applyEditRequests[0];
    assert.equal(edit.documentChanges, undefined);
    assert.match(applyLspEdits(DEMO_TEXT, edit.changes[DEMO_URI]), /^pkgrel="2"$/m);
  } finally {
    client.kill();
  }
});

describe('the language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    await initParser();
    client = LspClient.start([SERVER_BUNDLE, '--stdio']);
    await client.initialize({ docsUrl: 'https://example.org/docs/rules.md' });
  });
  after(() => client.kill());

  test('publishes each finding of the engine with its exact range, source, code, docs link and severity', async () => {
    await client.open(DEMO_URI, DEMO_TEXT);
    const published = await client.diagnosticsFor(DEMO_URI, 1);
    const expected = lintFile(DEMO);
    assert.equal(published.diagnostics.length, expected.length);
    for (const [i, f] of expected.entries()) {
      const d = published.diagnostics[i];
      assert.deepEqual(d.range, f.range);
      assert.equal(d.code, f.code);
      assert.equal(d.source, 'apkbuild');
      assert.equal(d.message, f.message);
      assert.equal(d.codeDescription?.href, `https://example.org/docs/rules.md#${f.code.toLowerCase()}`);
      assert.equal(d.severity, f.severity === 'serious' ? 1 : f.severity === 'important' ? 2 : f.severity === 'minor' ? 3 : 4);
    }
  });

  test('re-lints after an incremental change: unquoting pkgrel clears its finding', async () => {
    const uri = pathToFileURL(`${FIXTURES}/aports/testing/demo-mistakes/APKBUILD`).href + '?incremental';
    await client.open(uri, DEMO_TEXT);
    const first = await client.diagnosticsFor(uri, 1);
    assert.ok(first.diagnostics.some((d) => d.code === 'AL28'));
    // pkgrel="1" on line 4 → pkgrel=1, as two deletions in one notification
    await client.change(uri, 2, [
      { range: { start: { line: 4, character: 9 }, end: { line: 4, character: 10 } }, text: '' },
      { range: { start: { line: 4, character: 7 }, end: { line: 4, character: 8 } }, text: '' },
    ]);
    const second = await client.diagnosticsFor(uri, 2);
    assert.ok(!second.diagnostics.some((d) => d.code === 'AL28'));
    assert.equal(second.diagnostics.length, first.diagnostics.length - 1);
  });

  test('answers textDocument/inlayHint with the value after each plain read in the range', async () => {
    const uri = 'untitled:inlay';
    await client.open(uri, 'pkgname=inlay\npkgver=2.4\nsource="https://e.org/v$pkgver.tar.gz"\n');
    const hints = await client.request<any[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 3, character: 0 } } });
    assert.deepEqual(hints.map((h) => [h.position, h.label]), [[{ line: 2, character: 30 }, '= 2.4']]);
    assert.deepEqual(await client.request('textDocument/inlayHint', { textDocument: { uri: 'file:///nope/APKBUILD' }, range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } } }), []);
  });

  test('never publishes diagnostics of an older version after a newer one during a burst of edits', async () => {
    const uri = 'untitled:burst';
    await client.open(uri, 'pkgname=burst\npkgver=1.0\npkgrel=0\n');
    await client.diagnosticsFor(uri, 1);
    for (let v = 2; v <= 40; v++) await client.change(uri, v, [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 13 } }, text: 'x' }]);
    await client.diagnosticsFor(uri, 40);
    const versions = client.published.filter((p) => p.uri === uri).map((p) => p.version!);
    assert.deepEqual(versions, [...versions].sort((a, b) => a - b));
    assert.equal(versions.at(-1), 40);
  });

  test('shows a finding about a patch at the top of the APKBUILD, and re-lints when the patch is saved', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-ls-save-'));
    try {
      const file = path.join(dir, 'APKBUILD');
      const text = 'pkgname=saved\npkgver=1.0\npkgrel=0\npkgdesc="save test"\nurl="https://example.org"\narch="noarch"\nlicense="MIT"\nsource="fix.patch"\n\npackage() {\n\tmkdir -p "$pkgdir"\n}\n';
      fs.writeFileSync(file, text);
      fs.writeFileSync(path.join(dir, 'fix.patch'), '--- a/x\n+++ b/x\n');
      const uri = pathToFileURL(file).href;
      await client.open(uri, text);
      const first = await client.diagnosticsFor(uri, 1);
      const patch = first.diagnostics.find((d) => d.code === 'AL56');
      assert.ok(patch, JSON.stringify(first.diagnostics));
      assert.match(patch.message, /^fix\.patch:1: /);
      assert.deepEqual(patch.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
      const before = client.published.length;
      fs.writeFileSync(path.join(dir, 'fix.patch'), 'Fix the build with musl.\n\n--- a/x\n+++ b/x\n');
      await client.connection.sendNotification('textDocument/didSave', { textDocument: { uri: pathToFileURL(path.join(dir, 'fix.patch')).href } });
      // other publications of this version may come first (the workspace index finishing re-lints open documents)
      const relinted = () => client.published.slice(before).find((p) => p.uri === uri && !p.diagnostics.some((d) => d.code === 'AL56'));
      await client.waitFor(() => !!relinted(), 'a publication without the AL56 finding after the save');
      assert.equal(relinted()!.version, 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('clears the diagnostics of a document when it is closed', async () => {
    const uri = 'untitled:closed';
    await client.open(uri, 'pkgname=closed\npkgrel="1"\n');
    const open = await client.diagnosticsFor(uri, 1);
    assert.ok(open.diagnostics.length > 0);
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.waitFor(() => client.published.some((p) => p.uri === uri && p.diagnostics.length === 0), 'the diagnostics to be cleared');
  });

  test('after a hundred random incremental edits the diagnostics are those of the resulting text', async () => {
    const uri = 'untitled:random-edits';
    let text = DEMO_TEXT;
    await client.open(uri, text);
    let seed = 11;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const pieces = ['x', '\n', '"', 'é', '\u{1F600}', '$(', ')', '\t', 'depends="a b"\n', ''];
    for (let v = 2; v <= 101; v++) {
      const lines = new LineIndex(text);
      const whole = (o: number) => (o > 0 && o < text.length && /[\udc00-\udfff]/.test(text[o]) ? o - 1 : o);
      const start = whole(rand(text.length + 1));
      const end = Math.max(start, whole(Math.min(text.length, start + rand(6))));
      const insert = pieces[rand(pieces.length)];
      await client.change(uri, v, [{ range: lines.range({ start, end }), text: insert }]);
      text = text.slice(0, start) + insert + text.slice(end);
    }
    const published = await client.diagnosticsFor(uri, 101);
    const expected = lintString(text, { env: process.env });
    assert.deepEqual(published.diagnostics.map((d) => `${d.code} ${JSON.stringify(d.range)}`), expected.map((f) => `${f.code} ${JSON.stringify(f.range)}`));
  });

  test('offers each fix as a quickfix for the diagnostic in range', async () => {
    const published = await client.diagnosticsFor(DEMO_URI, 1);
    const trailing = published.diagnostics.find((d) => d.code === 'AL8')!;
    const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: DEMO_URI }, range: trailing.range, context: { diagnostics: [trailing] } });
    const fix = actions.find((a) => a.kind === 'quickfix');
    assert.equal(fix.title, 'Remove trailing whitespace');
    assert.deepEqual(fix.diagnostics, [trailing]);
    const fixed = applyLspEdits(DEMO_TEXT, editsOf(fix.edit, DEMO_URI));
    assert.equal(fixed.split('\n')[28], '\tmake DESTDIR="$pkgdir" install');
  });

  test('"Fix all in file" applies every fix, after which nothing fixable is reported', async () => {
    const actions = await client.request<any[]>('textDocument/codeAction', {
      textDocument: { uri: DEMO_URI },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(actions.map((a) => a.kind), ['source.fixAll.apkbuild']);
    const fixed = applyLspEdits(DEMO_TEXT, editsOf(actions[0].edit, DEMO_URI));
    const uri = DEMO_URI + '?fixed';
    await client.open(uri, fixed);
    const after = await client.diagnosticsFor(uri, 1);
    assert.deepEqual(after.diagnostics, []);
  });

  test('bumpPkgrel asks the client to apply an edit that sets pkgrel to the next number', async () => {
    const before = client.applyEditRequests.length;
    const result = await client.request('workspace/executeCommand', { command: 'apkbuild.bumpPkgrel', arguments: [DEMO_URI] });
    assert.deepEqual(result, { applied: true });
    const request = client.applyEditRequests[before];
    assert.equal(request.label, 'Bump pkgrel');
    assert.deepEqual(request.edit.documentChanges[0].textDocument, { uri: DEMO_URI, version: 1 });
    assert.match(applyLspEdits(DEMO_TEXT, editsOf(request.edit, DEMO_URI)), /^pkgrel="2"$/m);
  });

  test('bumpPkgver sets pkgver and resets pkgrel to 0; without a version it explains and applies nothing', async () => {
    const before = client.applyEditRequests.length;
    await client.request('workspace/executeCommand', { command: 'apkbuild.bumpPkgver', arguments: [DEMO_URI, '1.1.0'] });
    const text = applyLspEdits(DEMO_TEXT, editsOf(client.applyEditRequests[before].edit, DEMO_URI));
    assert.match(text, /^pkgver=1\.1\.0\npkgrel="0"$/m);
    const refused = await client.request<any>('workspace/executeCommand', { command: 'apkbuild.bumpPkgver', arguments: [DEMO_URI] });
    assert.equal(refused.applied, false);
    assert.equal(client.applyEditRequests.length, before + 1);
  });

  test('formatting re-indents with tabs and removes trailing blanks, and formats its own output to nothing', async () => {
    const edits = await client.request<any[]>('textDocument/formatting', { textDocument: { uri: DEMO_URI }, options: { tabSize: 4, insertSpaces: true } });
    const formatted = applyLspEdits(DEMO_TEXT, edits);
    assert.match(formatted, /^check\(\) \{\n\tmake check\n\}$/m);
    assert.ok(!/[ \t]$/m.test(formatted));
    const uri = DEMO_URI + '?formatted';
    await client.open(uri, formatted);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 4, insertSpaces: true } }), []);
  });

  test('answers requests about unknown documents and impossible positions with empty results', async () => {
    const nowhere = { start: { line: 9999, character: 9999 }, end: { line: -1, character: 0.5 } };
    assert.deepEqual(await client.request('textDocument/codeAction', { textDocument: { uri: 'file:///nope/APKBUILD' }, range: nowhere, context: { diagnostics: [] } }), []);
    assert.deepEqual(await client.request('textDocument/formatting', { textDocument: { uri: 'file:///nope/APKBUILD' }, options: { tabSize: 8, insertSpaces: false } }), []);
    const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri: DEMO_URI }, range: nowhere, context: { diagnostics: [] } });
    assert.ok(Array.isArray(actions));
    // an edit past the end and one inside a surrogate pair are clamped, not fatal
    const uri = 'untitled:odd-positions';
    await client.open(uri, 'pkgdesc="\u{1F600}"\n');
    await client.change(uri, 2, [{ range: { start: { line: 0, character: 10 }, end: { line: 0, character: 10 } }, text: 'x' }]);
    await client.change(uri, 3, [{ range: { start: { line: 50, character: 3 }, end: { line: 60, character: 0 } }, text: 'pkgname=odd\n' }]);
    await client.diagnosticsFor(uri, 3);
    const result = await client.request<any>('workspace/executeCommand', { command: 'apkbuild.bumpPkgrel', arguments: ['file:///not/open'] });
    assert.equal(result.applied, false);
  });
});
