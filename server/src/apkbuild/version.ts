// apk-tools version semantics, restated from apk-tools v3 src/version.c
// (apk_version_validate, apk_version_compare, apk_version_match) and
// src/package.c (apk_dep_parse).
//
// Grammar: digit{.digit}...{letter}{_suf{#}}...{~hash}{-r#}
//
// Differences from apk-tools 2.14 (only the v3 behaviour is implemented):
// - 2.14 accepts digits after a letter (`1.0a1`), suffixes only by prefix
//   (`_alphafoo`) and has no `~hash` component.
// - 2.14 `~` matches when either version runs out of components; v3 only
//   when the constraint does (a real prefix match), and adds `<~` / `>~`.
// - v3 `apk version -t` refuses invalid versions; 2.14 compares them anyway.

enum Tok {
  InitialDigit,
  Digit,
  Letter,
  Suffix,
  SuffixNo,
  CommitHash,
  RevisionNo,
  End,
  Invalid,
}

// Ranks below NONE are pre-releases, above are post-releases.
const SUFFIX_NONE = 5;
const SUFFIXES = new Map([
  ['alpha', 1],
  ['beta', 2],
  ['pre', 3],
  ['rc', 4],
  ['cvs', 6],
  ['svn', 7],
  ['git', 8],
  ['hg', 9],
  ['p', 10],
]);

// Result bits, as in apk_version.h.
const EQUAL = 1;
const LESS = 2;
const GREATER = 4;
const FUZZY = 8;
const ANY = EQUAL | LESS | GREATER;
const CHECKSUM = LESS | GREATER;

interface Lexer {
  s: string;
  pos: number;
  token: Tok;
  value: string;
  suffix: number;
}

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLower = (c: string) => c >= 'a' && c <= 'z';
const isHex = (c: string) => isDigit(c) || (c >= 'a' && c <= 'f');

function takeWhile(t: Lexer, pred: (c: string) => boolean): string {
  const start = t.pos;
  while (t.pos < t.s.length && pred(t.s[t.pos])) t.pos++;
  return t.s.slice(start, t.pos);
}

function takeDigits(t: Lexer): void {
  t.value = takeWhile(t, isDigit);
  if (t.value === '') t.token = Tok.Invalid;
}

function firstToken(s: string): Lexer {
  const t: Lexer = { s, pos: 0, token: Tok.InitialDigit, value: '', suffix: 0 };
  takeDigits(t);
  return t;
}

// The previous token decides which token may follow.
function nextToken(t: Lexer): void {
  if (t.pos >= t.s.length) {
    t.token = Tok.End;
    return;
  }
  const c = t.s[t.pos];
  if (isLower(c)) {
    if (t.token > Tok.Digit) return invalid(t);
    t.value = c;
    t.token = Tok.Letter;
    t.pos++;
  } else if (c === '.' || isDigit(c)) {
    if (c === '.') {
      if (t.token > Tok.Digit) return invalid(t);
      t.pos++;
    }
    if (t.token === Tok.InitialDigit || t.token === Tok.Digit) t.token = Tok.Digit;
    else if (t.token === Tok.Suffix) t.token = Tok.SuffixNo;
    else return invalid(t);
    takeDigits(t);
  } else if (c === '_') {
    if (t.token > Tok.SuffixNo) return invalid(t);
    t.pos++;
    t.value = takeWhile(t, isLower);
    const suffix = SUFFIXES.get(t.value);
    if (suffix === undefined) return invalid(t);
    t.suffix = suffix;
    t.token = Tok.Suffix;
  } else if (c === '~') {
    if (t.token >= Tok.CommitHash) return invalid(t);
    t.pos++;
    t.value = takeWhile(t, isHex);
    if (t.value === '') return invalid(t);
    t.token = Tok.CommitHash;
  } else if (c === '-') {
    if (t.token >= Tok.RevisionNo || t.s[t.pos + 1] !== 'r') return invalid(t);
    t.pos += 2;
    t.token = Tok.RevisionNo;
    takeDigits(t);
  } else {
    invalid(t);
  }
}

function invalid(t: Lexer): void {
  t.token = Tok.Invalid;
}

const sign = <T extends number | bigint | string>(a: T, b: T) => (a < b ? LESS : a > b ? GREATER : EQUAL);

// apk parses numbers into a uint64_t, so huge numbers wrap around.
const uint64 = (digits: string) => BigInt.asUintN(64, BigInt(digits));

function tokenCompare(a: Lexer, b: Lexer): number {
  switch (a.token) {
    case Tok.InitialDigit:
    case Tok.Digit:
    case Tok.SuffixNo:
    case Tok.RevisionNo:
      // Gentoo rule: after a dot, a leading zero on either side means a string comparison.
      if (a.token === Tok.Digit && (a.value[0] === '0' || b.value[0] === '0')) return sign(a.value, b.value);
      return sign(uint64(a.value), uint64(b.value));
    case Tok.Suffix:
      return sign(a.suffix, b.suffix);
    default: // letter or commit hash
      return sign(a.value, b.value);
  }
}

