// A real VS Code for tests: code-server (VS Code 1.100 in Node) with the extension installed from
// the .vsix, driven through Debian's chromium by playwright-core. Nothing here is mocked.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const OUTPUT_DIR = path.join(REPO_ROOT, 'test-output');
const CODE_SERVER_DIR = process.env.APKBUILD_CODE_SERVER_DIR ?? path.join(os.homedir(), '.cache', 'apkbuild-test', 'code-server');
const CODE_SERVER_ENTRY = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const CHROMIUM = process.env.APKBUILD_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Why the e2e tests cannot run here, or undefined when they can. */
export function missingPrerequisite(): string | undefined {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) return `code-server is not installed at ${CODE_SERVER_DIR} (run client/test/e2e/install-code-server.sh, or set APKBUILD_CODE_SERVER_DIR)`;
  if (!fs.existsSync(CHROMIUM)) return `chromium is not at ${CHROMIUM} (apt-get install chromium, or set APKBUILD_CHROMIUM)`;
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'extension.js'))) return 'the extension is not built (npm run build)';
  return undefined;
}

/** Packages the built extension into a .vsix with vsce (as `npm run package` does, without rebuilding). */
export function packageVsix(outDir: string): string {
  const vsix = path.join(outDir, 'apkbuild.vsix');
  const vsce = path.join(REPO_ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', vsix], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vsce package failed: ${r.stderr || r.stdout}`);
  return vsix;
}

export function copyTree(from: string, to: string): void {
  fs.cpSync(from, to, { recursive: true });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface SessionOptions {
  readonly workspace: string;
  readonly vsix: string;
  /** user settings.json entries */
  readonly settings?: Record<string, unknown>;
  readonly env?: NodeJS.ProcessEnv;
}

/** One code-server with the extension installed, and one browser page on its workbench. */
export class VsCodeSession {
  private constructor(
    readonly root: string,
    readonly server: ChildProcess,
    readonly browser: Browser,
    readonly page: Page,
    readonly url: string,
    private readonly log: () => string,
  ) {}

  static async start(options: SessionOptions): Promise<VsCodeSession> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-vscode-'));
    const extensions = path.join(root, 'extensions');
    const userData = path.join(root, 'user-data');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify({
      'workbench.startupEditor': 'none',
      'security.workspace.trust.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'workbench.tips.enabled': false,
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'editor.minimap.enabled': false,
      'workbench.welcomePage.walkthroughs.openOnInstall': false,
      'chat.commandCenter.enabled': false,
      ...options.settings,
    }, null, 2));
    const config = path.join(root, 'config.yaml');
    fs.writeFileSync(config, 'auth: none\ncert: false\n');
    const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions, '--disable-telemetry', '--disable-update-check'];
    const install = spawnSync(process.execPath, [CODE_SERVER_ENTRY, ...common, '--install-extension', options.vsix], { encoding: 'utf8', timeout: 120_000 });
    if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stderr || install.stdout}`);

    const port = await freePort();
    let log = '';
    // its own process group: code-server's extension hosts outlive it (they wait for a reconnect)
    // unless the whole group is stopped (see close())
    const server = spawn(process.execPath, [CODE_SERVER_ENTRY, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, options.workspace], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    server.stdout!.on('data', (d) => (log += d));
    server.stderr!.on('data', (d) => (log += d));
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(options.workspace)}`;
    await waitFor(() => log.includes('HTTP server listening'), 30_000, () => `code-server did not start:\n${log}`);
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const session = new VsCodeSession(root, server, browser, page, url, () => log);
    try {
      await page.goto(url);
      await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
      await page.waitForSelector('.explorer-folders-view, .monaco-list', { timeout: 60_000 });
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  get serverLog(): string {
    return this.log();
  }

  /** Runs a command from the palette by its title, e.g. "APKBUILD: Update checksums". */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
  }

  /** Opens a workspace file with Quick Open. */
  async openFile(relativePath: string): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(relativePath);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(path.dirname(relativePath)) }).first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: path.basename(relativePath) }).waitFor({ timeout: 15_000 });
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /** Moves the cursor of the active editor with Quick Open's `:line:column` (1-based); focuses the editor. */
  async goTo(line: number, column: number): Promise<void> {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await input.press('Enter');
    await input.waitFor({ state: 'hidden' });
  }

  statusBarText(): Promise<string> {
    return this.page.locator('.part.statusbar').innerText();
  }

  async screenshot(name: string): Promise<string> {
    fs.mkdirSync(OUTPUT_DIR, { recursive: true });
    const file = path.join(OUTPUT_DIR, name);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Files the extension's log output channel wrote (user-data-dir/logs/.../APKBUILD.log). */
  extensionLogs(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.includes('APKBUILD') && e.name.endsWith('.log')) found.push(p);
      }
    };
    const logs = path.join(this.root, 'user-data', 'logs');
    if (fs.existsSync(logs)) walk(logs);
    return found;
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    const group = this.server.pid;
    const signalGroup = (signal: NodeJS.Signals) => {
      try {
        if (group) process.kill(-group, signal);
      } catch {
        // the group is gone
      }
    };
    if (this.server.exitCode === null) {
      const exited = new Promise((resolve) => this.server.once('exit', resolve));
      signalGroup('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    }
    // extension hosts and language servers left in the group
    signalGroup('SIGKILL');
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, describe: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(describe());
    await new Promise((r) => setTimeout(r, 100));
  }
}
