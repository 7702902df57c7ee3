import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { checksumCommand } from '../src/cli/checksum-command';
import type { IO } from '../src/cli/lint-command';
import { checksumEdits, sha512sumsBlock } from '../src/checksum/edit';
import { hashFile } from '../src/checksum/hash';
import { planSources } from '../src/checksum/plan';
import { Probe, resolveSrcdest, srcdestFromConfig } from '../src/checksum/srcdest';
import { compareSums } from '../src/checksum/verify';
import { analyzeText } from '../src/lint';
import { applyEdits } from '../src/rules/fix';
import { FIXTURES, initParser } from './helpers';

const FIXTURE_DIR = path.join(FIXTURES, 'checksum');
/** the deterministic "tarball" the fixture's remote source stands for */
const FOO_ARCHIVE = Buffer.from('foo-1.0 release archive\n'.repeat(1000));

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-checksum-'));
}

/** What coreutils says: the reference for every hash. */
function sha512sum(file: string): string {
  const r = spawnSync('sha512sum', [file], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.split(' ')[0];
}

function sha512sumOf(bytes: Buffer): string {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'f'), bytes);
  return sha512sum(path.join(dir, 'f'));
}

/** A gzip'd tar of a few generated files. */
function makeTarball(size = 200_000): Buffer {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'pkg-1.0'));
  fs.writeFileSync(path.join(dir, 'pkg-1.0', 'data.bin'), crypto.randomBytes(size));
  fs.writeFileSync(path.join(dir, 'pkg-1.0', 'README'), 'hello\n');
  const r = spawnSync('tar', ['-czf', '-', '-C', dir, 'pkg-1.0'], { maxBuffer: 1 << 28 });
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: IO = {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    stderrIsTTY: opts.tty ?? false,
    env: { HOME: tmpdir(), ...opts.env },
    cwd: opts.cwd ?? process.cwd(),
  };
  const code = await checksumCommand(args, io);
  return { code, stdout, stderr };
}

/** A package directory with an APKBUILD and extra files. */
function makePackage(apkbuild: string, files: Record<string, string | Buffer> = {}): string {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'APKBUILD'), apkbuild);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const HEAD = 'pkgname=foo\npkgver=1.0\npkgrel=0\npkgdesc="test"\nurl="https://example.org"\narch="noarch"\nlicense="MIT"\n';

function apkbuildWith(source: string, tail = ''): string {
  return `${HEAD}source="${source}"\n\npackage() {\n\tmkdir -p "$pkgdir"\n}\n${tail}`;
}

// ---- a real HTTP server -------------------------------------------------------------------

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void;

interface Server {
  base: string;
  requests: string[];
  ranges: (string | undefined)[];
  maxInFlight: number;
  close(): Promise<void>;
}

