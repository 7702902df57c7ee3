import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export type HashAlgorithm = 'sha512' | 'sha256';

/** Hex digest of a file, streamed in 1 MiB chunks: never the whole file in memory. */
export async function hashFile(file: string, algorithm: HashAlgorithm = 'sha512'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
