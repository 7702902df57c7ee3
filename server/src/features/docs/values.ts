// Docs for the values of options=, arch= and license=, and for rule codes. The lists themselves
// come from the engine (KNOWN_OPTIONS, KNOWN_ARCHES, the rule registry) and from the SPDX data
// packages, so completion, hover and the linter never disagree.
import { KNOWN_ARCHES } from '../../rules/arch';
import { KNOWN_OPTIONS } from '../../rules/options';
import { findRule } from '../../rules/registry';
import type { Rule } from '../../rules/types';

/* eslint-disable @typescript-eslint/no-require-imports */
const LICENSE_IDS: readonly string[] = require('spdx-license-ids');
const EXCEPTION_IDS: readonly string[] = require('spdx-exceptions');
// spdx-license-ids has ids only; spdx-license-list adds each license's full name and URL
const LICENSE_LIST: Record<string, { name: string; url: string; osiApproved: boolean }> = require('spdx-license-list');
/* eslint-enable @typescript-eslint/no-require-imports */

const OPTION_DOCS: Record<string, string> = {
  '!archcheck': 'Do not check that binaries match the target architecture (for packages shipping firmware or foreign binaries).',
  bigdocs: 'The -doc subpackage may be large (skips the size warning).',
  'charset.alias': 'Keep /usr/lib/charset.alias (normally removed).',
  '!check': 'Do not run check(). Say why in a comment.',
  checkroot: 'Run check() under fakeroot.',
  '!dbg': 'Do not build a -dbg subpackage even when abuild is configured to.',
  '!fhs': 'Skip the FHS check (files outside the standard hierarchy).',
  keepdirs: 'Keep empty directories in the package.',
  'ldpath-recursive': 'Search ldpath directories recursively when tracing libraries.',
  lib64: 'Allow files in /lib64 or /usr/lib64.',
  libtool: 'Keep libtool .la files (normally removed).',
  net: 'The build needs network access.',
  setcap: 'The package installs binaries with file capabilities.',
  'sover-namecheck': 'Check that the package name matches the soname version of its libraries.',
  '!spdx': 'Do not check that license is a valid SPDX expression.',
  '!strip': 'Do not strip binaries.',
  suid: 'The package installs setuid binaries (otherwise abuild refuses them).',
  textrels: 'Allow text relocations.',
  toolchain: 'The package is part of the toolchain (may depend on the C library by name).',
  '!tracedeps': 'Do not trace shared-library and pkg-config dependencies automatically.',
  '!usrmerge': 'Allow files in /bin, /sbin, /lib (not merged into /usr).',
  'chmod-clean': 'Accepted for compatibility; abuild now always makes the build tree writable before cleaning.',
};

const ARCH_DOCS: Record<string, string> = {
  all: 'Every architecture abuild builds for (combine with `!arch` to exclude some).',
  noarch: 'Architecture-independent: built once, installed everywhere (scripts, data).',
  x86_64: '64-bit x86 (amd64).',
  x86: '32-bit x86 (i586+).',
  aarch64: '64-bit ARM (ARMv8).',
  armhf: '32-bit ARM, hard float, ARMv6 (Raspberry Pi 1/Zero).',
  armv7: '32-bit ARM, hard float, ARMv7.',
  ppc64le: '64-bit POWER, little endian.',
  s390x: 'IBM Z (64-bit).',
  riscv64: '64-bit RISC-V.',
  loongarch64: '64-bit LoongArch.',
};

export function optionNames(): string[] {
  return [...KNOWN_OPTIONS];
}

export function optionDoc(option: string): string | undefined {
  return OPTION_DOCS[option] ?? (KNOWN_OPTIONS.has(option) ? 'A build option abuild knows.' : undefined);
}

export function archNames(): string[] {
  return [...KNOWN_ARCHES];
}

export function archDoc(arch: string): string | undefined {
  const name = arch.startsWith('!') ? arch.slice(1) : arch;
  const doc = ARCH_DOCS[name] ?? (KNOWN_ARCHES.has(name) ? 'An architecture abuild knows (not one Alpine builds for).' : undefined);
  if (!doc) return undefined;
  return arch.startsWith('!') ? `Excludes ${name}: ${doc}` : doc;
}

export function licenseIds(): readonly string[] {
  return LICENSE_IDS;
}

export function exceptionIds(): readonly string[] {
  return EXCEPTION_IDS;
}

/** The full name of an SPDX license id (the `+` suffix meaning "or later" allowed). */
export function licenseName(id: string): { name: string; url: string } | undefined {
  const base = id.endsWith('+') ? id.slice(0, -1) : id;
  const entry = LICENSE_LIST[base];
  if (!entry) return undefined;
  return { name: id.endsWith('+') ? `${entry.name}, or any later version` : entry.name, url: entry.url };
}

export function isExceptionId(id: string): boolean {
  return EXCEPTION_IDS.includes(id);
}

export const LICENSE_OPERATORS: Record<string, string> = {
  AND: 'Both licenses apply (parts of the package are under each).',
  OR: 'The user may choose either license.',
  WITH: 'The license with an exception (an SPDX exception id follows).',
};

export function ruleDoc(codeOrLabel: string): Rule | undefined {
  return findRule(codeOrLabel);
}

/** Subpackage suffixes abuild splits by itself, with what goes into them. */
export const SUBPACKAGE_SUFFIXES: Record<string, string> = {
  dbg: 'debug symbols (list first)',
  doc: 'man pages and documentation',
  dev: 'headers, pkg-config files, .so links',
  static: 'static libraries (before -dev)',
  libs: 'shared libraries',
  lang: 'translations',
  openrc: 'OpenRC init scripts',
  systemd: 'systemd units',
  udev: 'udev rules',
  'bash-completion': 'bash completions',
  'zsh-completion': 'zsh completions',
  'fish-completion': 'fish completions',
  pyc: 'Python bytecode',
  devhelp: 'devhelp books',
  nftrules: 'nftables rules',
};
