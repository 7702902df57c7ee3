import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { LspClient, SERVER_BUNDLE } from './lsp-client';
import { applyLspEdits, editsOf } from './lsp-edits';

const TARBALL = Buffer.alloc(300 * 1024, 'apkbuild-ls ');
const PATCH = 'diff --git a/x b/x\n';
const sha512 = (b: Buffer | string) => createHash('sha512').update(b).digest('hex');

describe('apkbuild.updateChecksums through the language server', () => {
  let server: http.Server;
  let base: string;
  let tmp: string;
  let client: LspClient;
  const stalled: http.ServerResponse[] = [];

  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/ck-1.0.tar.gz') {
        res.writeHead(200, { 'Content-Length': TARBALL.length });
        res.end(TARBALL);
      } else if (req.url === '/slow-1.0.tar.gz') {
        // announces a large file, sends a little, then stalls until the test ends
        res.writeHead(200, { 'Content-Length': 10 * 1024 * 1024 });
        res.write(Buffer.alloc(64 * 1024));
        stalled.push(res);
      } else {
        res.writeHead(404, 'Not Found');
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-ls-checksums-'));
    client = LspClient.start([SERVER_BUNDLE, '--stdio'], { ...process.env, SRCDEST: path.join(tmp, 'distfiles') });
    await client.initialize();
  });
  after(() => {
    client.kill();
    for (const res of stalled) res.destroy();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function packageWith(name: string, sources: string[], sums: string): { uri: string; text: string } {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'local.patch'), PATCH);
    const text = `pkgname=${name}\npkgver=1.0\npkgrel=0\npkgdesc="checksum test"\nurl="https://example.org"\narch="noarch"\nlicense="MIT"\nsource="${sources.join('\n\t')}\n\t"\n\npackage() {\n\tmkdir -p "$pkgdir"\n}\n\nsha512sums="\n${sums}\n"\n`;
    fs.writeFileSync(path.join(dir, 'APKBUILD'), text);
    return { uri: pathToFileURL(path.join(dir, 'APKBUILD')).href, text };
  }

  test('a sha512sums block that misses a source is reported and offers "Update checksums", which applies the new block with progress', async () => {
    const { uri, text } = packageWith('ck', [`${base}/ck-1.0.tar.gz`, 'local.patch'], `${'0'.repeat(128)}  ck-1.0.tar.gz`);
    await client.open(uri, text);
    const published = await client.diagnosticsFor(uri, 1);
    const missing = published.diagnostics.find((d) => d.code === 'AB40');
    assert.ok(missing, JSON.stringify(published.diagnostics));
    const actions = await client.request<any[]>('textDocument/codeAction', { textDocument: { uri }, range: missing.range, context: { diagnostics: [missing] } });
    const update = actions.find((a) => a.title === 'Update checksums');
    assert.deepEqual(update.command, { title: 'Update checksums', command: 'apkbuild.updateChecksums', arguments: [uri] });

    const edits = client.applyEditRequests.length;
    const result = await (client.request('workspace/executeCommand', { command: update.command.command, arguments: update.command.arguments }));
    assert.deepEqual(result, { applied: true });
    const request = client.applyEditRequests[edits];
    const updated = applyLspEdits(text, editsOf(request.edit, uri));
    assert.ok(updated.endsWith(`sha512sums="\n${sha512(TARBALL)}  ck-1.0.tar.gz\n${sha512(PATCH)}  local.patch\n"\n`), updated);
    const token = client.progressTokens.at(-1);
    const kinds = client.progress.filter((p) => p.token === token).map((p) => p.value.kind);
    assert.equal(kinds[0], 'begin');
    assert.equal(kinds.at(-1), 'end');
    assert.ok(client.progress.some((p) => p.token === token && /2\/2 files/.test(p.value.message ?? '')));
  });

  test('a source that cannot be downloaded is named in an error message and nothing is applied', async () => {
    const { uri, text } = packageWith('missing', [`${base}/gone-1.0.tar.gz`], `${'0'.repeat(128)}  gone-1.0.tar.gz`);
    await client.open(uri, text);
    const edits = client.applyEditRequests.length;
    const result = await client.request<any>('workspace/executeCommand', { command: 'apkbuild.updateChecksums', arguments: [uri] });
    assert.equal(result.applied, false);
    assert.equal(client.applyEditRequests.length, edits);
    assert.ok(client.messages.some((m) => m.type === 1 && m.message.includes(`${base}/gone-1.0.tar.gz: HTTP 404`)), JSON.stringify(client.messages));
  });

  test('cancelling the progress aborts the download and applies nothing', async () => {
    const { uri, text } = packageWith('slow', [`${base}/slow-1.0.tar.gz`], `${'0'.repeat(128)}  slow-1.0.tar.gz`);
    await client.open(uri, text);
    const edits = client.applyEditRequests.length;
    const tokens = client.progressTokens.length;
    const running = client.request<any>('workspace/executeCommand', { command: 'apkbuild.updateChecksums', arguments: [uri] });
    await client.waitFor(() => client.progressTokens.length > tokens, 'the progress to be created');
    const token = client.progressTokens.at(-1);
    await client.waitFor(() => client.progress.some((p) => p.token === token && /MiB/.test(p.value.message ?? '') && !/0\.0 MiB/.test(p.value.message)), 'bytes to arrive');
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token });
    const result = await running;
    assert.deepEqual(result, { applied: false, cancelled: true });
    assert.equal(client.applyEditRequests.length, edits);
  });
});