async function serve(routes: Record<string, Handler>): Promise<Server> {
  let inFlight = 0;
  const state = { requests: [] as string[], ranges: [] as (string | undefined)[], maxInFlight: 0 };
  const server = http.createServer((req, res) => {
    state.requests.push(req.url!);
    state.ranges.push(req.headers.range);
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => inFlight--);
    const handler = routes[req.url!.split('?')[0]];
    if (handler) handler(req, res);
    else {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found\n');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return Object.assign(state, {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Serves bytes, honouring `Range: bytes=N-` with a 206. */
function file(bytes: Buffer, delayMs = 0): Handler {
  return (req, res) => {
    const send = () => {
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      if (m && Number(m[1]) >= bytes.length) {
        res.writeHead(416, { 'Content-Range': `bytes */${bytes.length}` });
        res.end();
      } else if (m) {
        const start = Number(m[1]);
        res.writeHead(206, { 'Content-Length': bytes.length - start, 'Content-Range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
        res.end(bytes.subarray(start));
      } else {
        res.writeHead(200, { 'Content-Length': bytes.length });
        res.end(bytes);
      }
    };
    if (delayMs) setTimeout(send, delayMs);
    else send();
  };
}

function redirect(to: string, status = 302): Handler {
  return (_req, res) => {
    res.writeHead(status, { Location: to });
    res.end();
  };
}

// ---- pure layer: names, edits, verification, SRCDEST ----------------------------------------

test('names sources as abuild does: the part before :: or the last URL segment, local files by their base name', async () => {
  await initParser();
  const plan = planSources(
    analyzeText(apkbuildWith('$pkgname-$pkgver.tar.gz::https://example.org/v$pkgver.tar.gz\n\thttps://example.org/dl/bar-2.tar.xz\n\tftp://ftp.example.org/pub/baz.zip\n\tfiles/foo.conf\n\tfix.patch')),
  );
  assert.deepEqual(plan.errors, []);
  assert.deepEqual(
    plan.sources.map((s) => [s.kind, s.name]),
    [['remote', 'foo-1.0.tar.gz'], ['remote', 'bar-2.tar.xz'], ['remote', 'baz.zip'], ['local', 'foo.conf'], ['local', 'fix.patch']],
  );
  assert.equal(plan.sources[0].kind === 'remote' && plan.sources[0].url, 'https://example.org/v1.0.tar.gz');
});

test('refuses duplicate names, as abuild checksum does', async () => {
  await initParser();
  const plan = planSources(analyzeText(apkbuildWith('dir1/testfile dir2/testfile')));
  assert.deepEqual(plan.errors, ['duplicate found in $source: testfile (dir1/testfile and dir2/testfile)']);
});

test('refuses "..", absolute paths, "/" in a name before ::, and schemes other than http, https, ftp', async () => {
  await initParser();
  const plan = planSources(
    analyzeText(apkbuildWith('../other/x.patch /etc/passwd sub/../../y a/b::https://example.org/c.tgz file:///etc/shadow git://example.org/r.git ..::https://example.org/x https://example.org/dir/ name::local')),
  );
  assert.deepEqual(plan.sources, []);
  assert.equal(plan.errors.length, 9);
  assert.match(plan.errors[0], /^source entry \.\.\/other\/x\.patch: "\.\." is not allowed/);
  assert.match(plan.errors[1], /^source entry \/etc\/passwd: absolute paths are not allowed/);
  assert.match(plan.errors[2], /sub\/\.\.\/\.\.\/y: "\.\." is not allowed/);
  assert.match(plan.errors[3], /a\/b::https:\/\/example\.org\/c\.tgz: the name before "::" must not contain "\/"/);
  assert.match(plan.errors[4], /file:\/\/\/etc\/shadow: unsupported URL scheme "file"/);
  assert.match(plan.errors[5], /git:\/\/example\.org\/r\.git: unsupported URL scheme "git"/);
  assert.match(plan.errors[6], /\.\.::https:\/\/example\.org\/x: "\.\." is not a file name/);
  assert.match(plan.errors[7], /https:\/\/example\.org\/dir\/: the URL has no file name/);
  assert.match(plan.errors[8], /name::local: a name:: entry needs an http, https or ftp URL/);
});

test('an entry that cannot be expanded statically is an error naming it', async () => {
  await initParser();
  const plan = planSources(analyzeText(apkbuildWith('foo-$CARCH.patch $(echo x).patch $_unset.patch ok.patch')));
  assert.deepEqual(plan.errors, [
    'source entry foo-$CARCH.patch: cannot be expanded statically',
    'source entry $(echo x).patch: cannot be expanded statically',
    'source entry $_unset.patch: cannot be expanded statically',
  ]);
  const conditional = planSources(analyzeText(apkbuildWith('a.patch') + 'case "$CARCH" in\nx86) source="$source b.patch";;\nesac\n'));
  assert.match(conditional.errors[0], /^source is assigned conditionally \(line \d+\)/);
});

test('the edit replaces an existing sha512sums block in place and touches nothing else', async () => {
  await initParser();
  const text = apkbuildWith('a.patch', 'sha512sums="\nold  a.patch\nold  gone.patch\n"\n# trailing comment\n');
  const edits = checksumEdits(text, analyzeText(text), [{ name: 'a.patch', hash: 'ab'.repeat(64) }]);
  assert.equal(edits.length, 1);
  const out = applyEdits(text, edits);
  assert.equal(out, apkbuildWith('a.patch', `sha512sums="\n${'ab'.repeat(64)}  a.patch\n"\n# trailing comment\n`));
  assert.deepEqual(checksumEdits(out, analyzeText(out), [{ name: 'a.patch', hash: 'ab'.repeat(64) }]), []);
});

test('the edit converts legacy blocks as abuild does: sha*sums deleted, md5sums kept, sha512sums appended', async () => {
  await initParser();
  const text = apkbuildWith('a.patch', 'md5sums="x  a.patch"\nsha256sums="\ny  a.patch\n"\nsha1sums=\'z  a.patch\'\n');
  const hashes = [{ name: 'a.patch', hash: 'cd'.repeat(64) }];
  const out = applyEdits(text, checksumEdits(text, analyzeText(text), hashes));
  assert.equal(out, apkbuildWith('a.patch', `md5sums="x  a.patch"\n${sha512sumsBlock(hashes)}\n`));
});

test('the edit appends a block when there is none, after a missing final newline too', async () => {
  await initParser();
  const hashes = [{ name: 'a.patch', hash: 'ef'.repeat(64) }, { name: 'b\\c', hash: '01'.repeat(64) }];
  const text = apkbuildWith('a.patch b\\\\c').replace(/\n$/, '');
  const out = applyEdits(text, checksumEdits(text, analyzeText(text), hashes));
  // a name with a backslash is escaped the way sha512sum escapes it
  assert.equal(out, `${text}\nsha512sums="\n${'ef'.repeat(64)}  a.patch\n\\${'01'.repeat(64)}  b\\\\c\n"\n`);
});

test('with no source the edit removes the checksums and adds nothing, like abuild', async () => {
  await initParser();
  const text = `${HEAD}source=""\n\npackage() {\n\t:\n}\n\nsha512sums="\nx  a.patch\n"\n`;
  assert.equal(applyEdits(text, checksumEdits(text, analyzeText(text), [])), `${HEAD}source=""\n\npackage() {\n\t:\n}\n\n`);
});

test('verification reports missing, orphan, duplicate, mismatching and out-of-order entries', () => {
  const h = (c: string) => c.repeat(128);
  const actual = [{ name: 'a', hash: h('1') }, { name: 'b', hash: h('2') }, { name: 'c', hash: h('3') }];
  const r = compareSums([{ name: 'a', hash: h('1') }, { name: 'b', hash: h('9') }, { name: 'x', hash: h('4') }, { name: 'x', hash: h('4') }], actual);
  assert.deepEqual(r, { missing: ['c'], orphan: ['x'], duplicate: ['x'], mismatch: [{ name: 'b', listed: h('9'), actual: h('2') }], outOfOrder: false });
  const order = compareSums([actual[1], actual[0], actual[2]], actual);
  assert.equal(order.outOfOrder, true);
  assert.equal(compareSums(actual, actual).outOfOrder, false);
});

test('SRCDEST: --srcdest, then $SRCDEST, then abuild.conf files read statically, then abuild defaults', () => {
  const probe = (files: Record<string, string>, dirs: string[] = [], writable: string[] = []): Probe => ({
    isDir: (p) => dirs.includes(p),
    isWritable: (p) => writable.includes(p),
    read: (p) => files[p],
  });
  const env = { HOME: '/home/u' };
  assert.equal(resolveSrcdest({ option: 'cache', env: { ...env, SRCDEST: '/env' }, cwd: '/w' }, probe({})).dir, '/w/cache');
  assert.equal(resolveSrcdest({ env: { ...env, SRCDEST: '/env' }, cwd: '/w' }, probe({})).dir, '/env');
  const confs = { '/etc/abuild.conf': 'SRCDEST=/etc-dest\n', '/home/u/.config/abuild/abuild.conf': '# SRCDEST=/commented\nexport SRCDEST="${XDG_CACHE_HOME:-$HOME/.cache}/distfiles"\n' };
  assert.deepEqual(resolveSrcdest({ env, cwd: '/w' }, probe(confs)), { dir: '/home/u/.cache/distfiles', from: '/home/u/.config/abuild/abuild.conf' });
  assert.equal(resolveSrcdest({ env, cwd: '/w' }, probe({ '/etc/abuild.conf': 'SRCDEST=/etc-dest\n' })).dir, '/etc-dest');
  // ~/.abuild is the user dir when ~/.config/abuild does not exist
  assert.equal(resolveSrcdest({ env, cwd: '/w' }, probe({ '/home/u/.abuild/abuild.conf': "SRCDEST='/old'\n" }, ['/home/u/.abuild'])).dir, '/old');
  assert.equal(resolveSrcdest({ env, cwd: '/w' }, probe({}, [], ['/var/cache/distfiles'])).dir, '/var/cache/distfiles');
  assert.equal(resolveSrcdest({ env, cwd: '/w' }, probe({}, ['/home/u/.cache/abuild'], ['/var/cache/distfiles'])).dir, '/home/u/.cache/abuild');
  assert.equal(resolveSrcdest({ env: { ...env, XDG_CACHE_HOME: '/xdg' }, cwd: '/w' }, probe({})).dir, '/xdg/abuild');
  // never run: a command substitution leaves the value unknown
  assert.equal(srcdestFromConfig('SRCDEST=$(id -u)\n', () => undefined), undefined);
  assert.equal(srcdestFromConfig('SRCDEST=/a\nSRCDEST=${SRCDEST}/b # note\n', (n) => (n === 'SRCDEST' ? '/a' : undefined)), '/a/b');
});

test('streamed SHA-512 equals coreutils sha512sum', async () => {
  const dir = tmpdir();
  const sizes = [0, 1, 65_535, 1 << 20, (1 << 20) + 1, 3_000_017];
  for (const size of sizes) {
    const f = path.join(dir, `f${size}`);
    fs.writeFileSync(f, crypto.randomBytes(size));
    assert.equal(await hashFile(f), sha512sum(f), `size ${size}`);
  }
});

// ---- the command against the fixtures ------------------------------------------------------

function copyFixture(name: string): string {
  const dir = path.join(tmpdir(), name);
  fs.cpSync(path.join(FIXTURE_DIR, name), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'APKBUILD.expected'));
  return dir;
}

test('writes exactly what abuild checksum writes for the fixture packages', async () => {
  for (const [name, names] of [
    ['foo', ['foo-1.0.tar.gz', 'fix-build.patch', 'foo.initd', 'foo.conf']],
    ['legacy', ['legacy.patch']],
  ] as const) {
    const expected = fs.readFileSync(path.join(FIXTURE_DIR, name, 'APKBUILD.expected'), 'utf8');
    const srcdest = tmpdir();
    fs.writeFileSync(path.join(srcdest, 'foo-1.0.tar.gz'), FOO_ARCHIVE);
    const dir = copyFixture(name);
    const r = await run([dir, '--srcdest', srcdest]);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.equal(r.stdout, `${path.join(dir, 'APKBUILD')}: sha512sums updated\n`);
    assert.equal(fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8'), expected);

    // the expected file is what abuild's own checksum() commands produce
    const abuildDir = copyFixture(name);
    const srcdir = path.join(abuildDir, 'src');
    fs.mkdirSync(srcdir);
    const origin: Record<string, string> = { 'foo-1.0.tar.gz': path.join(srcdest, 'foo-1.0.tar.gz'), 'foo.conf': path.join(abuildDir, 'files', 'foo.conf') };
    for (const n of names) fs.symlinkSync(origin[n] ?? path.join(abuildDir, n), path.join(srcdir, n));
    const sh = spawnSync('sh', [path.join(FIXTURE_DIR, 'abuild-checksum.sh'), path.join(abuildDir, 'APKBUILD'), srcdir, ...names], { encoding: 'utf8' });
    assert.equal(sh.status, 0, sh.stderr);
    assert.equal(fs.readFileSync(path.join(abuildDir, 'APKBUILD'), 'utf8'), expected);

    const again = await run([dir, '--srcdest', srcdest]);
    assert.equal(again.stdout, `${path.join(dir, 'APKBUILD')}: sha512sums up to date\n`);
  }
});

test('--verify reports every problem, exits 1, and never writes', async () => {
  const srcdest = tmpdir();
  fs.writeFileSync(path.join(srcdest, 'foo-1.0.tar.gz'), FOO_ARCHIVE);
  const dir = copyFixture('foo');
  const before = fs.readFileSync(path.join(dir, 'APKBUILD'));
  const r = await run(['--verify', '--srcdest', srcdest], { cwd: dir });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'APKBUILD: foo.initd: missing from sha512sums',
    'APKBUILD: foo.conf: missing from sha512sums',
    'APKBUILD: foo-1.0.tar.gz: sha512 mismatch: listed 0000000000000000..., file has 3767d21b9a4f0d15...',
    'APKBUILD: fix-build.patch: sha512 mismatch: listed 1111111111111111..., file has 3dc9c2bfa8487cbc...',
  ]);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'APKBUILD')), before);

  fs.copyFileSync(path.join(FIXTURE_DIR, 'foo', 'APKBUILD.expected'), path.join(dir, 'APKBUILD'));
  const clean = await run(['--verify', '--srcdest', srcdest, dir]);
  assert.deepEqual([clean.code, clean.stdout], [0, `${path.join(dir, 'APKBUILD')}: ok\n`]);

  fs.appendFileSync(path.join(dir, 'fix-build.patch'), 'tampered\n');
  const text = fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8');
  fs.writeFileSync(path.join(dir, 'APKBUILD'), text.replace(/  foo\.conf\n/, '  foo.conf\n' + 'f'.repeat(128) + '  old.patch\n'));
  const bad = await run(['--verify', '--srcdest', srcdest, dir]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /old\.patch: in sha512sums but not in source\n/);
  assert.match(bad.stdout, /fix-build\.patch: sha512 mismatch/);
});

