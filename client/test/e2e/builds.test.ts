// The multi-arch build UI inside a real VS Code (code-server + chromium): APKBUILD: Build for
// arches… through the quick pick, real podman containers from the local test images, the
// "APKBUILD builds" view, the build error as a diagnostic in the APKBUILD.
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Page } from 'playwright-core';
import { alpineArchOfMachine } from 'apkbuild-language-server/out/src/build/arches';
import { localRunnability } from 'apkbuild-language-server/out/src/build/runnable';
import { engineMissing } from 'apkbuild-language-server/out/test/build-helpers';
import { buildSettings, podmanVolumes, removeNewRunnerVolumes } from './build-session';
import { copyTree, missingPrerequisite, REPO_ROOT, packageVsix, VsCodeSession, waitFor } from './code-server';

const ARCHES = ['x86_64', 'aarch64'];
// the names the extension gives its containers: apkbuild-<session>-<arch> (the runner's default prefix)
const OUR_CONTAINER = /^apkbuild-[0-9a-f]{8}-(x86_64|aarch64)$/;

function whyNot(): string | undefined {
  const missing = missingPrerequisite() ?? engineMissing();
  if (missing) return missing;
  const host = alpineArchOfMachine(process.arch) ?? process.arch;
  for (const arch of ARCHES) {
    const r = localRunnability(arch, host);
    if (!r.runnable) return `${arch} cannot run here: ${r.guidance}`;
  }
  return undefined;
}

const skip = whyNot();

function ourContainers(): string[] {
  const r = spawnSync('podman', ['ps', '-a', '--filter', 'label=org.apkbuild.build=1', '--format', '{{.Names}}'], { encoding: 'utf8' });
  return r.stdout.split('\n').filter((n) => OUR_CONTAINER.test(n));
}

/** Room for the builds view in the screenshot: the folder tree collapsed, the side bar wider. */
async function showBuildsView(page: Page): Promise<void> {
  const folders = page.locator('.explorer-viewlet .pane-header').first();
  if ((await folders.getAttribute('aria-expanded')) === 'true') await folders.click();
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar && bar.width < 480) {
    const edge = bar.x + bar.width;
    await page.mouse.move(edge - 1, bar.y + bar.height / 2);
    await page.mouse.down();
    await page.mouse.move(bar.x + 480, bar.y + bar.height / 2, { steps: 5 });
    await page.mouse.up();
  }
}

