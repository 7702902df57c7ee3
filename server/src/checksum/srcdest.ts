import * as fs from 'node:fs';
import * as path from 'node:path';

// Where downloads go, found as abuild finds SRCDEST (functions.sh.in: readconfig; default.conf),
// with the configuration files read as text, never sourced.

export interface SrcdestOptions {
  /** `--srcdest DIR` */
  option?: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface Srcdest {
  dir: string;
  /** what decided it: `--srcdest`, `$SRCDEST`, a config file's path, or `default` */
  from: string;
}

export interface Probe {
  isDir(p: string): boolean;
  isWritable(p: string): boolean;
  read(p: string): string | undefined;
}

export const realProbe: Probe = {
  isDir: (p) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
  isWritable: (p) => {
    try {
      fs.accessSync(p, fs.constants.W_OK);
      return true;
    } catch {
      return false;
    }
  },
  read: (p) => {
    try {
      return fs.readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

export function resolveSrcdest(opts: SrcdestOptions, probe: Probe = realProbe): Srcdest {
  const { env } = opts;
  if (opts.option) return { dir: path.resolve(opts.cwd, opts.option), from: '--srcdest' };
  if (env.SRCDEST) return { dir: path.resolve(opts.cwd, env.SRCDEST), from: '$SRCDEST' };
  const home = env.HOME ?? '';
  const cacheHome = env.XDG_CACHE_HOME || path.join(home, '.cache');
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  // default.conf
  let result: Srcdest =
    !probe.isDir(path.join(cacheHome, 'abuild')) && probe.isWritable('/var/cache/distfiles')
      ? { dir: '/var/cache/distfiles', from: 'default' }
      : { dir: path.join(cacheHome, 'abuild'), from: 'default' };
  const userDir = env.ABUILD_USERDIR
    ? env.ABUILD_USERDIR
    : !probe.isDir(path.join(configHome, 'abuild')) && probe.isDir(path.join(home, '.abuild'))
      ? path.join(home, '.abuild')
      : path.join(configHome, 'abuild');
  for (const file of [env.ABUILD_CONF || '/etc/abuild.conf', env.ABUILD_USERCONF || path.join(userDir, 'abuild.conf')]) {
    const text = probe.read(file);
    if (text === undefined) continue;
    const value = srcdestFromConfig(text, (name) => (name === 'SRCDEST' ? result.dir : env[name]));
    if (value) result = { dir: path.resolve(opts.cwd, value), from: file };
  }
  return result;
}

const ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?SRCDEST=(.*)$/;

/** The value of the last `SRCDEST=` line of a shell config file; undefined when none can be read statically. */
export function srcdestFromConfig(text: string, lookup: (name: string) => string | undefined): string | undefined {
  let found: string | undefined;
  for (const line of text.split('\n')) {
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const value = expandWord(m[1], lookup);
    if (value !== undefined) found = value;
  }
  return found;
}

/**
 * Expands one shell word: quotes, backslashes, `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`.
 * Anything else (command substitution, other operators) makes it unknown.
 */
export function expandWord(src: string, lookup: (name: string) => string | undefined): string | undefined {
  let out = '';
  let quote: '"' | "'" | undefined;
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else out += c;
      i++;
    } else if (c === quote) {
      quote = undefined;
      i++;
    } else if (!quote && (c === "'" || c === '"')) {
      quote = c;
      i++;
    } else if (!quote && /[ \t;&|]/.test(c)) {
      break;
    } else if (c === '\\') {
      out += src[i + 1] ?? '';
      i += 2;
    } else if (c === '`') {
      return undefined;
    } else if (c === '$') {
      const simple = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
      const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/.exec(src.slice(i));
      if (simple) {
        out += lookup(simple[1]) ?? '';
        i += simple[0].length;
      } else if (braced && !braced[3]?.includes('{')) {
        const v = lookup(braced[1]);
        const useDefault = braced[2] === ':-' ? !v : braced[2] === '-' ? v === undefined : false;
        if (useDefault) {
          const d = expandWord(`"${braced[3]}"`, lookup);
          if (d === undefined) return undefined;
          out += d;
        } else out += v ?? '';
        i += braced[0].length;
      } else return undefined;
    } else {
      out += c;
      i++;
    }
  }
  return quote ? undefined : out;
}
