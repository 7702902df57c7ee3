#!/usr/bin/env node
// Language server latency: `npm run bench:lsp -- [APKBUILD] [--edits N] [--settle MS] [--tree DIR]` (after a build).
// With --tree, DIR is the workspace folder: the aports index is built in the background first and
// the bench reports its build time, the request latency while it builds, and RSS with the index.
// Starts dist/server.js --stdio, opens the file, waits MS milliseconds (default 3000), then makes N single-character edits one after
// another (insert a character, delete it again, at spread-out positions) and times each from
// sending didChange to receiving the publishDiagnostics of that version. Prints p50/p95/max and
// the server's resident memory, and the round trip of a request that does no work for comparison.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import rpc from 'vscode-jsonrpc/node';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const at = args.indexOf('--edits');
const edits = at === -1 ? 200 : Number(args.splice(at, 2)[1]);
const settleAt = args.indexOf('--settle');
const settleMs = settleAt === -1 ? 3000 : Number(args.splice(settleAt, 2)[1]);
const treeAt = args.indexOf('--tree');
const tree = treeAt === -1 ? undefined : path.resolve(args.splice(treeAt, 2)[1]);
const file = path.resolve(args[0] ?? path.join(here, '..', '..', 'test-fixtures', 'aports', 'testing', 'demo-mistakes', 'APKBUILD'));
const text = fs.readFileSync(file, 'utf8');
const uri = pathToFileURL(file).href;

const child = spawn(process.execPath, [path.join(here, '..', 'dist', 'server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(child.stdout), new rpc.StreamMessageWriter(child.stdin));
const waiting = new Map();
let findings = 0;
conn.onNotification('textDocument/publishDiagnostics', (p) => {
  if (p.uri !== uri) return;
  findings = p.diagnostics.length;
  waiting.get(p.version)?.(performance.now());
  waiting.delete(p.version);
});
conn.onRequest('window/workDoneProgress/create', () => null);
let indexEnded;
const indexEnd = new Promise((resolve) => (indexEnded = resolve));
conn.onNotification('$/progress', (p) => p.value?.kind === 'end' && indexEnded(performance.now()));
conn.listen();
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));
const pct = (p, list) => list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)];
const ms = (n) => `${n.toFixed(2)} ms`;
const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
const hoverAt = (position) => conn.sendRequest('textDocument/hover', { textDocument: { uri }, position });

const workspaceFolders = tree ? [{ uri: pathToFileURL(tree).href, name: path.basename(tree) }] : null;
await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, workspaceFolders, capabilities: { window: { workDoneProgress: true } } });
const indexStart = performance.now();
await conn.sendNotification('initialized', {});
let t0 = performance.now();
let done = published(1);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'apkbuild', version: 1, text } });
const openMs = (await done) - t0;
if (tree) {
  // requests keep being answered while the index builds: hover at spread-out positions until it ends
  const during = [];
  let ended = false;
  indexEnd.then(() => (ended = true));
  const textLines = text.split('\n');
  for (let i = 0; !ended; i++) {
    const line = (i * 7919) % textLines.length;
    t0 = performance.now();
    await hoverAt({ line, character: Math.floor(textLines[line].length / 2) });
    during.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const indexMs = (await indexEnd) - indexStart;
  during.sort((a, b) => a - b);
  console.log(`index of ${tree}: built in ${ms(indexMs)}; server RSS with the index ${rssMiB().toFixed(1)} MiB`);
  console.log(`hover while indexing (${during.length} requests): p50 ${ms(pct(50, during))}, p95 ${ms(pct(95, during))}, max ${ms(during.at(-1) ?? 0)}`);
}
// as in an editor, where typing starts a moment after the file is opened: V8 optimises the
// grammar's wasm in the background during the first seconds of the process
await new Promise((resolve) => setTimeout(resolve, settleMs));

// CPU time the server process used (user + system), from /proc: independent of the machine's load
const cpuMs = () => {
  const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, USER_HZ = 100
};
const cpuBefore = cpuMs();
const lines = text.split('\n');
const times = [];
const floor = [];
for (let i = 0; i < edits; i++) {
  const version = i + 2;
  // the same line for an insert and the delete that follows it, moving through the file
  const line = Math.floor(((i >> 1) * 7919) % lines.length);
  const character = Math.floor(lines[line].length / 2);
  const change = i % 2 === 0
    ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
    : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
  done = published(version);
  t0 = performance.now();
  await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [change] });
  times.push((await done) - t0);
  // the floor on this machine right now: a request the server answers without any work
  t0 = performance.now();
  await conn.sendRequest('textDocument/codeAction', { textDocument: { uri: 'untitled:none' }, range: change.range, context: { diagnostics: [] } });
  floor.push(performance.now() - t0);
}
const cpuPerEdit = (cpuMs() - cpuBefore) / edits;
const rss = rssMiB();
times.sort((a, b) => a - b);
floor.sort((a, b) => a - b);
// completion and hover over stdio at 200 positions spread through the file (the last edit left the text as opened)
const completionTimes = [];
const hoverTimes = [];
for (let i = 0; i < 200; i++) {
  const line = (i * 7919) % lines.length;
  const position = { line, character: (i * 31) % (lines[line].length + 1) };
  t0 = performance.now();
  await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position });
  completionTimes.push(performance.now() - t0);
  t0 = performance.now();
  await hoverAt(position);
  hoverTimes.push(performance.now() - t0);
}
completionTimes.sort((a, b) => a - b);
hoverTimes.sort((a, b) => a - b);
console.log(`${path.relative(process.cwd(), file) || file}: ${text.length} chars, ${lines.length} lines, ${findings} findings`);
console.log(`didOpen -> publishDiagnostics: ${ms(openMs)}`);
console.log(`didChange -> publishDiagnostics over ${edits} single-character edits: p50 ${ms(pct(50, times))}, p95 ${ms(pct(95, times))}, max ${ms(times[times.length - 1])}`);
console.log(`completion over 200 positions: p50 ${ms(pct(50, completionTimes))}, p95 ${ms(pct(95, completionTimes))}; hover: p50 ${ms(pct(50, hoverTimes))}, p95 ${ms(pct(95, hoverTimes))}`);
console.log(`server CPU time per edit (user + system, including the no-op requests): ${ms(cpuPerEdit)}`);
console.log(`no-op request round trip (the floor under the current load): p50 ${ms(pct(50, floor))}, p95 ${ms(pct(95, floor))}; ${(await import('node:os')).loadavg()[0].toFixed(1)} load average`);
console.log(`server RSS after the edits: ${rss.toFixed(1)} MiB`);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
child.on('exit', () => process.exit(0));