test('--verify checks sha256sums when sha512sums is empty, as abuild fetch does, and reports order', async () => {
  const patch = 'a patch\n';
  const sha256 = crypto.createHash('sha256').update(patch).digest('hex');
  const dir = makePackage(apkbuildWith('a.patch b.patch', `sha256sums="${sha256}  a.patch\n${crypto.createHash('sha256').update('b').digest('hex')}  b.patch"\n`), { 'a.patch': patch, 'b.patch': 'b' });
  assert.deepEqual((await run(['--verify', dir])).code, 0);
  const sums = `sha512sums="\n${sha512sumOf(Buffer.from('b'))}  b.patch\n${sha512sumOf(Buffer.from(patch))}  a.patch\n"\n`;
  fs.writeFileSync(path.join(dir, 'APKBUILD'), apkbuildWith('a.patch b.patch', sums));
  const r = await run(['--verify', dir]);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /sha512sums is not in source order/);
});

// ---- downloads -----------------------------------------------------------------------------

test('downloads over HTTP into SRCDEST, hashes like sha512sum, and reuses the cache with zero requests', async () => {
  const tarball = makeTarball();
  const server = await serve({ '/dl/pkg-1.0.tar.gz': file(tarball) });
  try {
    const srcdest = path.join(tmpdir(), 'new', 'distfiles');
    const dir = makePackage(apkbuildWith(`${server.base}/dl/pkg-1.0.tar.gz local.patch`), { 'local.patch': 'diff\n' });
    const r = await run([dir], { env: { SRCDEST: srcdest } });
    assert.equal(r.stderr, '');
    assert.equal(r.code, 0);
    assert.deepEqual(server.requests, ['/dl/pkg-1.0.tar.gz']);
    const cached = path.join(srcdest, 'pkg-1.0.tar.gz');
    assert.deepEqual(fs.readFileSync(cached), tarball);
    assert.equal(sha512sum(cached), sha512sumOf(tarball));
    const text = fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8');
    assert.ok(text.endsWith(`sha512sums="\n${sha512sumOf(tarball)}  pkg-1.0.tar.gz\n${sha512sum(path.join(dir, 'local.patch'))}  local.patch\n"\n`));
    assert.deepEqual(fs.readdirSync(srcdest), ['pkg-1.0.tar.gz']);

    const second = await run(['--verify', dir], { env: { SRCDEST: srcdest } });
    assert.equal(second.code, 0);
    assert.equal(server.requests.length, 1, 'the cached file is not fetched again');
  } finally {
    await server.close();
  }
});

