import * as path from 'node:path';

// a `.` or `..` segment, a doubled slash or a trailing slash (which also matches the root `/` alone)
const NOT_NORMAL = /\/\.{0,2}(?:\/|$)/;

/**
 * Whether `p` is an absolute POSIX path that path.resolve returns unchanged. Lints of a tree pass
 * such paths for every file: their directories and children can then be cut and joined as strings,
 * without resolving and normalising them again.
 */
export function isNormalAbsolute(p: string): boolean {
  return path.sep === '/' && p.charCodeAt(0) === 47 /* / */ && !NOT_NORMAL.test(p);
}

/** path.resolve(p), without its work when `p` is already that. */
export function resolved(p: string): string {
  return isNormalAbsolute(p) ? p : path.resolve(p);
}
