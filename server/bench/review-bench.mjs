#!/usr/bin/env node
// Merge-request lint benchmark: `node bench/review-bench.mjs [TREE] [--runs K]`
// Copies TREE (an aports checkout; default test-fixtures/aports) into a scratch git repository,
// commits it as the base, then makes MR commits that bump pkgrel in 1 and in 20 packages, and
// times `apkbuild-ls lint --changed-since HEAD~1` as a whole process, git work included.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const ri = args.indexOf('--runs');
const runs = ri === -1 ? 5 : Number(args.splice(ri, 2)[1]);
const tree = path.resolve(args[0] ?? path.join(here, '..', '..', 'test-fixtures', 'aports'));
const bin = path.join(here, '..', 'bin', 'apkbuild-ls.js');
const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-review-bench-'));
const git = (...a) => execFileSync('git', ['-C', repo, '-c', 'user.name=bench', '-c', 'user.email=bench@example.org', ...a], { maxBuffer: 1 << 28 });

try {
  for (const repoDir of ['main', 'community', 'testing']) {
    if (fs.existsSync(path.join(tree, repoDir))) fs.cpSync(path.join(tree, repoDir), path.join(repo, repoDir), { recursive: true });
  }
  git('init', '-q');
  git('add', '-A');
  git('commit', '-qm', 'base');
  const apkbuilds = git('ls-files', '*/APKBUILD').toString().trim().split('\n');
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const count of [1, 20]) {
    git('checkout', '-q', '-B', `mr${count}`, 'HEAD');
    const step = Math.max(1, Math.floor(apkbuilds.length / count));
    const picked = apkbuilds.filter((_, i) => i % step === 0).slice(0, count);
    for (const rel of picked) {
      const file = path.join(repo, rel);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^pkgrel=(\d+)/m, (_, n) => `pkgrel=${Number(n) + 1}`));
    }
    git('commit', '-qam', `bump ${count}`);
    const times = [];
    let findings = 0;
    for (let i = 0; i < runs; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(process.execPath, [bin, 'lint', '--changed-since', 'HEAD~1', '-f', 'json'], { cwd: repo, encoding: 'utf8', maxBuffer: 1 << 26 });
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (r.status !== 0 && r.status !== 1) throw new Error(r.stderr);
      findings = JSON.parse(r.stdout).length;
    }
    console.log(`${String(count).padStart(2)} changed APKBUILDs of ${apkbuilds.length}: ${median(times).toFixed(0)} ms wall (median of ${runs}, process start to exit, git included), ${findings} findings`);
    git('checkout', '-q', 'HEAD~1');
  }
} finally {
  fs.rmSync(repo, { recursive: true, force: true });
}
