#!/usr/bin/env node
// Language server latency: `npm run bench:lsp -- [APKBUILD] [--edits N] [--settle MS]` (after a build).
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
conn.listen();
const published = (version) => new Promise((resolve) => waiting.set(version, resolve));

await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
await conn.sendNotification('initialized', {});
let t0 = performance.now();
let done = published(1);
await conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'apkbuild', version: 1, text } });
const openMs = (await done) - t0;
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
const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
times.sort((a, b) => a - b);
floor.sort((a, b) => a - b);
const pct = (p, list = times) => list[Math.min(list.length - 1, Math.ceil((p / 100) * list.length) - 1)];
const ms = (n) => `${n.toFixed(2)} ms`;
console.log(`${path.relative(process.cwd(), file) || file}: ${text.length} chars, ${lines.length} lines, ${findings} findings`);
console.log(`didOpen -> publishDiagnostics: ${ms(openMs)}`);
console.log(`didChange -> publishDiagnostics over ${edits} single-character edits: p50 ${ms(pct(50))}, p95 ${ms(pct(95))}, max ${ms(times[times.length - 1])}`);
console.log(`server CPU time per edit (user + system, including the no-op requests): ${ms(cpuPerEdit)}`);
console.log(`no-op request round trip (the floor under the current load): p50 ${ms(pct(50, floor))}, p95 ${ms(pct(95, floor))}; ${(await import('node:os')).loadavg()[0].toFixed(1)} load average`);
console.log(`server RSS after the edits: ${rss.toFixed(1)} MiB`);
await conn.sendRequest('shutdown');
await conn.sendNotification('exit');
child.on('exit', () => process.exit(0));
