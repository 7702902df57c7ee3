import * as net from 'node:net';
import { FetchError, FetchOptions, seconds, Transfer } from './transfer';

// A minimal FTP client: anonymous (or URL user) login, binary mode, passive data connection
// (EPSV, else PASV), REST to resume, RETR. Enough for distfiles; no TLS, no active mode.

interface Reply {
  code: number;
  text: string;
}

export async function ftpOpen(url: URL, offset: number, opts: FetchOptions): Promise<Transfer> {
  opts.onRequest?.(url.href);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const path = decodeURIComponent(url.pathname);
  if (/[\r\n\0]/.test(path)) throw new FetchError('the FTP path contains a line break');
  const slash = path.lastIndexOf('/');
  const dir = path.slice(1, slash);
  const file = path.slice(slash + 1);
  const control = await connect(host, Number(url.port || 21), opts);
  const replies = new Replies(control);
  const send = (line: string) => {
    control.write(line + '\r\n');
    return replies.next();
  };
  try {
    expect(await replies.next(), [220]);
    let r = await send(`USER ${decodeURIComponent(url.username) || 'anonymous'}`);
    if (r.code === 331) r = await send(`PASS ${decodeURIComponent(url.password) || 'anonymous@'}`);
    expect(r, [230, 202]);
    expect(await send('TYPE I'), [200]);
    if (dir) expect(await send(`CWD ${dir}`), [250]);
    const size = await send(`SIZE ${file}`);
    const total = size.code === 213 && /^\d+$/.test(size.text.trim()) ? Number(size.text.trim()) : undefined;
    const port = await passivePort(send);
    let start = 0;
    if (offset > 0 && (await send(`REST ${offset}`)).code === 350) start = offset;
    // the data connection goes to the control connection's peer, whatever address PASV names
    const data = await connect(control.remoteAddress!, port, opts);
    const retr = await send(`RETR ${file}`);
    if (retr.code !== 125 && retr.code !== 150) {
      data.destroy();
      expect(retr, [150]);
    }
    control.setTimeout(0);
    const finished = replies.next().then((end) => {
      expect(end, [226, 250]);
      control.end('QUIT\r\n');
    });
    finished.catch(() => control.destroy());
    // a data connection cut short (an error, the size limit) ends the session too
    data.once('close', () => (data.readableEnded ? control.setTimeout(opts.idleTimeoutMs) : control.destroy()));
    return { body: data, start, length: total === undefined ? undefined : total - start, finished };
  } catch (e) {
    control.destroy();
    throw e;
  }
}

async function passivePort(send: (line: string) => Promise<Reply>): Promise<number> {
  const epsv = await send('EPSV');
  const e = /\(([^\d])\1\1(\d+)\1\)/.exec(epsv.text);
  if (epsv.code === 229 && e) return Number(e[2]);
  const pasv = await send('PASV');
  const p = /(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)/.exec(pasv.text);
  if (pasv.code !== 227 || !p) throw new FetchError(`no passive mode: ${pasv.code} ${pasv.text}`);
  return Number(p[5]) * 256 + Number(p[6]);
}

function expect(r: Reply, codes: number[]): void {
  if (!codes.includes(r.code)) throw new FetchError(`FTP ${r.code} ${r.text.trim()}`);
}

function connect(host: string, port: number, opts: FetchOptions): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, signal: opts.signal });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new FetchError(`no connection within ${seconds(opts.connectTimeoutMs)}`));
    }, opts.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setTimeout(opts.idleTimeoutMs, () => socket.destroy(new FetchError(`no data for ${seconds(opts.idleTimeoutMs)}`)));
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Reads replies (`123 text`, or `123-` ... `123 text` over several lines) from the control connection. */
class Replies {
  private buffer = '';
  private lines: string[] = [];
  private waiting: { resolve(r: Reply): void; reject(e: Error): void }[] = [];
  private failure: Error | undefined;

  constructor(socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      const parts = this.buffer.split(/\r?\n/);
      this.buffer = parts.pop()!;
      this.lines.push(...parts);
      this.pump();
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new FetchError('the FTP server closed the connection')));
  }

  next(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length) {
      const reply = this.take();
      if (!reply) break;
      this.waiting.shift()!.resolve(reply);
    }
    if (this.failure) for (const w of this.waiting.splice(0)) w.reject(this.failure);
  }

  private take(): Reply | undefined {
    const first = /^(\d{3})([ -])(.*)$/.exec(this.lines[0] ?? '');
    if (!first) {
      if (this.lines.length) this.failure ??= new FetchError(`unexpected FTP reply "${this.lines[0]}"`);
      return undefined;
    }
    let end = 0;
    if (first[2] === '-') {
      end = this.lines.findIndex((l, i) => i > 0 && l.startsWith(first[1] + ' '));
      if (end === -1) return undefined;
    }
    const last = this.lines.splice(0, end + 1)[end];
    return { code: Number(first[1]), text: end ? last.slice(4) : first[3] };
  }

  private fail(e: Error): void {
    this.failure ??= e;
    this.pump();
  }
}
