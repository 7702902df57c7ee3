import { ParsedApkbuild } from './model';
import { itemsOf } from './facts';
import { Span } from './span';

export interface Subpackage {
  /** expanded name, or the raw text when unknown */
  name: string;
  known: boolean;
  /** split function named after the first `:`, if any */
  splitFunction?: string;
  arch?: string;
  span: Span;
  nameSpan: Span;
  functionSpan?: Span;
}

/** abuild's built-in split functions, chosen by the subpackage name's suffix. */
export const BUILTIN_SPLIT_SUFFIXES = [
  'dev', 'doc', 'dbg', 'lang', 'static', 'libs', 'openrc', 'systemd', 'udev', 'devhelp',
  'bash-completion', 'zsh-completion', 'fish-completion', 'pyc', 'nftables', 'bashcomp', 'zshcomp', 'fishcomp',
];

/** The function abuild calls for a subpackage without an explicit one: the name after its last `-`. */
export function defaultSplitFunction(name: string): string {
  const i = name.lastIndexOf('-');
  return i === -1 ? name : name.slice(i + 1);
}

export function subpackagesOf(model: ParsedApkbuild): Subpackage[] {
  return itemsOf(model, 'subpackages').map((item) => {
    const text = item.value ?? item.text;
    const [name, fn, arch] = text.split(':');
    const rawParts = item.text.split(':');
    const nameEnd = item.span.start + rawParts[0].length;
    const fnStart = nameEnd + 1;
    return {
      name,
      known: item.value !== undefined,
      splitFunction: fn || undefined,
      arch: arch || undefined,
      span: item.span,
      nameSpan: { start: item.span.start, end: nameEnd },
      functionSpan: rawParts.length > 1 ? { start: fnStart, end: fnStart + rawParts[1].length } : undefined,
    };
  });
}