test('follows a redirect chain and stops a redirect loop after 10 hops', async () => {
  const tarball = makeTarball(5000);
  const server = await serve({
    '/r3': redirect('/r2', 301),
    '/r2': redirect('/r1', 307),
    '/r1': redirect('/files/real.tar.gz'),
    '/files/real.tar.gz': file(tarball),
    '/loop': redirect('/loop'),
    '/to-file': redirect('file:///etc/passwd'),
  });
  try {
    const srcdest = tmpdir();
    const dir = makePackage(apkbuildWith(`pkg-1.0.tar.gz::${server.base}/r3`));
    const r = await run([dir, '--srcdest', srcdest]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(server.requests, ['/r3', '/r2', '/r1', '/files/real.tar.gz']);
    assert.match(fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8'), new RegExp(`${sha512sumOf(tarball)}  pkg-1\\.0\\.tar\\.gz\n`));

    server.requests.length = 0;
    const loopDir = makePackage(apkbuildWith(`loop.tar.gz::${server.base}/loop`));
    const before = fs.readFileSync(path.join(loopDir, 'APKBUILD'));
    const loop = await run([loopDir, '--srcdest', srcdest]);
    assert.equal(loop.code, 2);
    assert.equal(loop.stderr, `apkbuild-ls: ${path.join(loopDir, 'APKBUILD')}: ${server.base}/loop: more than 10 redirects (last to ${server.base}/loop)\n`);
    assert.equal(server.requests.length, 11);
    assert.deepEqual(fs.readFileSync(path.join(loopDir, 'APKBUILD')), before);

    const toFile = await run([makePackage(apkbuildWith(`x.tar.gz::${server.base}/to-file`)), '--srcdest', srcdest]);
    assert.equal(toFile.code, 2);
    assert.match(toFile.stderr, /\/to-file: refusing to fetch file:\/\/\/etc\/passwd: only http, https and ftp are fetched\n$/);
  } finally {
    await server.close();
  }
});

test('a 404 names the URL and the status; the APKBUILD stays byte-for-byte unchanged', async () => {
  const server = await serve({ '/ok.tar.gz': file(Buffer.from('fine')) });
  try {
    const srcdest = tmpdir();
    const dir = makePackage(apkbuildWith(`${server.base}/ok.tar.gz ${server.base}/missing.tar.gz a.patch`, 'sha512sums="\nx  a.patch\n"\n'), { 'a.patch': 'x' });
    const before = fs.readFileSync(path.join(dir, 'APKBUILD'));
    const r = await run([dir, '--srcdest', srcdest]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `apkbuild-ls: ${path.join(dir, 'APKBUILD')}: ${server.base}/missing.tar.gz: HTTP 404 Not Found\n`);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'APKBUILD')), before);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['APKBUILD', 'a.patch']);
    assert.deepEqual(fs.readdirSync(srcdest), ['ok.tar.gz'], 'the good download is kept for next time');
  } finally {
    await server.close();
  }
});

