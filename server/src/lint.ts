import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeText, Apkbuild } from './apkbuild/apkbuild';

export { analyzeText };
import { LineIndex } from './apkbuild/span';
import { initParser, parseText } from './parser/parser';
import { findConfig, LintConfig, perConfigAndEnv } from './rules/config';
import { EngineOptions, Finding, runRules } from './rules/engine';
import { isNormalAbsolute, resolved } from './rules/normal-path';
import { findRule } from './rules/registry';
import { skippedByEnv } from './rules/suppression';
import type { BaseRevision } from './rules/change-context';
import { RuleContext, TreeIndex } from './rules/types';

export type { Finding } from './rules/engine';

export interface LintOptions extends EngineOptions {
  /** reported path; also used to find the package directory when `packageDir` is not given */
  path?: string;
  packageDir?: string;
  tree?: TreeIndex;
  /** the names in the package directory, when the caller has already listed it (the file is then on disk) */
  packageFiles?: string[];
  /** the package at the base revision of a review, for the change rules (AC*) */
  base?: BaseRevision;
}

/** Decodes file bytes; undefined when they are not UTF-8 text. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function notTextFinding(reportPath: string, why: string, options: EngineOptions = {}): Finding[] {
  const rule = findRule('AB1')!;
  if (skippedByEnv(rule.code, rule.label, options.env ?? process.env)) return [];
  const zero = { line: 0, character: 0 };
  return [{ code: rule.code, label: rule.label, severity: rule.severity, certainty: rule.certainty, path: reportPath, span: { start: 0, end: 0 }, range: { start: zero, end: zero }, message: why }];
}

export function contextFor(options: LintOptions, extra: LintConfig | undefined): RuleContext {
  const packageDir = options.packageDir ?? (options.path && path.isAbsolute(options.path) ? path.dirname(options.path) : options.path ? path.dirname(path.resolve(options.path)) : undefined);
  const onDisk = !!options.packageFiles || (!!options.path && fs.existsSync(options.path));
  const env = options.env ?? process.env;
  const extras = extrasFor(extra, env);
  return {
    path: options.path ?? 'APKBUILD',
    packageDir: onDisk ? packageDir : undefined,
    readPackageFile: onDisk && packageDir ? memoize1((name: string) => readInside(packageDir, name)) : undefined,
    listPackageFiles: onDisk && packageDir ? (options.packageFiles ? () => options.packageFiles! : memoize0(() => safeList(packageDir))) : undefined,
    tree: options.tree,
    base: options.base,
    extraOptions: extras.options,
    extraArches: extras.arches,
  };
}

interface Extras {
  options: ReadonlySet<string>;
  arches: ReadonlySet<string>;
}

/** The extra options and arches a config and the environment allow. */
const extrasFor = perConfigAndEnv((extra, env): Extras => {
  const list = (v: string | undefined) => (v ? v.split(/\s+/).filter(Boolean) : []);
  return {
    options: new Set([...(extra?.options ?? []), ...list(env.CUSTOM_VALID_OPTIONS)]),
    arches: new Set([...(extra?.arches ?? []), ...list(env.CUSTOM_VALID_ARCHES)]),
  };
});

/** Several rules read the same package files: each is read from disk once per lint. */
function memoize1<T>(fn: (key: string) => T): (key: string) => T {
  const cache = new Map<string, T>();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key) as T;
  };
}

function memoize0<T>(fn: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = fn();
      done = true;
    }
    return value;
  };
}

/** Reads a file of the package directory as text; undefined when missing, unreadable, binary, or
 * outside it (names with `..` or `/` that leave it are refused). */
export function readInside(dir: string, name: string): string | undefined {
  let target: string;
  if (isPlainName(name) && isNormalAbsolute(dir)) target = dir + '/' + name;
  else {
    target = path.resolve(dir, name);
    if (!target.startsWith(path.resolve(dir) + path.sep)) return undefined;
  }
  try {
    return readTextFile(target);
  } catch {
    return undefined;
  }
}

/**
 * decodeText of a file's bytes. Node reads a file as UTF-8 text in one call, replacing what is not
 * UTF-8 with U+FFFD and keeping a byte order mark: a text without either character is what the
 * strict decoder gives (less its BOM); one with U+FFFD is decoded strictly from its bytes.
 * Throws on I/O errors.
 */
export function readText(file: string): string | NotText {
  const text = fs.readFileSync(file, 'utf8');
  if (text.includes('\0')) return NOT_TEXT.binary;
  if (text.includes('\uFFFD')) return decodeText(fs.readFileSync(file)) ?? NOT_TEXT.invalid;
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Why a file is not linted as text. */
const NOT_TEXT = {
  binary: { notText: 'binary file (NUL bytes): not linted' },
  invalid: { notText: 'not valid UTF-8: not linted' },
} as const;
export type NotText = (typeof NOT_TEXT)[keyof typeof NOT_TEXT];

function readTextFile(file: string): string | undefined {
  const text = readText(file);
  return typeof text === 'string' ? text : undefined;
}

/** A name that path.resolve(dir, name) appends to dir as it is. */
function isPlainName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/');
}

/** A directory's names; empty when it cannot be read. */
export function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Lints already-decoded text. The parser must be initialised (`await initParser()`). */
export function lintTextSync(text: string, options: LintOptions = {}): Finding[] {
  const reportPath = options.path ?? 'APKBUILD';
  if (text.includes('\0')) return notTextFinding(reportPath, NOT_TEXT.binary.notText, options);
  const config = options.config ?? (options.path ? findConfig(path.dirname(resolved(options.path)), options.packageFiles) : undefined);
  const apkbuild = analyzeText(text);
  return runRules(apkbuild, contextFor(options, config), { ...options, config });
}

export function lintApkbuild(apkbuild: Apkbuild, options: LintOptions = {}): Finding[] {
  const config = options.config ?? (options.path ? findConfig(path.dirname(resolved(options.path)), options.packageFiles) : undefined);
  return runRules(apkbuild, contextFor(options, config), { ...options, config });
}

/** Lints APKBUILD text: the library entry point. */
export async function lintText(text: string, options: LintOptions = {}): Promise<Finding[]> {
  await initParser();
  return lintTextSync(text, options);
}

export { LineIndex };
