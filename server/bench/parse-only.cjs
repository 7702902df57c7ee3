// The baseline for the lint benchmark: read and parse the same files with the same number of
// worker threads, and nothing else. Usage: node parse-only.cjs JOBS FILELIST
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Worker, isMainThread, parentPort, workerData } = require('node:worker_threads');

// the same engine settings as the CLI's tree lint on worker threads (src/cli/v8-flags.ts): the
// baseline WebAssembly compiler first, then the optimising tier, and the CLI's inlining budget
require(path.join(__dirname, '..', 'out', 'src', 'cli', 'v8-flags.js')).useSmallInliningBudget();
const dist = path.join(__dirname, '..', 'dist');

if (isMainThread) {
  const jobs = Number(process.argv[2]);
  const files = fs.readFileSync(process.argv[3], 'utf8').split('\n').filter(Boolean);
  let next = 0;
  let running = jobs;
  for (let i = 0; i < jobs; i++) {
    const w = new Worker(__filename, { workerData: {} });
    const feed = () => {
      if (next >= files.length) return w.postMessage(null);
      w.postMessage(files.slice(next, next + 48));
      next += 48;
    };
    w.on('message', feed);
    w.on('error', (e) => {
      console.error(e);
      process.exit(2);
    });
    w.on('exit', () => {
      if (--running === 0) process.exit(0);
    });
    feed();
  }
} else {
  const { initParser, parseText } = require(path.join(dist, 'index.js'));
  const ready = initParser();
  parentPort.on('message', async (batch) => {
    if (batch === null) process.exit(0);
    await ready;
    for (const f of batch) parseText(fs.readFileSync(f, 'utf8')).delete();
    parentPort.postMessage('more');
  });
}
