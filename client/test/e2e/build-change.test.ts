// Building a change inside a real VS Code (code-server + chromium): APKBUILD: Build a change… on a
// scratch git repository of the chain fixture (liba ← libb ← app, and solo) whose last commit
// touched all four and broke libb; real podman containers from the local test images, the builds
// view as a package × arch matrix, libb's error as a diagnostic in libb's APKBUILD, and a rebuild
// from libb's failed cell once it is fixed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { alpineArchOfMachine } from 'apkbuild-language-server/out/src/build/arches';
import { engineMissing } from 'apkbuild-language-server/out/test/build-helpers';
import { buildSettings, podmanVolumes, removeNewRunnerVolumes } from './build-session';
import { copyTree, missingPrerequisite, REPO_ROOT, packageVsix, VsCodeSession, waitFor } from './code-server';

const ARCH = 'x86_64';
const PACKAGES = ['liba', 'libb', 'app', 'solo'];

function whyNot(): string | undefined {
  const missing = missingPrerequisite() ?? engineMissing();
  if (missing) return missing;
  if ((alpineArchOfMachine(process.arch) ?? process.arch) !== ARCH) return `the test builds for ${ARCH} natively; this machine is ${process.arch}`;
  return undefined;
}

const skip = whyNot();

function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Ana Silva', '-c', 'user.email=ana@example.org', '-c', 'init.defaultBranch=master', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
}

