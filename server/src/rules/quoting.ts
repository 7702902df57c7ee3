import { Apkbuild } from '../apkbuild/apkbuild';
import { assignmentsOf } from '../apkbuild/facts';
import { Assignment } from '../apkbuild/model';
import { Rule, RuleFinding } from './types';

/**
 * Quoting of plain literal values (aports CODINGSTYLE.md, "Quoting": pkgname and pkgver must
 * not be quoted; never quote literal integers). atools matches `^pkgname="[^$]+"`,
 * `^pkgver="[^$]+"` and `^[A-Za-z0-9_]*=('|")[0-9]+("|')` line by line; here the value is read
 * from the parsed assignment, so a quoted string that merely looks like one (inside a heredoc,
 * a comment or another string) is never reported, and single quotes count as quotes too.
 */

/** Characters that mean the same quoted or not in a shell word (no globs, no tilde, no blanks). */
const SAFE_UNQUOTED = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/** The literal text of a value made only of literal parts with at least one quoted; else undefined. */
function quotedLiteral(a: Assignment): string | undefined {
  if (a.parts.length === 0) return undefined;
  let quoted = false;
  let text = '';
  for (const p of a.parts) {
    if (p.kind !== 'literal') return undefined;
    if (p.quote === 'single' || p.quote === 'double' || p.quote === 'ansi') quoted = true;
    text += p.text;
  }
  return quoted ? text : undefined;
}

/** Is the value made only of literal parts, at least one quoted, whose text is a non-empty run of digits?
 * (`quotedLiteral` matching INTEGER, without building the text of values that are not.) */
function isQuotedInteger(a: Assignment): boolean {
  let quoted = false;
  let digits = 0;
  for (const p of a.parts) {
    if (p.kind !== 'literal') return false;
    if (p.quote === 'single' || p.quote === 'double' || p.quote === 'ansi') quoted = true;
    const t = p.text;
    for (let i = 0; i < t.length; i++) {
      const c = t.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    digits += t.length;
  }
  return quoted && digits > 0;
}

function quotedMetadata(name: 'pkgname' | 'pkgver'): Rule['check'] {
  return (apkbuild: Apkbuild) => {
    const out: RuleFinding[] = [];
    for (const a of assignmentsOf(apkbuild, name)) {
      if (a.declaration || a.append) continue;
      const literal = quotedLiteral(a);
      if (literal === undefined || literal === '') continue;
      out.push({
        span: a.valueSpan,
        message: `${name} must not be quoted`,
        fix: SAFE_UNQUOTED.test(literal) ? { title: `Unquote ${name}`, edits: [{ span: a.valueSpan, newText: literal }] } : undefined,
      });
    }
    return out;
  };
}

export const rules: Rule[] = [
  {
    code: 'AL3',
    label: 'pkgname-quoted',
    severity: 'style',
    certainty: 'possible',
    summary: 'pkgname is quoted',
    docs: 'aports\' coding style writes `pkgname` unquoted (`pkgname=foo`): a package name never holds blanks or shell metacharacters, so the quotes only add noise, and tools that read APKBUILDs line by line expect the plain form. Remove the quotes. (atools runs this check only with APKBUILD_STYLE=leo; the aports coding style now requires it for every package.)',
    fixable: true,
    check: quotedMetadata('pkgname'),
  },
  {
    code: 'AL4',
    label: 'pkgver-quoted',
    severity: 'style',
    certainty: 'possible',
    summary: 'pkgver is quoted',
    docs: 'aports\' coding style writes `pkgver` unquoted (`pkgver=1.2.3`): a version never holds blanks or shell metacharacters, and scripts such as abump and aports\' CI read the plain `pkgver=` line. Remove the quotes. (atools runs this check only with APKBUILD_STYLE=leo; the aports coding style now requires it for every package.)',
    fixable: true,
    check: quotedMetadata('pkgver'),
  },
  {
    code: 'AL28',
    label: 'literal-integer-is-quoted',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a literal integer such as `pkgrel="1"` is quoted',
    docs: 'aports\' coding style says never to quote literal integers: `pkgrel=1`, `provider_priority=100`. The quotes change nothing for the shell but make the file inconsistent with the rest of aports and with what tools like apkgrel and abump write. Remove the quotes.',
    fixable: true,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const a of apkbuild.assignments) {
        // as atools (`^name=` at the start of a line): plain unconditional assignments; a quoted
        // "0" in a branch or an `export GOARCH="386"` is a string that happens to be digits
        if ((a.quoting !== 'double' && a.quoting !== 'single') || a.append || a.declaration || a.conditional) continue;
        if (!isQuotedInteger(a)) continue;
        const literal = quotedLiteral(a)!;
        out.push({
          span: a.valueSpan,
          message: `literal integers must not be quoted: ${a.name}=${literal}`,
          fix: { title: `Unquote ${a.name}`, edits: [{ span: a.valueSpan, newText: literal }] },
        });
      }
      return out;
    },
  },
];
