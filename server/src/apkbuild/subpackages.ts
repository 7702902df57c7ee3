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

/** The function abuild calls for a subpackage: the one named after `:`, else the name after the
 * last `-` (`foo-doc` → doc()), with abuild's names for the shell completions. */
export function splitFunctionOf(sub: Pick<Subpackage, 'name' | 'splitFunction'>): string {
  if (sub.splitFunction) return sub.splitFunction;
  const name = sub.name;
  if (name.endsWith('-bash-completion')) return 'bashcomp';
  if (name.endsWith('-zsh-completion')) return 'zshcomp';
  if (name.endsWith('-fish-completion')) return 'fishcomp';
  return name.slice(name.lastIndexOf('-') + 1);
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
