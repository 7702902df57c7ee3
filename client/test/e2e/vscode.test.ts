// The extension inside a real VS Code (code-server 1.100 + chromium), installed from its .vsix.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyTree, missingPrerequisite, packageVsix, REPO_ROOT, VsCodeSession, waitFor } from './code-server';

const skip = missingPrerequisite();
const TARBALL = Buffer.from('a source tarball served by the test\n'.repeat(100));
const sha512 = (b: Buffer) => createHash('sha512').update(b).digest('hex');

function checksumPackage(base: string): string {
  return `# Maintainer: Test Packager <test@example.org>
pkgname=sumtest
pkgver=1.0
pkgrel=0
pkgdesc="Update checksums end to end"
url="https://example.org/"
arch="noarch"
license="MIT"
source="${base}/sumtest-1.0.tar.gz"

package() {
\tmkdir -p "$pkgdir"
}

sha512sums="
${'0'.repeat(128)}  sumtest-1.0.tar.gz
"
`;
}

describe('the extension in a real VS Code', { skip, timeout: 600_000 }, () => {
  let session: VsCodeSession;
  let workspace: string;
  let scratch: string;
  let sources: http.Server;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-e2e-'));
    workspace = path.join(scratch, 'aports');
    copyTree(path.join(REPO_ROOT, 'test-fixtures', 'aports'), workspace);
    sources = http.createServer((req, res) => {
      if (req.url === '/sumtest-1.0.tar.gz') res.end(TARBALL);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => sources.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(sources.address() as import('node:net').AddressInfo).port}`;
    fs.mkdirSync(path.join(workspace, 'testing', 'sumtest'));
    fs.writeFileSync(path.join(workspace, 'testing', 'sumtest', 'APKBUILD'), checksumPackage(base));
    fs.mkdirSync(path.join(workspace, 'testing', 'readonly-sums'));
    fs.writeFileSync(path.join(workspace, 'testing', 'readonly-sums', 'APKBUILD'), checksumPackage(base).replace('pkgname=sumtest', 'pkgname=readonly-sums'));
    fs.chmodSync(path.join(workspace, 'testing', 'readonly-sums', 'APKBUILD'), 0o444);
    fs.mkdirSync(path.join(workspace, 'testing', 'completion'));
    fs.writeFileSync(path.join(workspace, 'testing', 'completion', 'APKBUILD'), checksumPackage(base).replace('pkgname=sumtest', 'pkgname=completion').replace('license="MIT"\n', 'license="MIT"\noptions="!check "\n'));
    // not opened by any test: only Lint workspace reports it
    fs.mkdirSync(path.join(workspace, 'community', 'unopened'));
    fs.writeFileSync(path.join(workspace, 'community', 'unopened', 'APKBUILD'),
      fs.readFileSync(path.join(workspace, 'testing', 'demo-mistakes', 'APKBUILD'), 'utf8').replaceAll('demo-mistakes', 'unopened'));
    const vsix = packageVsix(scratch);
    session = await VsCodeSession.start({ workspace, vsix, env: { SRCDEST: path.join(scratch, 'distfiles') } });
  });

  after(async () => {
    await session?.close();
    sources?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('opens a file named APKBUILD in the apkbuild language, not shellscript', async () => {
    await session.openFile('testing/demo-mistakes/APKBUILD');
    const mode = session.page.locator('#status\\.editor\\.mode');
    await waitFor(async () => (await mode.innerText()).trim() === 'APKBUILD', 30_000, () => 'the language indicator never said APKBUILD');
  });

  test('shows the package as pkgname pkgver-rpkgrel in the status bar', async () => {
    await waitFor(async () => (await session.statusBarText()).includes('demo-mistakes 1.0.2-r1'), 30_000,
      () => `the status bar never showed the package:\n${session.serverLog}`);
  });

  test('lists the fixture findings in the Problems view, each code linking to its rule in the shipped docs', async () => {
    await session.runCommand('View: Focus Problems');
    const problems = session.page.locator('.markers-panel');
    await waitFor(async () => {
      const text = await problems.innerText().catch(() => '');
      return ['AL28', 'AL1', 'AL13', 'AL2', 'AL7', 'AL8'].every((code) => text.includes(code));
    }, 30_000, () => 'the Problems view never listed AL28 AL1 AL13 AL2 AL7 AL8');
    const hrefs = await problems.locator('a.monaco-link').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
    for (const code of ['al28', 'al1', 'al13', 'al2', 'al7', 'al8']) {
      assert.ok(hrefs.some((h) => h.endsWith(`/docs/rules.md#${code}`) && /\/apkbuild-tools\.apkbuild-[\d.]+\//.test(h)), `${code} links to the shipped rule docs: ${hrefs.join(' ')}`);
    }
    await session.screenshot('diagnostics.png');
  });

  test('highlights abuild variables, phase functions, arch values and checksum lines with the APKBUILD grammar', async () => {
    const scopesAt = async (line: number, column: number) => {
      await session.goTo(line, column);
      await session.runCommand('Developer: Inspect Editor Tokens and Scopes');
      const widget = session.page.locator('.token-inspect-widget');
      await widget.waitFor({ state: 'visible', timeout: 15_000 });
      const text = await widget.innerText();
      await session.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden' });
      return text;
    };
    const pkgname = await scopesAt(3, 2);
    assert.match(pkgname, /variable\.other\.abuild\.metadata/);
    assert.match(pkgname, /source\.apkbuild/);
    assert.match(await scopesAt(15, 2), /entity\.name\.function\.phase\.abuild/);
    assert.match(await scopesAt(8, 7), /constant\.language\.arch\.abuild/);
    assert.match(await scopesAt(33, 2), /constant\.numeric\.hash\.checksum\.abuild/);
  });

  test('applies the quick fix for a quoted pkgrel, and its problem disappears', async () => {
    const file = path.join(workspace, 'testing', 'demo-mistakes', 'APKBUILD');
    await session.goTo(5, 9);
    await session.page.keyboard.press('Control+.');
    const menu = session.page.locator('.action-widget');
    await menu.waitFor({ state: 'visible', timeout: 15_000 });
    await session.screenshot('quick-fix.png');
    await session.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden' });
    await session.page.keyboard.press('Control+S');
    await waitFor(() => fs.readFileSync(file, 'utf8').includes('\npkgrel=1\n'), 15_000, () => `pkgrel was not unquoted:\n${fs.readFileSync(file, 'utf8')}`);
    const problems = session.page.locator('.markers-panel');
    await waitFor(async () => {
      const text = await problems.innerText().catch(() => '');
      return !text.includes('AL28') && text.includes('AL1');
    }, 15_000, () => 'AL28 stayed in the Problems view after its fix');
  });

  test('Update checksums rewrites sha512sums from the sources a local HTTP server serves', async () => {
    const file = path.join(workspace, 'testing', 'sumtest', 'APKBUILD');
    await session.openFile('testing/sumtest/APKBUILD');
    await session.runCommand('APKBUILD: Update checksums');
    const expected = `sha512sums="\n${sha512(TARBALL)}  sumtest-1.0.tar.gz\n"\n`;
    await waitFor(async () => {
      await session.page.keyboard.press('Control+S');
      return fs.readFileSync(file, 'utf8').endsWith(expected);
    }, 30_000, () => `sha512sums was not rewritten:\n${fs.readFileSync(file, 'utf8')}`);
  });

  test('Update checksums on a read-only APKBUILD says so and changes nothing', async () => {
    const file = path.join(workspace, 'testing', 'readonly-sums', 'APKBUILD');
    const before = fs.readFileSync(file, 'utf8');
    await session.openFile('testing/readonly-sums/APKBUILD');
    await session.runCommand('APKBUILD: Update checksums');
    const toast = session.page.locator('.notifications-toasts', { hasText: 'is read-only' });
    await toast.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(fs.readFileSync(file, 'utf8'), before);
    await session.runCommand('Notifications: Clear All Notifications');
  });

  test('Lint workspace puts the problems of APKBUILDs that are not open in the Problems view', async () => {
    await session.runCommand('APKBUILD: Lint workspace');
    const problems = session.page.locator('.markers-panel');
    await waitFor(async () => (await problems.innerText().catch(() => '')).includes('community/unopened'), 60_000,
      () => 'the unopened package never appeared in the Problems view');
    const text = await problems.innerText();
    assert.match(text, /AL28/);
  });

  test('Bump pkgver asks for the version, refuses an invalid one, then sets it and resets pkgrel; Bump pkgrel increments it', async () => {
    const file = path.join(workspace, 'testing', 'kvsync', 'APKBUILD');
    await session.openFile('testing/kvsync/APKBUILD');
    await session.runCommand('APKBUILD: Bump pkgver');
    const input = session.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    assert.equal(await input.inputValue(), '0.5.1');
    await input.fill('1.0p1');
    await session.page.locator('.quick-input-message', { hasText: 'not a valid apk version' }).waitFor({ timeout: 15_000 });
    await input.fill('0.6.0');
    await input.press('Enter');
    await waitFor(async () => {
      await session.page.keyboard.press('Control+S');
      const text = fs.readFileSync(file, 'utf8');
      return text.includes('\npkgver=0.6.0\n') && text.includes('\npkgrel=0\n');
    }, 15_000, () => `pkgver/pkgrel not bumped:\n${fs.readFileSync(file, 'utf8').slice(0, 200)}`);
    await session.runCommand('APKBUILD: Bump pkgrel');
    await waitFor(async () => {
      await session.page.keyboard.press('Control+S');
      return fs.readFileSync(file, 'utf8').includes('\npkgrel=1\n');
    }, 15_000, () => 'pkgrel not incremented');
    await waitFor(async () => (await session.statusBarText()).includes('kvsync 0.6.0-r1'), 15_000, () => 'the status bar did not follow the bump');
  });

  test('completion offers the options values abuild knows', async () => {
    await session.openFile('testing/completion/APKBUILD');
    await session.goTo(9, 17);
    const suggest = session.page.locator('.editor-widget.suggest-widget');
    // the first Ctrl+Space can land before the editor has focus or the server has started: ask again
    await waitFor(async () => {
      if (await suggest.isVisible()) return true;
      await session.page.keyboard.press('Control+Space');
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return suggest.isVisible();
    }, 30_000, () => 'the suggest widget did not open on Ctrl+Space');
    let offered = '';
    await waitFor(async () => {
      offered = await suggest.innerText().catch(() => '');
      return offered.includes('!strip') && offered.includes('!tracedeps');
    }, 15_000, () => `the suggestions did not offer !strip and !tracedeps:\n${offered}`);
    await session.screenshot('completion.png');
    await session.page.keyboard.type('ne');
    await waitFor(async () => {
      offered = await suggest.innerText().catch(() => '');
      return /^net$/m.test(offered);
    }, 15_000, () => `typing "ne" did not narrow the suggestions to net:\n${offered}`);
    await session.page.keyboard.press('Escape');
  });
});