test('a server that stalls times out with the --timeout given', async () => {
  const server = await serve({
    '/stall.tar.gz': (_req, res) => {
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write(Buffer.alloc(10));
    },
    '/silent.tar.gz': () => undefined,
  });
  try {
    const srcdest = tmpdir();
    for (const name of ['stall', 'silent']) {
      const dir = makePackage(apkbuildWith(`${server.base}/${name}.tar.gz`));
      const t0 = Date.now();
      const r = await run([dir, '--srcdest', srcdest, '--timeout', '0.3']);
      assert.equal(r.code, 2);
      assert.equal(r.stderr, `apkbuild-ls: ${path.join(dir, 'APKBUILD')}: ${server.base}/${name}.tar.gz: no data for 0.3s\n`);
      assert.ok(Date.now() - t0 < 5000);
    }
    assert.deepEqual(fs.readdirSync(srcdest), ['stall.tar.gz.part'], 'the partial download is kept for resuming');
  } finally {
    await server.close();
  }
});

test('refuses a body over the size limit, announced or not', async () => {
  const big = crypto.randomBytes(4096);
  const server = await serve({
    '/announced.tar.gz': file(big),
    '/chunked.tar.gz': (_req, res) => {
      res.writeHead(200);
      res.write(big.subarray(0, 2048));
      setTimeout(() => res.end(big.subarray(2048)), 20);
    },
  });
  try {
    const srcdest = tmpdir();
    const announced = await run([makePackage(apkbuildWith(`${server.base}/announced.tar.gz`)), '--srcdest', srcdest, '--max-size', '3K']);
    assert.equal(announced.code, 2);
    assert.match(announced.stderr, /announced\.tar\.gz: the file is 4096 bytes, more than the limit of 3072\n$/);
    const chunked = await run([makePackage(apkbuildWith(`${server.base}/chunked.tar.gz`)), '--srcdest', srcdest, '--max-size', '3K']);
    assert.equal(chunked.code, 2);
    assert.match(chunked.stderr, /chunked\.tar\.gz: the download went over the limit of 3072 bytes\n$/);
    assert.deepEqual(fs.readdirSync(srcdest), []);
  } finally {
    await server.close();
  }
});

