import { lexText, ParamPart, Word, WordPart } from './shell-lexer';

/**
 * Static expansion of shell words. A variable's value is a string when every input is known,
 * `undefined` when it is not (set by abuild at build time, computed by a command, assigned
 * conditionally). Nothing is ever run.
 */
export interface VariableValue {
  value: string | undefined;
  /** set by abuild: shown as `$name`, never taken apart by an operator */
  symbolic?: boolean;
}

/** What expansion reads: a variable's value by name (a Map fits). */
export interface Env {
  get(name: string): VariableValue | undefined;
  has(name: string): boolean;
}

/** Variables abuild sets before it sources the APKBUILD (or before it runs a phase). */
export const ABUILD_SET_VARIABLES = [
  'srcdir', 'pkgdir', 'subpkgdir', 'subpkgname', 'subpkgarch', 'startdir', 'tmpdir', 'APKBUILD',
  'CBUILD', 'CHOST', 'CTARGET', 'CARCH', 'CBUILD_ARCH', 'CTARGET_ARCH', 'CTARGET_LIBC', 'CLIBC',
  'BOOTSTRAP', 'SOURCE_DATE_EPOCH', 'JOBS', 'REPODEST', 'SRCDEST', 'PACKAGER', 'repo',
  'CROSS_COMPILE', 'CC', 'CXX', 'HOSTCC', 'HOSTCXX', 'HOSTLD', 'LD',
];

const ABUILD_ENV: ReadonlyMap<string, VariableValue> = new Map(
  ABUILD_SET_VARIABLES.map((name) => [name, Object.freeze({ value: '$' + name, symbolic: true })]),
);

/** A file's environment: abuild's variables symbolic, everything else unset until the file sets
 * it. abuild's are shared by every file, not copied: the file's own lie over them. */
export class FileEnv implements Env {
  private readonly own = new Map<string, VariableValue>();

  get(name: string): VariableValue | undefined {
    return this.own.get(name) ?? ABUILD_ENV.get(name);
  }

  has(name: string): boolean {
    return this.own.has(name) || ABUILD_ENV.has(name);
  }

  set(name: string, value: VariableValue): void {
    this.own.set(name, value);
  }

  /** Drops the file's own value (abuild's shows again, if any). */
  delete(name: string): void {
    this.own.delete(name);
  }
}

const LOWER_CASE_NAME = /^[a-z_][a-z0-9_]*$/;

function lookup(env: Env, name: string): VariableValue {
  const known = env.get(name);
  if (known) return known;
  // unassigned lower-case names are unset; upper-case ones come from the environment
  if (LOWER_CASE_NAME.test(name)) return { value: '' };
  return { value: undefined };
}

/** `src` is the document text the word's spans point into. */
export function expandWord(word: Word, env: Env, src: string): string | undefined {
  return expandParts(word.parts, env, src);
}

export function expandParts(parts: readonly WordPart[], env: Env, src: string): string | undefined {
  let out = '';
  for (const part of parts) {
    const v = expandPart(part, env, src);
    if (v === undefined) return undefined;
    out += v;
  }
  return out;
}

/** One part of a word, expanded; undefined when its value is not known. */
export function expandPart(part: WordPart, env: Env, src: string): string | undefined {
  switch (part.kind) {
    case 'literal':
      return part.text;
    case 'param':
      return expandParam(part, env, src);
    default:
      return undefined;
  }
}

/** Expands the operand of `${name<op>operand}`; `src` is the text the part's spans point into. */
function expandOperand(part: ParamPart, env: Env, src: string): string | undefined {
  if (!part.argSpan) return '';
  return expandParts(lexText(src, part.argSpan.start, part.argSpan.end).parts, env, src);
}

