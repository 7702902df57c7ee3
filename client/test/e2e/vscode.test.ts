// The extension inside a real VS Code (code-server 1.100 + chromium), installed from its .vsix.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { copyTree, missingPrerequisite, packageVsix, REPO_ROOT, VsCodeSession, waitFor } from './code-server';

const skip = missingPrerequisite();

describe('the extension in a real VS Code', { skip, timeout: 600_000 }, () => {
  let session: VsCodeSession;
  let workspace: string;
  let scratch: string;

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-e2e-'));
    workspace = path.join(scratch, 'aports');
    copyTree(path.join(REPO_ROOT, 'test-fixtures', 'aports'), workspace);
    const vsix = packageVsix(scratch);
    session = await VsCodeSession.start({ workspace, vsix, env: { SRCDEST: path.join(scratch, 'distfiles') } });
  });

  after(async () => {
    await session?.close();
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

  test('lists the fixture findings in the Problems view', async () => {
    await session.runCommand('View: Focus Problems');
    const problems = session.page.locator('.markers-panel');
    await waitFor(async () => {
      const text = await problems.innerText().catch(() => '');
      return ['AL28', 'AL1', 'AL13', 'AL2', 'AL7', 'AL8'].every((code) => text.includes(code));
    }, 30_000, () => 'the Problems view never listed AL28 AL1 AL13 AL2 AL7 AL8');
    await session.screenshot('diagnostics.png');
  });
});