test('a Content-Length that lies is an error, not the hash of a truncated file', async () => {
  const server = await serve({
    '/liar.tar.gz': (_req, res) => {
      res.writeHead(200, { 'Content-Length': 100_000 });
      res.write(Buffer.alloc(1000, 7), () => res.socket?.destroy());
    },
  });
  try {
    const srcdest = tmpdir();
    const dir = makePackage(apkbuildWith(`${server.base}/liar.tar.gz`));
    const before = fs.readFileSync(path.join(dir, 'APKBUILD'));
    const r = await run([dir, '--srcdest', srcdest]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /liar\.tar\.gz: the connection ended after 1000 of 100000 announced bytes/);
    assert.deepEqual(fs.readFileSync(path.join(dir, 'APKBUILD')), before);
    assert.ok(!fs.existsSync(path.join(srcdest, 'liar.tar.gz')));
  } finally {
    await server.close();
  }
});

test('resumes a partial download with a Range request', async () => {
  const tarball = makeTarball(100_000);
  const server = await serve({ '/pkg.tar.gz': file(tarball) });
  try {
    const srcdest = tmpdir();
    const half = Math.floor(tarball.length / 2);
    fs.writeFileSync(path.join(srcdest, 'pkg.tar.gz.part'), tarball.subarray(0, half));
    const dir = makePackage(apkbuildWith(`${server.base}/pkg.tar.gz`));
    const r = await run([dir, '--srcdest', srcdest]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(server.ranges, [`bytes=${half}-`]);
    assert.deepEqual(fs.readdirSync(srcdest), ['pkg.tar.gz']);
    assert.equal(sha512sum(path.join(srcdest, 'pkg.tar.gz')), sha512sumOf(tarball));
    assert.match(fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8'), new RegExp(`${sha512sumOf(tarball)}  pkg\\.tar\\.gz`));

    // a complete download never renamed: the server refuses the range (416), the file is fetched again
    fs.renameSync(path.join(srcdest, 'pkg.tar.gz'), path.join(srcdest, 'pkg.tar.gz.part'));
    server.ranges.length = 0;
    const again = await run(['--verify', dir, '--srcdest', srcdest]);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(server.ranges, [`bytes=${tarball.length}-`, undefined]);
    assert.deepEqual(fs.readdirSync(srcdest), ['pkg.tar.gz']);
  } finally {
    await server.close();
  }
});

test('downloads at most 3 files at once', async () => {
  const routes: Record<string, Handler> = {};
  for (let i = 0; i < 7; i++) routes[`/f${i}.tar.gz`] = file(Buffer.from(`file ${i}`), 80);
  const server = await serve(routes);
  try {
    const dir = makePackage(apkbuildWith(Object.keys(routes).map((r) => server.base + r).join(' ')));
    const r = await run([dir, '--srcdest', tmpdir()]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.requests.length, 7);
    assert.ok(server.maxInFlight <= 3 && server.maxInFlight > 1, `at most 3 at once, got ${server.maxInFlight}`);
  } finally {
    await server.close();
  }
});

test('refuses unsafe entries before any request and names them', async () => {
  const server = await serve({});
  try {
    const outside = tmpdir();
    fs.writeFileSync(path.join(outside, 'secret'), 'secret');
    const dir = makePackage(apkbuildWith(`../x.patch /etc/passwd file:///etc/passwd evil/name::${server.base}/a.tar.gz`));
    const r = await run([dir, '--srcdest', tmpdir()]);
    assert.equal(r.code, 2);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0], /: source entry \.\.\/x\.patch: "\.\." is not allowed/);
    assert.match(lines[1], /: source entry \/etc\/passwd: absolute paths are not allowed/);
    assert.match(lines[2], /: source entry file:\/\/\/etc\/passwd: unsupported URL scheme "file": only http, https and ftp are fetched/);
    assert.match(lines[3], /: source entry evil\/name::.*: the name before "::" must not contain "\/"/);
    assert.equal(server.requests.length, 0);

    // a symlink in the package directory does not lead outside it either
    const linked = makePackage(apkbuildWith('link.patch'));
    fs.symlinkSync(path.join(outside, 'secret'), path.join(linked, 'link.patch'));
    const l = await run([linked, '--srcdest', tmpdir()]);
    assert.equal(l.code, 2);
    assert.match(l.stderr, /link\.patch: link\.patch leads outside /);
  } finally {
    await server.close();
  }
});