describe('the extension in a real VS Code with a server that keeps crashing', { skip, timeout: 300_000 }, () => {
  let session: VsCodeSession;
  let scratch: string;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-e2e-crash-'));
    const workspace = path.join(scratch, 'aports');
    copyTree(path.join(REPO_ROOT, 'test-fixtures', 'aports', 'testing'), path.join(workspace, 'testing'));
    const vsix = packageVsix(scratch);
    session = await VsCodeSession.start({
      workspace,
      vsix,
      settings: { 'apkbuild.server.path': path.join(__dirname, '..', '..', '..', 'test', 'e2e', 'crashing-server.js'), 'apkbuild.server.maxRestarts': 2 },
      env: { CRASHING_SERVER_LOG: path.join(scratch, 'starts.log') },
    });
  });

  after(async () => {
    await session?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('restarts the server twice, then says it gave up, with no other error popup', async () => {
    await session.openFile('testing/demo-mistakes/APKBUILD');
    const toasts = session.page.locator('.notifications-toasts');
    await waitFor(async () => (await toasts.innerText().catch(() => '')).includes('is not restarted again'), 60_000,
      () => `no notice after repeated crashes; starts: ${fs.existsSync(path.join(scratch, 'starts.log')) ? fs.readFileSync(path.join(scratch, 'starts.log'), 'utf8').split('\n').length - 1 : 0}`);
    const text = await toasts.innerText();
    assert.match(text, /crashed 3 times in 3 minutes/);
    assert.equal(fs.readFileSync(path.join(scratch, 'starts.log'), 'utf8'), 'started\n'.repeat(3));
    assert.equal((text.match(/APKBUILD language server/g) ?? []).length, 1, `one notice only:\n${text}`);
    await waitFor(async () => (await session.statusBarText()).includes('APKBUILD'), 15_000, () => 'the status bar does not show the stopped server');
    await session.screenshot('server-crashed.png');
  });
});

