#!/usr/bin/env node
// Checksum benchmark: `node bench/checksum-bench.mjs [--mb 200] [--runs 3]` (after `npx tsc -b`)
// 1. SHA-512 throughput of our streamed hashing (src/checksum/hash.ts) against coreutils
//    `sha512sum` on the same generated files (warm page cache, medians of K runs).
// 2. A re-run of `apkbuild-ls checksum` on a package whose 20 remote sources are all in SRCDEST:
//    it must make no request to the local HTTP server; prints the count and the time.
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const out = path.join(here, '..', 'out', 'src');
const { hashFile } = require(path.join(out, 'checksum', 'hash.js'));
const { checksumCommand } = require(path.join(out, 'cli', 'checksum-command.js'));

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const totalMB = opt('--mb', 200);
const runs = opt('--runs', 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'checksum-bench-'));
try {
  // 1. hashing throughput
  const sizesMB = [100, 50, 25, 15, 5, 3, 1, 1].map((s) => (s * totalMB) / 200);
  const files = sizesMB.map((mb, i) => {
    const f = path.join(tmp, `file${i}.bin`);
    const fd = fs.openSync(f, 'w');
    const chunk = crypto.randomBytes(1 << 20);
    for (let left = Math.round(mb * (1 << 20)); left > 0; left -= chunk.length) fs.writeSync(fd, chunk, 0, Math.min(left, chunk.length));
    fs.closeSync(fd);
    return f;
  });
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const ours = [];
  const theirs = [];
  let agree = true;
  for (let r = 0; r < runs; r++) {
    let t0 = process.hrtime.bigint();
    const mine = [];
    for (const f of files) mine.push(await hashFile(f));
    ours.push(Number(process.hrtime.bigint() - t0) / 1e6);
    t0 = process.hrtime.bigint();
    const res = spawnSync('sha512sum', files, { encoding: 'utf8' });
    theirs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const ref = res.stdout.trim().split('\n').map((l) => l.split(' ')[0]);
    agree &&= ref.join() === mine.join();
  }
  const mbps = (ms) => (bytes / (1 << 20) / (ms / 1000)).toFixed(0);
  console.log(`hashing ${files.length} files, ${(bytes / (1 << 20)).toFixed(0)} MiB (median of ${runs}):`);
  console.log(`  apkbuild-ls streamed SHA-512  ${median(ours).toFixed(0)} ms  ${mbps(median(ours))} MiB/s`);
  console.log(`  coreutils sha512sum           ${median(theirs).toFixed(0)} ms  ${mbps(median(theirs))} MiB/s`);
  console.log(`  ratio (ours / sha512sum time) ${(median(ours) / median(theirs)).toFixed(2)}   hashes agree: ${agree}`);

  // 2. cached re-run
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const body = Buffer.from(`archive ${req.url}\n`.repeat(10000));
    res.writeHead(200, { 'Content-Length': body.length });
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  const pkg = path.join(tmp, 'pkg');
  fs.mkdirSync(pkg);
  const sources = Array.from({ length: 20 }, (_, i) => `${base}/dist/part${i}-1.0.tar.gz`);
  fs.writeFileSync(path.join(pkg, 'APKBUILD'), `pkgname=pkg\npkgver=1.0\npkgrel=0\nsource="\n\t${sources.join('\n\t')}\n\t"\n`);
  const io = { stdout: () => {}, stderr: (s) => process.stderr.write(s), stderrIsTTY: false, env: { HOME: tmp }, cwd: tmp };
  const srcdest = path.join(tmp, 'distfiles');
  let t0 = process.hrtime.bigint();
  const first = await checksumCommand([pkg, '--srcdest', srcdest], io);
  const firstMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const firstRequests = requests;
  requests = 0;
  t0 = process.hrtime.bigint();
  const second = await checksumCommand(['--verify', pkg, '--srcdest', srcdest], io);
  const secondMs = Number(process.hrtime.bigint() - t0) / 1e6;
  server.close();
  console.log(`checksum of 20 remote sources (in-process, parser already warm on the re-run):`);
  console.log(`  first run   exit ${first}  requests made = ${firstRequests}  ${firstMs.toFixed(0)} ms`);
  console.log(`  cached run  exit ${second}  requests made = ${requests}  ${secondMs.toFixed(0)} ms`);
  if (requests !== 0 || first !== 0 || second !== 0 || !agree) process.exitCode = 1;
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
