import * as http from 'node:http';
import * as https from 'node:https';
import { FetchError, FetchOptions, Opened, seconds } from './transfer';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** One GET, asking for the bytes from `offset` on when it is not 0; redirects are returned, not followed. */
export function httpOpen(url: URL, offset: number, opts: FetchOptions): Promise<Opened> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'User-Agent': opts.userAgent, Accept: '*/*' };
    if (offset > 0) headers.Range = `bytes=${offset}-`;
    opts.onRequest?.(url.href);
    const get = url.protocol === 'https:' ? https.get : http.get;
    const req = get(url, { headers, agent: false, timeout: opts.idleTimeoutMs, signal: opts.signal });
    let res: http.IncomingMessage | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => req.destroy(new FetchError(`no connection within ${seconds(opts.connectTimeoutMs)}`)), opts.connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    // the socket's idle timer also runs while the body is read: the error then ends the body
    req.on('timeout', () => {
      const e = new FetchError(`no data for ${seconds(opts.idleTimeoutMs)}`);
      if (res) res.destroy(e);
      else req.destroy(e);
    });
    req.on('error', (e) => {
      clearTimeout(connectTimer);
      reject(e);
    });
    req.on('response', (r) => {
      res = r;
      clearTimeout(connectTimer);
      const status = r.statusCode ?? 0;
      const refuse = (why: string) => {
        r.destroy();
        reject(new FetchError(why));
      };
      if (REDIRECTS.has(status)) {
        r.resume();
        const location = r.headers.location;
        if (!location) return refuse(`HTTP ${status} redirect without a Location`);
        return resolve({ redirect: new URL(location, url).href });
      }
      if (status === 416 && offset > 0) {
        r.resume();
        return resolve({ rangeRefused: true });
      }
      if (status !== 200 && status !== 206) return refuse(`HTTP ${status}${r.statusMessage ? ' ' + r.statusMessage : ''}`);
      let start = 0;
      if (status === 206) {
        const m = /^bytes (\d+)-/.exec(r.headers['content-range'] ?? '');
        if (!m || Number(m[1]) !== offset) return refuse(`HTTP 206 with an unexpected Content-Range "${r.headers['content-range'] ?? ''}"`);
        start = offset;
      }
      const announced = r.headers['content-length'];
      resolve({ body: r, start, length: announced === undefined ? undefined : Number(announced), finished: Promise.resolve() });
    });
  });
}
