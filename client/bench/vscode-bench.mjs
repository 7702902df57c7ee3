// npm run bench:vscode [-- RUNS]: the extension in a real VS Code (code-server + chromium), each
// run a cold start (fresh user data and a new window on a copy of the fixture aports tree, the
// extension installed from the .vsix; it activates on workspaceContains:**/APKBUILD), the
// APKBUILD opened as soon as the workbench shows:
//   activation  — loading the bundle + activate(), server start excluded (from the extension's log)
//   first diagnostics — from pressing Enter on the APKBUILD in Quick Open to the first squiggle
// plus the .vsix size. Needs `npm run build` and client/test/e2e/install-code-server.sh.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { VsCodeSession, packageVsix, missingPrerequisite, REPO_ROOT, copyTree, waitFor } = require('../out/test/e2e/code-server.js');

const runs = Number(process.argv[2] ?? 5);
const missing = missingPrerequisite();
if (missing) {
  console.error(`bench:vscode cannot run: ${missing}`);
  process.exit(2);
}
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-bench-'));
const vsix = packageVsix(scratch);
const vsixBytes = fs.statSync(vsix).size;
const workspace = path.join(scratch, 'aports');
copyTree(path.join(REPO_ROOT, 'test-fixtures', 'aports'), workspace);
// a second package with findings, opened once the server runs
fs.mkdirSync(path.join(workspace, 'testing', 'demo-second'));
fs.writeFileSync(path.join(workspace, 'testing', 'demo-second', 'APKBUILD'),
  fs.readFileSync(path.join(workspace, 'testing', 'demo-mistakes', 'APKBUILD'), 'utf8').replaceAll('demo-mistakes', 'demo-second'));
const SQUIGGLE = '.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-error';

const activation = [];
const firstDiagnostics = [];
const phases = [];
const editorShown = [];
const moduleLoad = [];
const warmDiagnostics = [];
try {
  for (let i = 0; i < runs; i++) {
    const session = await VsCodeSession.start({ workspace, vsix });
    try {
      const page = session.page;
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget input');
      await input.fill('testing/demo-mistakes/APKBUILD');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'demo-mistakes' }).first().waitFor();
      const opened = Date.now();
      await input.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'APKBUILD' }).waitFor();
      await page.locator('#status\\.editor\\.mode', { hasText: 'APKBUILD' }).waitFor();
      editorShown.push(Date.now() - opened);
      await page.waitForSelector('.monaco-editor .squiggly-info, .monaco-editor .squiggly-warning, .monaco-editor .squiggly-error', { timeout: 30_000 });
      const shown = Date.now();
      firstDiagnostics.push(shown - opened);
      let log = '';
      await waitFor(() => {
        log = session.extensionLogs().map((f) => fs.readFileSync(f, 'utf8')).join('\n');
        return /Language server ready in/.test(log);
      }, 15_000, () => 'the extension log never said "Language server ready"');
      const a = /activated in ([\d.]+) ms \(module loading ([\d.]+) ms, activate\(\) ([\d.]+) ms/.exec(log);
      activation.push(Number(a[1]));
      moduleLoad.push(Number(a[2]));
      // the log's timestamps (local time, ms) split the wait into its phases
      const at = (re) => {
        const m = new RegExp(`^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) \\[info\\] ${re}`, 'm').exec(log);
        return m ? new Date(m[1].replace(' ', 'T')).getTime() : NaN;
      };
      // warm: the server runs; open another APKBUILD
      await page.keyboard.press('Control+P');
      await input.fill('testing/demo-second/APKBUILD');
      await page.locator('.quick-input-list .monaco-list-row', { hasText: 'demo-second' }).first().waitFor();
      const openedSecond = Date.now();
      await input.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: 'APKBUILD' }).filter({ hasText: 'demo-second' }).waitFor().catch(() => undefined);
      await page.locator('.monaco-editor[data-uri*="demo-second"]').locator('.squiggly-info, .squiggly-warning, .squiggly-error').first().waitFor({ timeout: 30_000 });
      warmDiagnostics.push(Date.now() - openedSecond);
      phases.push([at('APKBUILD extension activated') - opened, at('Language server ready') - at('APKBUILD extension activated'), shown - at('Language server ready')]);
    } finally {
      await session.close();
    }
  }
} finally {
  fs.rmSync(scratch, { recursive: true, force: true });
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[Math.floor(s.length / 2)].toFixed(0)} ms (min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)}, ${s.length} runs)`;
};
console.log(`activation (bundle load + activate(), server start excluded): ${stats(activation)}   target <= 200 ms`);
console.log(`  of which module loading: ${stats(moduleLoad)}`);
console.log(`first diagnostics after open, cold:  ${stats(firstDiagnostics)}   target <= 1000 ms`);
const median = (i) => [...phases.map((p) => p[i])].sort((a, b) => a - b)[Math.floor(phases.length / 2)];
console.log(`  VS Code itself: open → editor shown in the APKBUILD language: ${stats(editorShown)}`);
console.log(`  of which (medians): open → extension activated ${median(0)} ms, → server initialized ${median(1)} ms, → first squiggle ${median(2)} ms`);
console.log(`first diagnostics after open, server running: ${stats(warmDiagnostics)}`);
console.log(`load average during the runs: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`);
console.log(`.vsix size: ${(vsixBytes / 1024).toFixed(0)} KiB   target <= 5 MB`);