/** apk_version_compare_fuzzy(): one of EQUAL, LESS, GREATER. */
function compareMask(a: string, b: string, fuzzy: boolean): number {
  const ta = firstToken(a);
  const tb = firstToken(b);
  while (ta.token === tb.token && ta.token < Tok.End) {
    const r = tokenCompare(ta, tb);
    if (r !== EQUAL) return r;
    nextToken(ta);
    nextToken(tb);
  }
  // Both ended (or both turned invalid at the same place), or `b` is a prefix of `a`.
  if (ta.token === tb.token) return EQUAL;
  if (tb.token === Tok.End && fuzzy) return EQUAL;
  // Otherwise the version whose next component comes earlier in the grammar is
  // greater (1.0.1 > 1.0a > 1.0_p > 1.0-r1 > 1.0), except for a pre-release suffix.
  if (ta.token === Tok.Suffix && ta.suffix < SUFFIX_NONE) return LESS;
  if (tb.token === Tok.Suffix && tb.suffix < SUFFIX_NONE) return GREATER;
  if (ta.token > tb.token) return LESS;
  if (tb.token > ta.token) return GREATER;
  return EQUAL;
}

/** Whether `v` is a valid apk version (may include `~hash` and `-rN`), like `apk version -c`. */
export function isValidVersion(v: string): boolean {
  const t = firstToken(v);
  while (t.token < Tok.End) nextToken(t);
  return t.token === Tok.End;
}

/** Whether `v` is valid as an APKBUILD pkgver: a valid version without `-rN`. */
export function isValidPkgver(v: string): boolean {
  return isValidVersion(v) && !v.includes('-');
}

/**
 * apk version order, like `apk version -t a b`. apk refuses to compare invalid
 * versions on the command line; here they get the order apk's solver gives
 * them: equal up to the first differing component, then the valid one sorts
 * after an invalid one (so `1.0bc` = `1.0bd` and `1.0bc` < `1.0b`).
 */
export function compareVersions(a: string, b: string): -1 | 0 | 1 {
  const r = compareMask(a, b, false);
  return r === LESS ? -1 : r === GREATER ? 1 : 0;
}

/** Canonical dependency operators, as printed by apk_version_op_string(). `><` compares a package checksum. */
export type VersionOp = '<' | '<=' | '<~' | '~' | '=' | '>=' | '>~' | '>' | '><';

// apk_version_result_mask_blob(): any run of these characters is an operator.
function opMask(op: string): number {
  let mask = 0;
  for (const c of op) {
    if (c === '<') mask |= LESS;
    else if (c === '>') mask |= GREATER;
    else if (c === '=') mask |= EQUAL;
    else if (c === '~') mask |= FUZZY | EQUAL;
    else return 0;
  }
  return mask;
}

const OP_STRINGS = new Map<number, VersionOp>([
  [LESS, '<'],
  [LESS | EQUAL, '<='],
  [LESS | EQUAL | FUZZY, '<~'],
  [EQUAL | FUZZY, '~'],
  [EQUAL, '='],
  [GREATER | EQUAL, '>='],
  [GREATER | EQUAL | FUZZY, '>~'],
  [GREATER, '>'],
  [CHECKSUM, '><'],
]);

/**
 * The canonical form of an operator as written in a dependency (`=~` and `~=`
 * are `~`, `=<` is `<=`); '' when it allows any version (`<=>`); undefined
 * when it is not an operator.
 */
export function normalizeOp(op: string): VersionOp | '' | undefined {
  const mask = opMask(op);
  if (mask === 0) return undefined;
  if ((mask & ANY) === ANY) return '';
  return OP_STRINGS.get(mask);
}

/**
 * Whether package version `version` satisfies `op constraint` (apk_version_match).
 * `~` is a prefix match on version components: 3.6.9 ~ 3.6, but not 3.60 ~ 3.6.
 * `><` pins a package checksum, not a version, so it never matches here.
 */
export function satisfies(version: string, op: string, constraint: string): boolean {
  const mask = opMask(op);
  if (mask === 0 || mask === CHECKSUM) return false;
  if ((mask & ANY) === ANY) return true;
  return (compareMask(version, constraint, (mask & FUZZY) !== 0) & mask) !== 0;
}

export interface Dependency {
  /** `!name`: the package must not be installed. */
  conflict: boolean;
  name: string;
  /** Canonical operator; absent when any version is allowed. */
  op?: VersionOp;
  /** As written; not validated (check with isValidVersion unless op is `><`). */
  version?: string;
}

// APK_CTYPE_DEPENDENCY_NAME: package name characters plus `,:/[]`.
const DEP_NAME = /^[A-Za-z0-9+\-._,:/[\]]+$/;
const DEP_ENTRY = /^(!?)([^<>=~]*)(?:([<>=~]+)([^<>=~].*))?$/s;

/**
 * Parses one dependency entry (`[!]name[op version]`, as apk_dep_parse). Returns
 * undefined when the entry is not a dependency: empty name, a character apk
 * does not allow in names (including whitespace and `@tag`), or an operator
 * without a version.
 */
export function parseDependency(entry: string): Dependency | undefined {
  const m = DEP_ENTRY.exec(entry);
  if (!m || !DEP_NAME.test(m[2]) || /\s/.test(entry)) return undefined;
  const dep: Dependency = { conflict: m[1] === '!', name: m[2] };
  if (m[3] !== undefined) {
    const op = normalizeOp(m[3]);
    if (op === undefined) return undefined;
    if (op !== '') {
      dep.op = op;
      dep.version = m[4];
    }
  }
  return dep;
}

/** Splits a full version into pkgver and the number after `-r`, if any. */
export function splitPkgrel(v: string): { pkgver: string; pkgrel?: string } {
  const m = /^(.*)-r(\d+)$/s.exec(v);
  return m ? { pkgver: m[1], pkgrel: m[2] } : { pkgver: v };
}
