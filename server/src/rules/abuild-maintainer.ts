import { Person } from '../apkbuild/facts';
import { FILE_START } from './abuild-metadata';
import { Rule, RuleFinding } from './types';

// The maintainer as abuild reads it (get_maintainer, check_maintainer) and aports expects it.

/** `Name <local@domain.tld>`: a display name, one space, an address in angle brackets. */
const RFC822 = /^[^\s<>"](?:[^<>"]*[^\s<>"])? <[^\s<>@"]+@[^\s<>@"]+\.[^\s<>@"]+>$/;

function problemOf(p: Person): string | undefined {
  const m = p.text;
  if (m !== m.trim()) return 'has leading or trailing space';
  if (m.startsWith('"') || m.endsWith('"')) return 'has a leading or trailing quote';
  if (!m.includes('<')) return 'has no <address>';
  if (!RFC822.test(m)) return 'is not a valid RFC 822 address (`Full Name <user@example.org>`)';
  return undefined;
}

/** The people named, without the explicitly empty `# Maintainer:` comment of unmaintained packages. */
function named(people: Person[]): Person[] {
  return people.filter((p) => p.text.trim() !== '');
}

/** For comparing two declarations of the same person: blanks and stray quotes do not count. */
function normalized(text: string): string {
  return text.replace(/["'\s]+/g, ' ').trim().toLowerCase();
}

export const rules: Rule[] = [
  {
    code: 'AB49',
    label: 'multiple-maintainers',
    severity: 'serious',
    certainty: 'certain',
    summary: 'more than one `# Maintainer:` comment, or a maintainer variable that names someone else than the comment',
    docs: 'A package has exactly one maintainer. abuild stops with "More than one maintainer" when it finds two `# Maintainer:` lines; while aports moves from the comment to the `maintainer=` variable both may be present, but they must name the same person. Keep one maintainer; others can be `# Contributor:` lines.',
    fixable: false,
    check(apkbuild) {
      // the usual cases: at most one comment, and every named variable (usually one) written
      // exactly as the first named comment: nothing differs once normalized
      let commentCount = 0;
      let firstComment: Person | undefined;
      let firstVariable: Person | undefined;
      let variablesDiffer = false;
      for (const p of apkbuild.maintainers) {
        const isNamed = p.text.trim() !== '';
        if (p.from === 'comment') {
          commentCount++;
          if (isNamed) firstComment ??= p;
        } else if (isNamed) {
          if (!firstVariable) firstVariable = p;
          else if (p.text !== firstVariable.text) variablesDiffer = true;
        }
      }
      if (commentCount <= 1 && (!firstVariable || (!variablesDiffer && (!firstComment || firstComment.text === firstVariable.text)))) return [];
      const out: RuleFinding[] = [];
      const comments = apkbuild.maintainers.filter((p) => p.from === 'comment');
      comments.slice(1).forEach((p) => out.push({ span: p.span, message: 'more than one # Maintainer: line (make the others # Contributor:)' }));
      const variables = named(apkbuild.maintainers.filter((p) => p.from === 'variable'));
      const texts = new Set(variables.map((p) => normalized(p.text)));
      if (texts.size > 1) out.push({ span: variables[variables.length - 1].span, message: 'maintainer is set to different people' });
      const comment = named(comments)[0];
      if (comment && variables.length && !texts.has(normalized(comment.text))) {
        out.push({ span: variables[0].span, message: `maintainer "${variables[0].text}" is not the # Maintainer: "${comment.text}"` });
      }
      return out;
    },
  },
  {
    code: 'AB50',
    label: 'missing-maintainer',
    severity: 'minor',
    certainty: 'certain',
    summary: 'neither a `maintainer=` variable nor a `# Maintainer:` comment',
    docs: 'abuild warns "No maintainer" and the package lands without one in the index. Add `maintainer="Full Name <user@example.org>"` (or the `# Maintainer:` comment). aports marks a package nobody maintains with an explicitly empty `# Maintainer:` line, which this rule accepts.',
    fixable: false,
    check(apkbuild) {
      const declared = apkbuild.maintainers;
      for (const p of declared) if (p.from === 'comment' || p.text.trim() !== '') return [];
      const empty = declared.find((p) => p.from === 'variable');
      return [{ span: empty ? empty.span : FILE_START, message: empty ? 'maintainer is empty' : 'no maintainer: add maintainer="Full Name <user@example.org>"' }];
    },
  },
  {
    code: 'AB51',
    label: 'invalid-maintainer',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the maintainer is not an RFC 822 `Full Name <user@example.org>`',
    docs: 'abuild checks the maintainer for the form `Name <user@host.tld>` and stops with "Provide a valid RFC822 maintainer address" otherwise; leading or trailing blanks and quotes are refused too.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const p of apkbuild.maintainers) {
        // named(): not the explicitly empty `# Maintainer:`
        if (p.text.trim() === '') continue;
        const why = problemOf(p);
        if (why) out.push({ span: p.span, message: `maintainer "${p.text}" ${why}` });
      }
      return out;
    },
  },
];
