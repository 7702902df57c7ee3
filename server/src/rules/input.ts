import { Rule } from './types';

/** Problems with the file itself. Binary and non-UTF-8 content is found by lint before parsing. */
export const rules: Rule[] = [
  {
    code: 'AB1',
    label: 'not-text',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the file is not UTF-8 text (binary data or invalid UTF-8)',
    docs: 'An APKBUILD is a shell script read by abuild. A file with NUL bytes or invalid UTF-8 is almost always a corrupt or wrong file; it is not parsed, and no other rule runs on it.',
    fixable: false,
    check: () => [],
  },
  {
    code: 'AB2',
    label: 'syntax-error',
    severity: 'serious',
    certainty: 'certain',
    summary: 'shell syntax abuild cannot source: an unclosed quote, substitution, block or heredoc',
    docs: 'abuild sources the APKBUILD with /bin/sh; an unclosed quote, `$(`, `${`, `if` without `fi`, `case` without `esac`, a loop without `done` or a heredoc without its end line makes every build fail. Everything else in the file is still read and checked.',
    fixable: false,
    check(apkbuild) {
      const problems = apkbuild.syntaxProblems;
      if (problems.length === 0) return [];
      return problems.map((p) => ({ span: p.span, message: p.message }));
    },
  },
];