describe('multi-arch builds in a real VS Code', { skip, timeout: 600_000 }, () => {
  let session: VsCodeSession;
  let scratch: string;
  let workspace: string;
  let packages: string;
  let events: ChildProcess;
  const started = new Set<string>();
  let volumesBefore: string[];

  before(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-e2e-builds-'));
    workspace = path.join(scratch, 'aports');
    packages = path.join(scratch, 'packages');
    copyTree(path.join(REPO_ROOT, 'test-fixtures', 'build', 'aports'), workspace);
    volumesBefore = podmanVolumes();
    // every container the extension starts, from the engine's own event stream
    events = spawn('podman', ['events', '--filter', 'label=org.apkbuild.build=1', '--filter', 'event=start', '--format', '{{.Name}}'], { stdio: ['ignore', 'pipe', 'ignore'] });
    events.stdout!.on('data', (d: Buffer) => {
      for (const name of d.toString().split('\n')) if (OUR_CONTAINER.test(name)) started.add(name);
    });
    session = await VsCodeSession.start({
      workspace,
      vsix: packageVsix(scratch),
      settings: buildSettings(packages),
    });
    await session.page.setViewportSize({ width: 1440, height: 900 });
  });

  after(async () => {
    events?.kill();
    await session?.close();
    removeNewRunnerVolumes(volumesBefore, ARCHES);
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('Build for arches… builds x86_64 and aarch64: the builds view shows x86_64 passed with its .apk and aarch64 failed with its first error', async () => {
    const page = session.page;
    await session.openFile('main/simdpack/APKBUILD');
    await session.runCommand('APKBUILD: Build for arches…');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // tick exactly x86_64 and aarch64
    const rows = page.locator('.quick-input-list .monaco-list-row');
    await rows.first().waitFor({ state: 'visible', timeout: 15_000 });
    for (const arch of ARCHES) {
      await input.fill(arch);
      const row = rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${arch}$`) }) }).first();
      await row.waitFor({ state: 'visible' });
      if ((await row.getAttribute('aria-checked')) !== 'true') await row.locator('.monaco-checkbox').click();
      await waitFor(async () => (await row.getAttribute('aria-checked')) === 'true', 5_000, () => `${arch} could not be ticked`);
    }
    await input.fill('');
    const ticked = await rows.evaluateAll((els) => els.filter((e) => e.getAttribute('aria-checked') === 'true').map((e) => e.querySelector('.label-name')?.textContent ?? ''));
    assert.deepEqual(ticked.sort(), [...ARCHES].sort());
    await session.screenshot('build-pick.png');
    await input.press('Enter');
    await input.waitFor({ state: 'hidden' });

    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'APKBUILD builds' }) });
    const header = view.locator('.pane-header');
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const archRow = (arch: string) => view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: new RegExp(`^${arch}$`) }) });
    let text = '';
    await waitFor(async () => {
      text = await view.locator('.pane-body').innerText().catch(() => '');
      return /x86_64\s*passed in/.test(text) && /aarch64\s*failed:/.test(text);
    }, 300_000, () => `the builds view never showed x86_64 passed and aarch64 failed:\n${text}\n${session.serverLog.slice(-2000)}`);
    assert.match(await archRow('x86_64').innerText(), /passed in (<1|\d+)s: simdpack-1\.4\.0-r0\.apk/);
    assert.match(await archRow('aarch64').innerText(), /failed: gen-neon-kernels: not found/);
    assert.ok(fs.existsSync(path.join(packages, 'main', 'x86_64', 'simdpack-1.4.0-r0.apk')));
    assert.ok(!fs.existsSync(path.join(packages, 'main', 'aarch64', 'simdpack-1.4.0-r0.apk')));
    // the passed arch expands to the .apk it wrote
    await archRow('x86_64').locator('.monaco-tl-twistie').click();
    await view.locator('.monaco-list-row', { has: page.locator('.label-name', { hasText: /^simdpack-1\.4\.0-r0\.apk$/ }) }).waitFor({ timeout: 10_000 });
  });

  test('the aarch64 error is a diagnostic on the APKBUILD line that failed, in the Problems view and as a squiggle', async () => {
    const page = session.page;
    await session.runCommand('View: Focus Problems');
    const problems = page.locator('.markers-panel');
    const row = problems.locator('.monaco-list-row', { hasText: 'gen-neon-kernels: not found' });
    await row.waitFor({ timeout: 30_000 });
    const text = await row.innerText();
    assert.match(text, /gen-neon-kernels: not found \(aarch64\)/);
    assert.match(text, /abuild/);
    assert.match(text, /\[Ln 14, Col 3\]/);
    assert.equal(fs.readFileSync(path.join(workspace, 'main', 'simdpack', 'APKBUILD'), 'utf8').split('\n')[13].trim(), 'gen-neon-kernels --out src/neon');
    // the squiggle sits under line 14 of the editor
    await session.goTo(14, 3);
    await page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 15_000 });
    await showBuildsView(page);
    // the error a packager looks at first: selected in the Problems view, revealed in the editor
    await row.click();
    await page.mouse.move(900, 250);
    await page.waitForTimeout(800);
    await session.screenshot('builds.png');
  });

  test('no container is left behind: both arches ran in their own container and each was removed', async () => {
    await waitFor(() => ARCHES.every((a) => [...started].some((n) => n.endsWith(`-${a}`))), 10_000,
      () => `podman events did not report a container per arch: ${[...started].join(' ')}`);
    // only these: another checkout may be building on the same engine
    assert.deepEqual(ourContainers().filter((n) => started.has(n)), []);
  });
});