test('a source that cannot be expanded is an error naming it, and nothing is fetched', async () => {
  const dir = makePackage(apkbuildWith('https://example.invalid/foo-$CARCH.tar.gz'));
  const r = await run([dir, '--srcdest', tmpdir()]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `apkbuild-ls: ${path.join(dir, 'APKBUILD')}: source entry https://example.invalid/foo-$CARCH.tar.gz: cannot be expanded statically\n`);
});

test('a run killed mid-download leaves the APKBUILD byte-for-byte unchanged', async () => {
  let started!: () => void;
  const requested = new Promise<void>((resolve) => (started = resolve));
  const server = await serve({
    '/slow.tar.gz': (_req, res) => {
      res.writeHead(200, { 'Content-Length': 1_000_000 });
      res.write(Buffer.alloc(5000), () => started());
    },
  });
  try {
    const srcdest = tmpdir();
    const dir = makePackage(apkbuildWith(`${server.base}/slow.tar.gz a.patch`, 'sha512sums="\nx  a.patch\n"\n'), { 'a.patch': 'x' });
    const before = fs.readFileSync(path.join(dir, 'APKBUILD'));
    const script = `require(${JSON.stringify(require.resolve('../src/cli/checksum-command'))}).checksumCommand(process.argv.slice(1), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), stderrIsTTY: false, env: process.env, cwd: process.cwd() }).then((c) => process.exit(c))`;
    const child = spawn(process.execPath, ['-e', script, dir, '--srcdest', srcdest], { stdio: 'ignore' });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await requested;
    const part = path.join(srcdest, 'slow.tar.gz.part');
    for (let waited = 0; !(fs.statSync(part, { throwIfNoEntry: false })?.size ?? 0) && waited < 20_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    assert.deepEqual(fs.readFileSync(path.join(dir, 'APKBUILD')), before);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['APKBUILD', 'a.patch']);
    assert.deepEqual(fs.readdirSync(srcdest), ['slow.tar.gz.part']);
  } finally {
    await server.close();
  }
});

test('shows progress on stderr only when it is a terminal', async () => {
  const server = await serve({ '/p.tar.gz': file(Buffer.from('p')) });
  try {
    const dir = makePackage(apkbuildWith(`${server.base}/p.tar.gz`));
    const tty = await run([dir, '--srcdest', tmpdir()], { tty: true });
    assert.equal(tty.code, 0);
    assert.match(tty.stderr, /fetching p\.tar\.gz/);
    const plain = await run(['--verify', dir, '--srcdest', tmpdir()]);
    assert.equal(plain.stderr, '');
  } finally {
    await server.close();
  }
});

test('usage errors and unreadable directories exit 2 with a message', async () => {
  await assert.rejects(run(['--bogus']), /Unknown option '--bogus'/);
  await assert.rejects(run(['--timeout', '0']), /--timeout takes a positive number/);
  await assert.rejects(run(['--max-size', 'lots']), /--max-size takes a size/);
  const empty = tmpdir();
  const r = await run([empty]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `apkbuild-ls: ${path.join(empty, 'APKBUILD')}: no such file or directory\n`);
  const broken = makePackage(apkbuildWith('a.patch') + 'x="unclosed\n', { 'a.patch': 'a' });
  const b = await run([broken]);
  assert.equal(b.code, 2);
  assert.match(b.stderr, /APKBUILD: line \d+: .*: the shell would reject this file\n$/);
  assert.equal(fs.readFileSync(path.join(broken, 'APKBUILD'), 'utf8'), apkbuildWith('a.patch') + 'x="unclosed\n');
});

// ---- FTP -----------------------------------------------------------------------------------

