import { Apkbuild } from '../apkbuild/apkbuild';
import { FunctionDef } from '../apkbuild/model';
import { Rule, RuleFinding } from './types';

const PATCH = /\.patch(\.gz|\.xz)?$/;

/** The functions `fn` runs: itself and the functions of the file it calls, transitively. */
function reachable(fn: FunctionDef, byName: Map<string, FunctionDef[]>, into = new Set<FunctionDef>()): Set<FunctionDef> {
  if (into.has(fn)) return into;
  into.add(fn);
  for (const c of fn.script.commands) {
    const callees = c.name && byName.get(c.name.raw);
    if (callees) for (const f of callees) reachable(f, byName, into);
  }
  return into;
}

/** Whether the function itself runs default_prepare or patch. */
function runsPatching(f: FunctionDef): boolean {
  for (const c of f.script.commands) {
    const name = c.name?.raw;
    if (name === 'default_prepare' || name === 'patch') return true;
  }
  return false;
}

/** Whether one of `fns` runs default_prepare or patch. */
function appliesPatches(fns: Set<FunctionDef>): boolean {
  for (const f of fns) if (runsPatching(f)) return true;
  return false;
}

function mentions(fns: Set<FunctionDef>, variable: string): boolean {
  for (const f of fns) if (f.script.words.some((w) => w.parts.some((p) => p.kind === 'param' && p.name === variable))) return true;
  return false;
}

function insertionFix(apkbuild: Apkbuild, fn: FunctionDef): RuleFinding['fix'] {
  const { text, lines } = apkbuild;
  if (text[fn.bodySpan.start] !== '{') return undefined;
  const braceLine = lines.lineOf(fn.bodySpan.start);
  if (text.slice(fn.bodySpan.start + 1, lines.lineEnd(braceLine)).trim() !== '') return undefined;
  if (braceLine + 1 >= lines.lineCount) return undefined;
  const first = fn.script.commands.find((c) => !c.nested);
  const indent = first ? /^[ \t]*/.exec(lines.lineText(lines.lineOf(first.span.start)))![0] || '\t' : '\t';
  const at = lines.lineStart(braceLine + 1);
  return { title: 'Call default_prepare first', edits: [{ span: { start: at, end: at }, newText: indent + 'default_prepare\n' }] };
}

/** AL54's findings. */
function prepareFindings(apkbuild: Apkbuild): RuleFinding[] {
  const { functions } = apkbuild;
  const byName = new Map<string, FunctionDef[]>();
  for (const f of functions) {
    const list = byName.get(f.name);
    if (list) list.push(f);
    else byName.set(f.name, [f]);
  }
  let patches: number | undefined;
  const out: RuleFinding[] = [];
  for (const fn of functions) {
    if (fn.name !== 'prepare') continue;
    const fns = reachable(fn, byName);
    if (appliesPatches(fns)) continue;
    patches ??= apkbuild.sources.filter((s) => PATCH.test(s.fileName ?? s.text)).length;
    out.push({
      span: fn.nameSpan,
      message: patches
        ? `prepare() does not call default_prepare: ${patches === 1 ? 'the patch in source is' : `the ${patches} patches in source are`} not applied`
        : 'prepare() does not call default_prepare',
      // default_prepare needs $builddir to exist when there are patches: not when prepare() may create it
      fix: patches && mentions(fns, 'builddir') ? undefined : insertionFix(apkbuild, fn),
    });
  }
  return out;
}

export const rules: Rule[] = [
  {
    code: 'AL54',
    label: 'missing-default-prepare',
    severity: 'serious',
    certainty: 'possible',
    summary: 'a custom prepare() does not call default_prepare',
    docs:
      'abuild’s own prepare() is just default_prepare, which applies the *.patch, *.patch.gz and *.patch.xz ' +
      'files listed in source (and creates $tmpdir). A custom prepare() replaces it, so without a ' +
      'default_prepare call the patches are silently not applied. Call default_prepare, normally first. ' +
      'Calls through other functions of the APKBUILD count, and a prepare() that runs patch itself (to apply ' +
      'patches in another directory, order or way) is not reported.',
    fixable: true,
    check(apkbuild) {
      const { functions } = apkbuild;
      // most prepare() functions call default_prepare (or patch) themselves
      if (!functions.some((f) => f.name === 'prepare' && !runsPatching(f))) return [];
      return prepareFindings(apkbuild);
    },
  },
];