describe('building a change in a real VS Code', { skip, timeout: 600_000 }, () => {
  let session: VsCodeSession;
  let scratch: string;
  let workspace: string;
  let packages: string;
  let volumesBefore: string[];

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-e2e-change-'));
    workspace = path.join(scratch, 'aports');
    packages = path.join(scratch, 'packages');
    copyTree(path.join(REPO_ROOT, 'test-fixtures', 'build', 'chain'), workspace);
    git(workspace, 'init', '-q');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-qm', 'the chain fixture');
    // the change: all four packages touched, libb made to fail as server/test/build-chain.test.ts does
    for (const name of PACKAGES) fs.appendFileSync(path.join(workspace, 'main', name, 'APKBUILD'), `# touched by the change\n`);
    const libb = path.join(workspace, 'main', 'libb', 'APKBUILD');
    fs.writeFileSync(libb, fs.readFileSync(libb, 'utf8').replace('\techo "building libb on $CARCH"', '\techo "building libb on $CARCH"\n\tfrobnicate --all'));
    git(workspace, 'commit', '-qam', 'liba, libb, app, solo: the change');
    volumesBefore = podmanVolumes();
    session = await VsCodeSession.start({
      workspace,
      vsix: packageVsix(scratch),
      settings: buildSettings(packages),
    });
    await session.page.setViewportSize({ width: 1440, height: 900 });
  });

  after(async () => {
    await session?.close();
    removeNewRunnerVolumes(volumesBefore, [ARCH]);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('Build a change… since HEAD~1 for x86_64: the matrix shows liba passed, libb failed with its error, app skipped (needs libb), solo passed', async () => {
    const page = session.page;
    await session.openFile('main/libb/APKBUILD');
    await session.runCommand('APKBUILD: Build a change…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    const rows = page.locator('.quick-input-list .monaco-list-row');
    // the base revision: no upstream in this scratch repository, so HEAD~1 comes first
    await rows.filter({ hasText: 'HEAD~1' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await input.fill('HEAD~1');
    await input.press('Enter');
    // the arches: exactly x86_64
    const archRowOf = (arch: string) => rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${arch}$`) }) }).first();
    await waitFor(async () => (await archRowOf(ARCH).count()) > 0, 15_000, () => 'the arch pick did not open');
    await input.fill('');
    const ticked = await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('aria-checked') === 'true').map((e) => e.querySelector('.label-name')?.textContent ?? ''));
    for (const arch of ticked.filter((a) => a !== ARCH)) {
      await input.fill(arch);
      await archRowOf(arch).locator('.monaco-checkbox').click();
    }
    await input.fill(ARCH);
    const row = archRowOf(ARCH);
    if ((await row.getAttribute('aria-checked')) !== 'true') await row.locator('.monaco-checkbox').click();
    await input.fill('');
    const now = await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('aria-checked') === 'true').map((e) => e.querySelector('.label-name')?.textContent ?? ''));
    assert.deepEqual(now, [ARCH]);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden' });

    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'APKBUILD builds' }) });
    const header = view.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    // room (the view's list only renders the rows it shows) for the matrix: the folder tree collapsed, the side bar wider
    const folders = page.locator('.explorer-viewlet .pane-header').first();
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    const bar = await page.locator('.part.sidebar').boundingBox();
    if (bar && bar.width < 520) {
      await page.mouse.move(bar.x + bar.width - 1, bar.y + bar.height / 2);
      await page.mouse.down();
      await page.mouse.move(bar.x + 520, bar.y + bar.height / 2, { steps: 5 });
      await page.mouse.up();
    }
    let text = '';
    await waitFor(async () => {
      text = await view.locator('.pane-body').innerText().catch(() => '');
      return /solo[\s\S]*x86_64\s*(passed|failed|skipped)/.test(text) && !/running|queued/.test(text);
    }, 300_000, () => `the matrix never finished:\n${text}\n${session.serverLog.slice(-2000)}`);
    // one node per package in plan order, each with its x86_64 cell
    const order = PACKAGES.map((p) => text.search(new RegExp(`^${p}\\s*main/${p}`, 'm')));
    assert.ok(order.every((i) => i >= 0) && order.every((v, i) => i === 0 || v > order[i - 1]), `packages not in plan order:\n${text}`);
    const cellOf = (name: string) => text.slice(text.search(new RegExp(`^${name}\\s*main/${name}`, 'm'))).split('\n').slice(0, 4).join('\n');
    assert.match(cellOf('liba'), /x86_64\s*passed in (<1|\d+)s: liba-1\.0-r0\.apk/);
    assert.match(cellOf('libb'), /x86_64\s*failed after (<1|\d+)s: .*frobnicate: not found/);
    assert.match(cellOf('app'), /x86_64\s*skipped: needs libb/);
    assert.match(cellOf('solo'), /x86_64\s*passed in (<1|\d+)s: solo-1\.0-r0\.apk/);
    assert.ok(fs.existsSync(path.join(packages, 'main', ARCH, 'liba-1.0-r0.apk')));
    assert.ok(!fs.existsSync(path.join(packages, 'main', ARCH, 'app-1.0-r0.apk')));
  });

  test('libb\'s error is a diagnostic on the line of libb\'s APKBUILD that failed', async () => {
    const page = session.page;
    await session.runCommand('View: Focus Problems');
    const problems = page.locator('.markers-panel');
    const row = problems.locator('.monaco-list-row', { hasText: 'frobnicate: not found' });
    await row.waitFor({ timeout: 30_000 });
    assert.match(await row.innerText(), /frobnicate: not found \(x86_64\)/);
    const line = fs.readFileSync(path.join(workspace, 'main', 'libb', 'APKBUILD'), 'utf8').split('\n').findIndex((l) => l.includes('frobnicate')) + 1;
    assert.match(await row.innerText(), new RegExp(`\\[Ln ${line}, Col \\d+\\]`));
    const file = problems.locator('.monaco-list-row', { hasText: 'APKBUILD' }).first();
    assert.match(await file.innerText(), /libb/);
    await row.click();
    await page.mouse.move(900, 250);
    await page.waitForTimeout(800);
    await session.screenshot('change.png');
  });

  test('Build selected packages on liba and solo selected in the explorer: a second matrix with both up to date (not rebuilt)', async () => {
    const page = session.page;
    const folders = page.locator('.explorer-viewlet .pane-header').first();
    if ((await folders.getAttribute('aria-expanded')) !== 'true') await folders.click();
    const explorer = page.locator('.explorer-folders-view');
    const item = (name: string) => explorer.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${name}$`) }) }).first();
    if ((await item('main').getAttribute('aria-expanded')) !== 'true') await item('main').click();
    await item('liba').waitFor({ timeout: 10_000 });
    await item('liba').click();
    await item('solo').click({ modifiers: ['Control'] });
    await waitFor(async () => (await item('liba').getAttribute('aria-selected')) === 'true' && (await item('solo').getAttribute('aria-selected')) === 'true', 5_000, () => 'liba and solo could not both be selected');
    await item('solo').click({ button: 'right' });
    const action = page.locator('.context-view .action-item', { hasText: 'Build selected packages' }).first();
    await action.waitFor({ timeout: 10_000 });
    // the menu acts on the highlighted item with Enter (a synthetic click on it is not taken)
    await action.hover();
    await page.keyboard.press('Enter');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // the last choice (x86_64 only) is remembered
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    const ticked = await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('aria-checked') === 'true').map((e) => e.querySelector('.label-name')?.textContent ?? ''));
    assert.deepEqual(ticked, [ARCH]);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden' });
    if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'APKBUILD builds' }) });
    let text = '';
    await waitFor(async () => {
      text = await view.locator('.pane-body').innerText().catch(() => '');
      return /change: 2 packages/.test(text) && /solo\s*main\/solo\s*x86_64\s*up to date/.test(text);
    }, 120_000, () => `the second matrix never showed solo up to date:\n${text}`);
    // the newest build comes first: its two rows, in plan order, before the first build's four
    const second = text.slice(text.indexOf('change: 2 packages'), text.indexOf('change: 4 packages'));
    assert.match(second, /liba\s*main\/liba\s*x86_64\s*up to date \(1\.0-r0\)\s*solo\s*main\/solo\s*x86_64\s*up to date \(1\.0-r0\)/);
  });

  test('Rebuild from here on libb\'s failed cell, once libb is fixed: a new matrix builds libb and app (skipped before), both pass', async () => {
    const page = session.page;
    const libb = path.join(workspace, 'main', 'libb', 'APKBUILD');
    fs.writeFileSync(libb, fs.readFileSync(libb, 'utf8').replace('\n\tfrobnicate --all', ''));
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'APKBUILD builds' }) });
    const cell = view.locator('.monaco-list-row', { hasText: 'frobnicate: not found' }).first();
    await cell.waitFor({ timeout: 10_000 });
    await cell.hover();
    await cell.locator('.action-label[aria-label="Rebuild from here"]').click();
    let text = '';
    await waitFor(async () => {
      text = await view.locator('.pane-body').innerText().catch(() => '');
      return /change: 2 packages[\s\S]*change: 2 packages/.test(text) && !/running|queued/.test(text.slice(0, text.lastIndexOf('change: 2 packages')));
    }, 120_000, () => `the rebuild never finished:\n${text}`);
    // the newest matrix comes first: libb, then app, which needs it
    const newest = text.slice(text.indexOf('change: 2 packages'), text.lastIndexOf('change: 2 packages'));
    assert.match(newest, /libb\s*main\/libb\s*x86_64\s*passed in (<1|\d+)s: libb-1\.0-r0\.apk\s*app\s*main\/app\s*x86_64\s*passed in (<1|\d+)s: app-1\.0-r0\.apk/);
    assert.ok(fs.existsSync(path.join(packages, 'main', ARCH, 'app-1.0-r0.apk')));
  });
});
