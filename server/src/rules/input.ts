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
    certainty: 'possible',
    summary: 'shell syntax the parser cannot read (unbalanced quotes, braces, a missing `fi`)',
    docs: 'tree-sitter-bash could not parse this part of the file. abuild would most likely fail to source it too. Facts elsewhere in the file are still read and checked.',
    fixable: false,
    check(apkbuild) {
      return apkbuild.errors.slice(0, 5).map((span) => {
        const line = apkbuild.lines.lineOf(span.start);
        const end = Math.min(span.end, apkbuild.lines.lineEnd(line));
        return { span: { start: span.start, end: Math.max(end, span.start) }, message: `cannot parse the shell code from line ${line + 1}` + (span.end > apkbuild.lines.lineEnd(line) ? ` to line ${apkbuild.lines.lineOf(span.end) + 1}` : '') };
      });
    },
  },
];
