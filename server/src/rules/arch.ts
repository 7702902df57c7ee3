import { Rule, RuleFinding } from './types';
import { ownItems } from './options';

/**
 * AL57 invalid-arch. Known architectures are those abuild maps to a target triplet
 * (arch_to_triplet in abuild's functions.sh): the ones Alpine builds for plus the rarer ones
 * abuild still knows. `all` and `noarch` are accepted as is, every architecture also as a
 * `!arch` exclusion. Extra names come from CUSTOM_VALID_ARCHES or the config file's `arches`.
 */
export const KNOWN_ARCHES: ReadonlySet<string> = new Set([
  'x86_64', 'x86', 'aarch64', 'armhf', 'armv7', 'ppc64le', 's390x', 'riscv64', 'loongarch64',
  'aarch64_be', 'armel', 'loongarch32', 'loongarchx32', 'mips', 'mips64', 'mipsel', 'mips64el',
  'ppc', 'ppc64', 'riscv32', 'sh2eb', 'sh3', 'sh4',
]);
const SPECIAL = new Set(['all', 'noarch']);

export const rules: Rule[] = [
  {
    code: 'AL57',
    label: 'invalid-arch',
    severity: 'serious',
    certainty: 'certain',
    summary: 'arch= holds a value that is not an architecture',
    docs: 'arch takes `all` or `noarch`, architecture names (x86_64, x86, aarch64, armhf, armv7, ppc64le, s390x, riscv64, loongarch64, and the rarer ones abuild knows), and `!arch` exclusions. A misspelt name (`amd64`, `arm64`, `!riscv`) silently does not match: the exclusion does not happen, or the package is built nowhere. Use abuild\'s architecture names; extra names can be allowed with CUSTOM_VALID_ARCHES or `arches` in .apkbuild-lint.json.',
    fixable: false,
    check(apkbuild, context) {
      const out: RuleFinding[] = [];
      for (const item of ownItems(apkbuild, 'arch')) {
        const value = item.value;
        if (SPECIAL.has(value) || context.extraArches.has(value)) continue;
        const name = value.startsWith('!') ? value.slice(1) : value;
        if (KNOWN_ARCHES.has(name) || context.extraArches.has(name)) continue;
        out.push({ span: item.span, message: SPECIAL.has(name) ? `'${value}' is not valid: ${name} can not be excluded` : `invalid arch '${value}'` });
      }
      return out;
    },
  },
];
