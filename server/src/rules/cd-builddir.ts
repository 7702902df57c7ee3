import { Apkbuild } from '../apkbuild/apkbuild';
import { FunctionDef } from '../apkbuild/model';
import { SimpleCommand, Word } from '../apkbuild/shell-lexer';
import { deleteLinesEdit } from './builddir';
import { Rule, RuleFinding, TextEdit } from './types';

/** abuild's runpart changes into $builddir (when it exists) before these: prepare, build, check, package. */
function isPhase(name: string): boolean {
  switch (name.length) {
    case 5:
      return name === 'build' || name === 'check';
    case 7:
      return name === 'prepare' || name === 'package';
    default:
      return false;
  }
}

/** `$builddir`, `"$builddir"`, `${builddir}`, `"${builddir}"` and nothing else. */
function isBuilddirWord(word: Word): boolean {
  if (word.parts.length !== 1) return false;
  const p = word.parts[0];
  return p.kind === 'param' && p.name === 'builddir' && !p.op && !p.length;
}

function isCd(c: SimpleCommand): boolean {
  return c.name?.raw === 'cd';
}

function isCdBuilddir(c: SimpleCommand): boolean {
  if (!isCd(c) || c.assignments.length) return false;
  const { args } = c;
  const first = args[0]?.raw === '--' ? 1 : 0;
  return args.length - first === 1 && isBuilddirWord(args[first]);
}

/** the text before a command ends with an operator and a line break (the lexer leaves precededBy unset) */
const AFTER_OPERATOR = /(&&|\|\||\|)\s*$/;
const BUILDDIR_ASSIGNMENT = /^builddir\+?=/;

/** Commands that change the directory without `cd`. */
const DIRECTORY_CHANGERS = new Set(['cd', 'pushd', 'popd']);

function readsBuilddir(w: Word): boolean {
  for (const p of w.parts) if (p.kind === 'param' && p.name === 'builddir') return true;
  return false;
}

function mentionsBuilddir(c: SimpleCommand): boolean {
  if (c.name && readsBuilddir(c.name)) return true;
  for (const w of c.args) if (readsBuilddir(w)) return true;
  for (const w of c.assignments) if (readsBuilddir(w)) return true;
  for (const r of c.redirects) if (r.target && readsBuilddir(r.target)) return true;
  return false;
}

function assignsBuilddir(c: SimpleCommand): boolean {
  for (const w of c.assignments) if (BUILDDIR_ASSIGNMENT.test(w.raw)) return true;
  for (const w of c.args) if (BUILDDIR_ASSIGNMENT.test(w.raw)) return true;
  return false;
}

function removal(apkbuild: Apkbuild, body: SimpleCommand[], k: number): TextEdit | undefined {
  const cd = body[k];
  if (body.length === 1) return undefined; // without it the function body would be empty: a syntax error
  if (cd.blockDepth > 0) return undefined; // nor is an empty `then … fi` or `do … done`
  if (cd.precededBy === '&&' || cd.precededBy === '||' || cd.precededBy === '|') return undefined;
  if (AFTER_OPERATOR.test(apkbuild.text.slice(Math.max(0, cd.span.start - 200), cd.span.start))) return undefined; // `a &&⏎ cd …`
  if (cd.followedBy === undefined || cd.followedBy === ';') {
    const lines = deleteLinesEdit(apkbuild, cd.span);
    return lines && { span: lines, newText: '' };
  }
  if (cd.followedBy === '&&') {
    const next = body[k + 1];
    if (!next || next.precededBy !== '&&') return undefined;
    if (apkbuild.lines.lineOf(next.span.start) !== apkbuild.lines.lineOf(cd.span.start)) return undefined;
    return { span: { start: cd.span.start, end: next.span.start }, newText: '' };
  }
  if (cd.followedBy === '||') {
    // `cd "$builddir" || return 1` and the like: the whole line goes
    const next = body[k + 1];
    if (!next || next.precededBy !== '||' || !['return', 'exit', 'die'].includes(next.name?.raw ?? '')) return undefined;
    if (next.followedBy !== undefined && next.followedBy !== ';') return undefined;
    const lines = deleteLinesEdit(apkbuild, { start: cd.span.start, end: next.span.end });
    return lines && { span: lines, newText: '' };
  }
  return undefined;
}

/** Whether the function body has a top-level-of-its-script `cd "$builddir"` (the only command reported). */
function hasCdBuilddir(fn: FunctionDef): boolean {
  for (const c of fn.script.commands) if (!c.nested && c.name !== undefined && c.name.raw === 'cd' && isCdBuilddir(c)) return true;
  return false;
}

function checkPhase(apkbuild: Apkbuild, fn: FunctionDef): RuleFinding[] {
  const body = fn.script.commands.filter((c) => !c.nested);
  const out: RuleFinding[] = [];
  let seenCd = false;
  let previousCdToBuilddir = false;
  let builddirTouched = false;
  let lastDirectoryChange = -1;
  body.forEach((c, k) => {
    if (c.name && DIRECTORY_CHANGERS.has(c.name.raw)) lastDirectoryChange = k;
  });
  for (let k = 0; k < body.length; k++) {
    const c = body[k];
    const name = c.name?.raw;
    if (isCdBuilddir(c)) {
      // the first cd of the phase, or right after another cd "$builddir"; not when the function
      // itself created, moved or reassigned $builddir first (then it may not have existed before)
      // inside a loop (or any block: the lexer does not tell them apart), a later directory change may
      // run before the next iteration reaches this cd
      const loopRisk = c.blockDepth > 0 && lastDirectoryChange > k;
      if (!loopRisk && (previousCdToBuilddir || (!seenCd && !builddirTouched))) {
        const edit = removal(apkbuild, body, k);
        out.push({
          span: c.span,
          message: `cd "$builddir" can be removed in phase '${fn.name}'`,
          tags: ['unnecessary'],
          fix: edit && { title: 'Remove the redundant cd', edits: [edit] },
        });
      }
      seenCd = true;
      previousCdToBuilddir = true;
      continue;
    }
    if (name && DIRECTORY_CHANGERS.has(name)) {
      seenCd = true;
      previousCdToBuilddir = false;
    }
    if (builddirTouched) continue; // it stays touched
    if (assignsBuilddir(c)) builddirTouched = true;
    else if (name && name !== 'cd' && mentionsBuilddir(c)) builddirTouched = true;
  }
  return out;
}

export const rules: Rule[] = [
  {
    code: 'AL13',
    label: 'superfluous-cd-builddir',
    severity: 'minor',
    certainty: 'possible',
    summary: '`cd "$builddir"` at the start of prepare/build/check/package is redundant',
    docs:
      'Since abuild 3.3.0 the prepare, build, check and package functions start in $builddir (when it exists), ' +
      'so a `cd "$builddir"` before any other directory change, or right after another `cd "$builddir"`, does ' +
      'nothing. Remove it. Not reported when the function first creates, moves or reassigns $builddir, nor in ' +
      'other functions (split functions start elsewhere).',
    fixable: true,
    check(apkbuild) {
      // reading the text is cheaper than walking the phases' commands, and 40% of the files never
      // mention builddir
      if (!apkbuild.text.includes('builddir')) return [];
      let out: RuleFinding[] | undefined;
      for (const fn of apkbuild.functions) {
        // only a `cd "$builddir"` is ever reported: most phases have none
        if (!isPhase(fn.name) || !hasCdBuilddir(fn)) continue;
        const found = checkPhase(apkbuild, fn);
        if (found.length) (out ??= []).push(...found);
      }
      return out ?? [];
    },
  },
];
