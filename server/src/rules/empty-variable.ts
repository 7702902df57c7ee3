import { Apkbuild } from '../apkbuild/apkbuild';
import { Assignment } from '../apkbuild/model';
import { Span } from '../apkbuild/span';
import { Rule, RuleFinding } from './types';

/**
 * AL5 empty-variable. atools greps `^[A-Za-z0-9_]*=(""|''|)$`: a variable assigned an empty
 * string on a line of its own at the top level. aports' CODINGSTYLE.md: "Empty Metadata Variable
 * assignments, e.g. `install=""` must be removed", with two assignments that mean something
 * when empty and so are not reported:
 * - `maintainer=""` marks an abandoned package (CODINGSTYLE.md, "Maintainer Variable");
 * - `arch=""` disables the package on every architecture (abuild builds nothing for it).
 * Also left alone: assignments that clear an earlier value of the same variable, that run only
 * under a condition, upper-case names (they may clear a variable from the environment), and
 * initialisations: a variable assigned again later (`_flags=` then `_flags="$_flags --foo"` in a
 * `case`), or a custom `_variable` that is used somewhere (`_suffix=""` kept as a knob for a URL).
 */
const MEANINGFUL_WHEN_EMPTY = new Set(['maintainer', 'arch']);
const ENV_LIKE = /^[A-Z]/;

function isEmptyValue(a: Assignment): boolean {
  for (const p of a.parts) {
    if (p.kind !== 'literal' || p.text !== '') return false;
  }
  return true;
}

// helpers rather than closures in the loop: a closure over the loop's variables costs an
// allocation on every pass through it

/** Is the variable of `assignments[i]` assigned again at the top level? */
function assignedElsewhere(assignments: readonly Assignment[], i: number): boolean {
  const name = assignments[i].name;
  for (let j = 0; j < assignments.length; j++) if (j !== i && assignments[j].name === name) return true;
  return false;
}

/** Does a function assign the variable from an expansion? */
function usedInFunction(functionAssignments: readonly Assignment[], name: string): boolean {
  for (const b of functionAssignments) if (b.name === name && b.raw.includes('$')) return true;
  return false;
}

/** The whole line (with its newline) when it holds nothing but this assignment; else just the word. */
function deletionSpan(apkbuild: Apkbuild, a: Assignment): Span {
  const { text, lines } = apkbuild;
  const line = lines.lineOf(a.span.start);
  const start = lines.lineStart(line);
  const end = lines.lineEnd(line);
  const alone = a.statement.assignments.length === 1 && !a.statement.name && a.statement.redirects.length === 0;
  if (alone && text.slice(start, a.span.start).trim() === '' && text.slice(a.span.end, end).trim() === '') {
    const next = line + 1 < lines.lineCount ? lines.lineStart(line + 1) : text.length;
    return { start, end: next };
  }
  let stop = a.span.end;
  while (text[stop] === ' ' || text[stop] === '\t') stop++;
  return { start: a.span.start, end: stop };
}

export const rules: Rule[] = [
  {
    code: 'AL5',
    label: 'empty-variable',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a variable is set to an empty string (`install=""`)',
    docs: 'An unset variable is already empty, so `depends=""`, `install=` or `subpackages=\'\'` at the top level does nothing but add a line; aports\' coding style says such assignments must be removed (newapkbuild templates leave them behind). Delete the line. `maintainer=""` (an abandoned package) and `arch=""` (a disabled package) mean something and are not reported.',
    fixable: true,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      const { assignments, functionAssignments, text } = apkbuild;
      for (let i = 0; i < assignments.length; i++) {
        const a = assignments[i];
        if (!isEmptyValue(a) || a.declaration || a.conditional || a.append) continue;
        if (MEANINGFUL_WHEN_EMPTY.has(a.name) || ENV_LIKE.test(a.name)) continue;
        if (assignedElsewhere(assignments, i)) continue;
        if (usedInFunction(functionAssignments, a.name)) continue;
        if (a.name.startsWith('_') && (text.includes('$' + a.name) || text.includes('${' + a.name))) continue;
        out.push({
          span: a.span,
          message: `variable set to empty string: ${a.name}`,
          tags: ['unnecessary'],
          fix: { title: `Remove the empty ${a.name} assignment`, edits: [{ span: deletionSpan(apkbuild, a), newText: '' }] },
        });
      }
      return out;
    },
  },
];
