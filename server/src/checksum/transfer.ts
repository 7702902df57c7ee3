import type { Readable } from 'node:stream';

export interface FetchOptions {
  connectTimeoutMs: number;
  /** longest wait for the next bytes of a response */
  idleTimeoutMs: number;
  /** largest accepted download, in bytes */
  maxBytes: number;
  maxRedirects: number;
  userAgent: string;
  /** called before each HTTP request and each FTP connection */
  onRequest?(url: string): void;
  /** called with the size of each chunk of a download as it arrives */
  onBytes?(bytes: number): void;
  /** aborts connections and transfers; the partial download is kept for a later resume */
  signal?: AbortSignal;
}

export const DEFAULT_FETCH_OPTIONS: FetchOptions = {
  connectTimeoutMs: 30_000,
  idleTimeoutMs: 60_000,
  maxBytes: 4 * 1024 ** 3,
  maxRedirects: 10,
  userAgent: 'apkbuild-ls',
};

/** A failure whose message is the reason, ready to follow `<url>: `. */
export class FetchError extends Error {}

export const CANCELLED = 'cancelled';

/** Throws when the signal was aborted: checked before each connection. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new FetchError(CANCELLED);
}

/** A response body that starts at byte `start` of the file. */
export interface Transfer {
  body: Readable;
  /** 0 when the server sent the whole file although a range was asked for */
  start: number;
  /** bytes the body is announced to have */
  length?: number;
  /** settles when the server has confirmed the end of the transfer (FTP's 226) */
  finished: Promise<void>;
}

export type Opened = Transfer | { redirect: string } | { rangeRefused: true };

export function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)}s`;
}

/** A readable reason for a socket or TLS error. */
export function reasonOf(e: unknown): string {
  if (e instanceof FetchError) return e.message;
  if ((e as Error)?.name === 'AbortError') return CANCELLED;
  const err = e as NodeJS.ErrnoException;
  switch (err.code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `host not found (${err.code})`;
    case 'ECONNRESET':
      return 'connection reset by the server';
    default:
      return err.message ?? String(e);
  }
}
