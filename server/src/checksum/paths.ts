import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The real path of `dir/rel` when it is a regular file whose real path (symlinks followed)
 * stays inside `dir`; undefined when it does not exist. Throws when it leaves `dir` or is not
 * a regular file.
 */
export function fileInside(dir: string, rel: string): string | undefined {
  let real: string;
  try {
    real = fs.realpathSync(path.join(dir, rel));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const root = fs.realpathSync(dir);
  if (!real.startsWith(root + path.sep)) throw new Error(`${rel} leads outside ${dir} (to ${real})`);
  if (!fs.statSync(real).isFile()) throw new Error(`${rel} is not a regular file`);
  return real;
}
