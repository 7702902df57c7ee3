import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolved } from './normal-path';
import { Severity } from './types';

export const CONFIG_FILE = '.apkbuild-lint.json';

/** Per-tree settings from `.apkbuild-lint.json` at the tree root (or any parent directory). */
export interface LintConfig {
  /** rule code or label → severity, or "off" */
  severity: Record<string, Severity | 'off'>;
  /** extra values accepted in `options=` */
  options: string[];
  /** extra values accepted in `arch=` */
  arches: string[];
  /** where it came from, for messages */
  file?: string;
}

export const SEVERITIES: Severity[] = ['serious', 'important', 'minor', 'style'];

export function emptyConfig(): LintConfig {
  return { severity: {}, options: [], arches: [] };
}

export class ConfigError extends Error {}

export function parseConfig(text: string, file: string): LintConfig {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new ConfigError(`${file}: expected a JSON object`);
  const obj = data as Record<string, unknown>;
  const config = emptyConfig();
  config.file = file;
  for (const key of Object.keys(obj)) {
    if (!['severity', 'options', 'arches', '$schema'].includes(key)) throw new ConfigError(`${file}: unknown key "${key}" (known: severity, options, arches)`);
  }
  if (obj.severity !== undefined) {
    if (typeof obj.severity !== 'object' || obj.severity === null) throw new ConfigError(`${file}: "severity" must be an object`);
    for (const [k, v] of Object.entries(obj.severity)) {
      if (v !== 'off' && !SEVERITIES.includes(v as Severity)) throw new ConfigError(`${file}: severity of ${k} must be one of ${SEVERITIES.join(', ')}, off`);
      config.severity[k.toLowerCase()] = v as Severity | 'off';
    }
  }
  for (const key of ['options', 'arches'] as const) {
    const v = obj[key];
    if (v === undefined) continue;
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new ConfigError(`${file}: "${key}" must be a list of strings`);
    config[key] = v as string[];
  }
  return config;
}

const cache = new Map<string, LintConfig | undefined>();

/** The nearest `.apkbuild-lint.json` above a directory; cached per directory. `listing`, the
 * directory's names when the caller has them, spares a stat. */
export function findConfig(dir: string, listing?: readonly string[]): LintConfig | undefined {
  const key = resolved(dir);
  const known = cache.get(key);
  if (known !== undefined || cache.has(key)) return known;
  let found: LintConfig | undefined;
  if (listing ? listing.includes(CONFIG_FILE) : fs.existsSync(path.join(key, CONFIG_FILE))) {
    const file = path.join(key, CONFIG_FILE);
    found = parseConfig(fs.readFileSync(file, 'utf8'), file);
  } else {
    const parent = path.dirname(key);
    found = parent === key ? undefined : findConfig(parent);
  }
  cache.set(key, found);
  return found;
}

export function loadConfigFile(file: string): LintConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseConfig(text, file);
}

/**
 * `build(config, env)` computed once for each config and environment pair: a tree lint has one
 * config and one environment for thousands of files.
 */
export function perConfigAndEnv<T>(build: (config: LintConfig | undefined, env: NodeJS.ProcessEnv) => T): (config: LintConfig | undefined, env: NodeJS.ProcessEnv) => T {
  const cache = new WeakMap<NodeJS.ProcessEnv, Map<LintConfig | undefined, T>>();
  return (config, env) => {
    let byConfig = cache.get(env);
    if (!byConfig) {
      byConfig = new Map();
      cache.set(env, byConfig);
    }
    if (!byConfig.has(config)) byConfig.set(config, build(config, env));
    return byConfig.get(config) as T;
  };
}
