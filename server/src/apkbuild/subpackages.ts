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
    // `name:function:arch`, each field up to the next `:` (what split(':') gives, without the arrays)
    const nameColon = text.indexOf(':');
    const fnColon = nameColon === -1 ? -1 : text.indexOf(':', nameColon + 1);
    const archColon = fnColon === -1 ? -1 : text.indexOf(':', fnColon + 1);
    const name = nameColon === -1 ? text : text.slice(0, nameColon);
    const fn = nameColon === -1 ? '' : text.slice(nameColon + 1, fnColon === -1 ? text.length : fnColon);
    const arch = fnColon === -1 ? '' : text.slice(fnColon + 1, archColon === -1 ? text.length : archColon);
    // the same fields in the text as written, for their ranges
    const rawNameColon = item.text.indexOf(':');
    const rawFnColon = rawNameColon === -1 ? -1 : item.text.indexOf(':', rawNameColon + 1);
    const nameEnd = item.span.start + (rawNameColon === -1 ? item.text.length : rawNameColon);
    const fnStart = nameEnd + 1;
    const fnLength = (rawFnColon === -1 ? item.text.length : rawFnColon) - (rawNameColon + 1);
    return {
      name,
      known: item.value !== undefined,
      splitFunction: fn || undefined,
      arch: arch || undefined,
      span: item.span,
      nameSpan: { start: item.span.start, end: nameEnd },
      functionSpan: rawNameColon !== -1 ? { start: fnStart, end: fnStart + fnLength } : undefined,
    };
  });
}
