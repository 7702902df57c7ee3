import { Apkbuild } from '../apkbuild/apkbuild';
import { assignmentsOf } from '../apkbuild/facts';
import { ListItem } from '../apkbuild/model';
import { Rule, RuleFinding } from './types';
import { detached } from '../detached';

/**
 * AL49 invalid-option. The known options are those abuild tests with `options_has` and that
 * APKBUILD(5) lists; `chmod-clean` is still accepted (abuild now always does it). APKBUILD(5):
 * "Each option should be in the list below or contain exactly one `:` to indicate that it is a
 * custom option. Options may be set for a specific (sub)package by using `subpkgname::option`."
 * Extra names come from CUSTOM_VALID_OPTIONS (as in atools) or the config file's `options`.
 */
export const KNOWN_OPTIONS: ReadonlySet<string> = new Set([
  '!archcheck', 'bigdocs', 'charset.alias', '!check', 'checkroot', '!dbg', '!fhs', 'keepdirs',
  'ldpath-recursive', 'lib64', 'libtool', 'net', 'setcap', 'sover-namecheck', '!spdx', '!strip',
  'suid', 'textrels', 'toolchain', '!tracedeps', '!usrmerge', 'chmod-clean',
]);

const references = new Map<string, [string, string]>();

/** `$name` and `${name}`. */
function referencesTo(name: string): [string, string] {
  let refs = references.get(name);
  if (!refs) {
    refs = [`$${name}`, `\${${name}}`];
    references.set(detached(name), refs);
  }
  return refs;
}

/** Items of a list variable that are not a plain reference to the variable's earlier value. */
export function ownItems(apkbuild: Apkbuild, name: string): (ListItem & { value: string })[] {
  const assignments = assignmentsOf(apkbuild, name);
  if (assignments.length === 0) return [];
  const [self, braced] = referencesTo(name);
  const out: (ListItem & { value: string })[] = [];
  for (const a of assignments) {
    for (const item of a.items) {
      if (item.value === undefined || item.text === self || item.text === braced || item.value.includes('$')) continue;
      out.push(item as ListItem & { value: string });
    }
  }
  return out;
}

function isValidOption(option: string, extra: ReadonlySet<string>): boolean {
  if (KNOWN_OPTIONS.has(option) || extra.has(option)) return true;
  const sub = option.indexOf('::');
  const own = sub === -1 ? option : option.slice(sub + 2);
  if (sub !== -1 && (KNOWN_OPTIONS.has(own) || extra.has(own))) return true;
  return own.split(':').length === 2;
}

export const rules: Rule[] = [
  {
    code: 'AL49',
    label: 'invalid-option',
    severity: 'important',
    certainty: 'certain',
    summary: 'options= holds a value abuild does not know',
    docs: 'abuild only acts on the options listed in APKBUILD(5) (`!check`, `net`, `!strip`, `suid`, `!tracedeps`, `textrels`, ...); anything else is silently ignored, so a misspelt `!checks` or `netaccess` leaves the build doing what the option was meant to stop. Fix the spelling or remove the value. Options for one subpackage are written `subpkg::option`; a custom option for other tools has exactly one `:` (`pmb:cross-native`); extra names can be allowed with CUSTOM_VALID_OPTIONS or `options` in .apkbuild-lint.json.',
    fixable: false,
    check(apkbuild, context) {
      const out: RuleFinding[] = [];
      for (const item of ownItems(apkbuild, 'options')) {
        if (!isValidOption(item.value, context.extraOptions)) out.push({ span: item.span, message: `invalid option '${item.value}'` });
      }
      return out;
    },
  },
];