/** A small real FTP server (passive mode only) serving `files` under /pub. */
async function ftpServe(files: Record<string, Buffer>, { epsv = true } = {}): Promise<{ port: number; commands: string[]; close(): Promise<void> }> {
  const commands: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((control) => {
    sockets.add(control);
    let rest = 0;
    let cwd = '/';
    let data: Promise<net.Socket> | undefined;
    const reply = (line: string) => control.write(line + '\r\n');
    reply('220-welcome\r\n220 ready');
    let buffer = '';
    control.on('data', (chunk) => {
      buffer += chunk.toString('latin1');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) !== -1) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        commands.push(line);
        const [cmd, ...args] = line.split(' ');
        const arg = args.join(' ');
        const target = () => files[path.posix.join(cwd, arg)];
        switch (cmd) {
          case 'USER': reply('331 password please'); break;
          case 'PASS': reply('230 logged in'); break;
          case 'TYPE': reply('200 binary'); break;
          case 'CWD': cwd = path.posix.join('/', arg); reply('250 ok'); break;
          case 'SIZE': target() ? reply(`213 ${target().length}`) : reply('550 no such file'); break;
          case 'REST': rest = Number(arg); reply('350 restarting'); break;
          case 'EPSV':
          case 'PASV': {
            if (cmd === 'EPSV' && !epsv) { reply('502 not implemented'); break; }
            const listener = net.createServer();
            data = new Promise((resolve) => listener.once('connection', (s) => { sockets.add(s); listener.close(); resolve(s); }));
            listener.listen(0, '127.0.0.1', () => {
              const port = (listener.address() as net.AddressInfo).port;
              // the PASV address is deliberately wrong: the client must use the control connection's peer
              reply(cmd === 'EPSV' ? `229 Entering Extended Passive Mode (|||${port}|)` : `227 Entering Passive Mode (10,0,0,1,${port >> 8},${port & 255})`);
            });
            break;
          }
          case 'RETR': {
            const bytes = target();
            if (!bytes || !data) { reply('550 no such file'); break; }
            reply('150 opening data connection');
            void data.then((s) => s.end(bytes.subarray(rest), () => reply('226 transfer complete')));
            break;
          }
          case 'QUIT': reply('221 bye'); control.end(); break;
          default: reply('502 not implemented');
        }
      }
    });
    control.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    commands,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

test('downloads over FTP in passive mode and resumes with REST', async () => {
  const tarball = makeTarball(50_000);
  const ftp = await ftpServe({ '/pub/releases/pkg-2.0.tar.gz': tarball });
  try {
    const srcdest = tmpdir();
    const url = `ftp://127.0.0.1:${ftp.port}/pub/releases/pkg-2.0.tar.gz`;
    const dir = makePackage(apkbuildWith(url));
    const r = await run([dir, '--srcdest', srcdest]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(sha512sum(path.join(srcdest, 'pkg-2.0.tar.gz')), sha512sumOf(tarball));
    assert.match(fs.readFileSync(path.join(dir, 'APKBUILD'), 'utf8'), new RegExp(`${sha512sumOf(tarball)}  pkg-2\\.0\\.tar\\.gz`));
    assert.deepEqual(ftp.commands.slice(0, 5), ['USER anonymous', 'PASS anonymous@', 'TYPE I', 'CWD pub/releases', 'SIZE pkg-2.0.tar.gz']);

    fs.renameSync(path.join(srcdest, 'pkg-2.0.tar.gz'), path.join(srcdest, 'pkg-2.0.tar.gz.part'));
    fs.truncateSync(path.join(srcdest, 'pkg-2.0.tar.gz.part'), 1234);
    ftp.commands.length = 0;
    const resumed = await run(['--verify', dir, '--srcdest', srcdest]);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.ok(ftp.commands.includes('REST 1234'));
    assert.equal(sha512sum(path.join(srcdest, 'pkg-2.0.tar.gz')), sha512sumOf(tarball));

    const missing = await run([makePackage(apkbuildWith(`ftp://127.0.0.1:${ftp.port}/pub/none.tar.gz`)), '--srcdest', srcdest]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /ftp:\/\/127\.0\.0\.1:\d+\/pub\/none\.tar\.gz: FTP 550 no such file\n$/);
  } finally {
    await ftp.close();
  }
});

test('falls back to PASV when the FTP server has no EPSV', async () => {
  const bytes = crypto.randomBytes(30_000);
  const ftp = await ftpServe({ '/x-1.tar.gz': bytes }, { epsv: false });
  try {
    const srcdest = tmpdir();
    const dir = makePackage(apkbuildWith(`ftp://127.0.0.1:${ftp.port}/x-1.tar.gz`));
    const r = await run([dir, '--srcdest', srcdest, '--timeout', '5']);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(ftp.commands.includes('PASV'));
    assert.equal(sha512sum(path.join(srcdest, 'x-1.tar.gz')), sha512sumOf(bytes));
  } finally {
    await ftp.close();
  }
});