function expandParam(part: ParamPart, env: Env, src: string): string | undefined {
  const variable = lookup(env, part.name);
  const value = variable.value;
  if (part.length) return value === undefined || variable.symbolic ? undefined : String(value.length);
  const op = part.op;
  if (!op) return value;
  if (variable.symbolic || value === undefined) return undefined;
  switch (op) {
    case ':-':
    case '-':
      return value !== '' ? value : expandOperand(part, env, src);
    case ':+':
    case '+':
      return value !== '' ? expandOperand(part, env, src) : '';
    case ':=':
    case '=':
    case ':?':
    case '?':
      return value !== '' ? value : undefined;
    case '%':
    case '%%':
    case '#':
    case '##': {
      const pattern = operandPattern(part, env, src);
      if (pattern === undefined) return undefined;
      return removeAffix(value, pattern, op.startsWith('#') ? 'prefix' : 'suffix', op.length === 2);
    }
    case '/':
    case '//':
    case '/#':
    case '/%':
      return substitute(part, value, env, src);
    case ':':
      return substring(part.arg ?? '', value);
    case '^^':
      return value.toUpperCase();
    case ',,':
      return value.toLowerCase();
    case '^':
      return value.charAt(0).toUpperCase() + value.slice(1);
    case ',':
      return value.charAt(0).toLowerCase() + value.slice(1);
    default:
      return undefined;
  }
}

/** A shell pattern as a regex source; quoted characters are literal. */
function patternSource(parts: readonly WordPart[], env: Env, src: string): string | undefined {
  let re = '';
  for (const p of parts) {
    if (p.kind === 'literal' && p.quote === 'none') re += globToRegex(p.text);
    else {
      const v = expandPart(p, env, src);
      if (v === undefined) return undefined;
      re += p.kind === 'param' && !p.quoted ? globToRegex(v) : escapeRegex(v);
    }
  }
  return re;
}

function operandPattern(part: ParamPart, env: Env, src: string): string | undefined {
  if (!part.argSpan) return '';
  const word = lexText(src, part.argSpan.start, part.argSpan.end);
  return patternSource(word.parts, env, src);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function globToRegex(glob: string): string {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^]*';
    else if (c === '?') re += '[^]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close === -1) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = '^' + body.slice(1);
        re += '[' + body.replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) {
      re += escapeRegex(glob[++i]);
    } else re += escapeRegex(c);
  }
  return re;
}

function removeAffix(value: string, pattern: string, side: 'prefix' | 'suffix', longest: boolean): string {
  const re = new RegExp('^(?:' + pattern + ')$');
  if (side === 'prefix') {
    if (longest) {
      for (let n = value.length; n >= 0; n--) if (re.test(value.slice(0, n))) return value.slice(n);
    } else {
      for (let n = 0; n <= value.length; n++) if (re.test(value.slice(0, n))) return value.slice(n);
    }
  } else if (longest) {
    for (let n = 0; n <= value.length; n++) if (re.test(value.slice(n))) return value.slice(0, n);
  } else {
    for (let n = value.length; n >= 0; n--) if (re.test(value.slice(n))) return value.slice(0, n);
  }
  return value;
}

function substitute(part: ParamPart, value: string, env: Env, src: string): string | undefined {
  if (!part.argSpan) return value;
  const s = part.argSpan.start;
  const e = part.argSpan.end;
  let slash = -1;
  for (let i = s; i < e; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '/') {
      slash = i;
      break;
    }
  }
  const patEnd = slash === -1 ? e : slash;
  const pattern = patternSource(lexText(src, s, patEnd).parts, env, src);
  const replacement = slash === -1 ? '' : expandParts(lexText(src, slash + 1, e).parts, env, src);
  if (pattern === undefined || replacement === undefined) return undefined;
  if (pattern === '') return value;
  const anchor = part.op === '/#' ? '^' : '';
  const tail = part.op === '/%' ? '$' : '';
  // shell patterns match longest; a greedy regex alternation gives the same for these forms
  const re = new RegExp(anchor + '(?:' + pattern + ')' + tail, part.op === '//' ? 'g' : '');
  return value.replace(re, () => replacement);
}

function substring(arg: string, value: string): string | undefined {
  const m = /^\s*(-?\s*\d+)?\s*(?::\s*(-?\s*\d+)\s*)?$/.exec(arg);
  if (!m) return undefined;
  let offset = m[1] ? parseInt(m[1].replace(/\s/g, ''), 10) : 0;
  if (offset < 0) offset = Math.max(0, value.length + offset);
  if (m[2] === undefined) return value.slice(offset);
  const length = parseInt(m[2].replace(/\s/g, ''), 10);
  return length < 0 ? value.slice(offset, Math.max(offset, value.length + length)) : value.slice(offset, offset + length);
}