describe('the extension in a real VS Code with a server path that is not a file', { skip, timeout: 300_000 }, () => {
  let session: VsCodeSession;
  let scratch: string;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-e2e-missing-'));
    const workspace = path.join(scratch, 'aports');
    copyTree(path.join(REPO_ROOT, 'test-fixtures', 'aports', 'testing'), path.join(workspace, 'testing'));
    session = await VsCodeSession.start({ workspace, vsix: packageVsix(scratch), settings: { 'apkbuild.server.path': '/nonexistent/apkbuild-ls' } });
  });

  after(async () => {
    await session?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('says which path is wrong, and the commands explain that the server is not running', async () => {
    await session.openFile('testing/demo-mistakes/APKBUILD');
    const toasts = session.page.locator('.notifications-toasts');
    await waitFor(async () => (await toasts.innerText().catch(() => '')).includes('/nonexistent/apkbuild-ls, which is not a file'), 30_000,
      () => 'no message about the missing server');
    await session.runCommand('Notifications: Clear All Notifications');
    await session.runCommand('APKBUILD: Bump pkgrel');
    await waitFor(async () => (await toasts.innerText().catch(() => '')).includes('the APKBUILD language server is not running'), 30_000,
      () => 'Bump pkgrel did not explain that the server is not running');
  });
});
