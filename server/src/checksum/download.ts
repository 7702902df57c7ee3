import * as fs from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ftpOpen } from './ftp';
import { httpOpen } from './http';
import { fileInside } from './paths';
import { FetchError, FetchOptions, Opened, reasonOf, throwIfCancelled, Transfer } from './transfer';

const FETCHED = new Set(['http:', 'https:', 'ftp:']);

/**
 * The path of `dir/name`, downloaded from `url` unless it is already there (abuild-fetch's
 * layout: the download grows in `name.part`, which a later run resumes with a range request,
 * and is renamed when complete). Errors are FetchErrors whose message is the reason.
 */
export async function fetchToCache(url: string, name: string, dir: string, opts: FetchOptions): Promise<string> {
  const cached = fileInside(dir, name);
  if (cached) return cached;
  fs.mkdirSync(dir, { recursive: true });
  const final = path.join(dir, name);
  const part = final + '.part';
  let current = url;
  let redirects = 0;
  let rangeRefused = false;
  for (;;) {
    throwIfCancelled(opts.signal);
    let target: URL;
    try {
      target = new URL(current);
    } catch {
      throw new FetchError(`invalid URL ${current}`);
    }
    if (!FETCHED.has(target.protocol)) throw new FetchError(`refusing to fetch ${current}: only http, https and ftp are fetched`);
    const opened: Opened = target.protocol === 'ftp:' ? await ftpOpen(target, partSize(part), opts) : await httpOpen(target, partSize(part), opts);
    if ('redirect' in opened) {
      if (++redirects > opts.maxRedirects) throw new FetchError(`more than ${opts.maxRedirects} redirects (last to ${opened.redirect})`);
      current = opened.redirect;
    } else if ('rangeRefused' in opened) {
      // like abuild-fetch on curl's range error: drop the partial file and start over once
      if (rangeRefused) throw new FetchError('the server refused the range request twice');
      rangeRefused = true;
      fs.rmSync(part, { force: true });
    } else {
      await receive(opened, part, opts);
      fs.renameSync(part, final);
      return final;
    }
  }
}

/** Size of the partial download; 0 when there is none. */
function partSize(part: string): number {
  const st = fs.lstatSync(part, { throwIfNoEntry: false });
  if (!st) return 0;
  if (!st.isFile()) throw new FetchError(`${part} is not a regular file: not written through`);
  return st.size;
}

class TooLarge extends FetchError {}

/** Writes the body into the part file at its start offset, enforcing the size limit and the announced length. */
async function receive(t: Transfer, part: string, opts: FetchOptions): Promise<void> {
  const limit = (n: number) => `${n} bytes, more than the limit of ${opts.maxBytes}`;
  if (t.length !== undefined && t.start + t.length > opts.maxBytes) {
    t.body.destroy();
    t.finished.catch(() => undefined);
    throw new FetchError(`the file is ${limit(t.start + t.length)}`);
  }
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      opts.onBytes?.(chunk.length);
      if (t.start + received > opts.maxBytes) done(new TooLarge(`the download went over the limit of ${opts.maxBytes} bytes`));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(t.body, counter, fs.createWriteStream(part, { flags: t.start > 0 ? 'a' : 'w' }), { signal: opts.signal });
    if (t.length !== undefined && received !== t.length) throw new FetchError(`received ${received} of ${t.length} announced bytes`);
    await t.finished;
  } catch (e) {
    t.finished.catch(() => undefined);
    if (e instanceof TooLarge) fs.rmSync(part, { force: true });
    if (e instanceof FetchError) throw e;
    if (opts.signal?.aborted) throw new FetchError(reasonOf(e));
    if (t.length !== undefined && received < t.length) throw new FetchError(`the connection ended after ${received} of ${t.length} announced bytes (${reasonOf(e)})`);
    throw new FetchError(reasonOf(e));
  }
}
