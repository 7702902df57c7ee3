import { localSourceFiles } from './initd';
import { Rule, RuleFinding } from './types';

/** The first line of a diff: unified/context headers, `diff` commands, svn/cvs `Index:` lines. */
const DIFF_START = /^(diff |--- |\+\+\+ |\*\*\* |Index: |={5,}|@@ )/;

export const rules: Rule[] = [
  {
    code: 'AL56',
    label: 'missing-patch-description',
    severity: 'style',
    certainty: 'certain',
    summary: 'a local patch starts with the diff itself, without a description',
    docs:
      'A patch in aports should say what it changes and why, and where it comes from (an upstream commit or merge ' +
      'request, another distribution) or whether it was sent upstream: whoever upgrades the package next must ' +
      'decide whether it is still needed. Put that text above the diff (`git format-patch` does, with its From/' +
      'Subject header; `patch` ignores everything before the first `---`/`diff` line). Only `*.patch` sources of ' +
      'the package directory are read.',
    fixable: false,
    check(apkbuild, context) {
      const out: RuleFinding[] = [];
      for (const { source, name, text } of localSourceFiles(apkbuild, context, '.patch')) {
        // the first line that is not blank decides
        let line = 0;
        let pos = 0;
        while (pos < text.length) {
          const nl = text.indexOf('\n', pos);
          const l = text.slice(pos, nl === -1 ? text.length : nl);
          if (l.trim() !== '') {
            if (DIFF_START.test(l)) out.push({ span: source.span, message: `${name}: the patch has no description: say above the diff what it does and why, and where it comes from`, file: { name, line } });
            break;
          }
          if (nl === -1) break;
          pos = nl + 1;
          line++;
        }
      }
      return out;
    },
  },
];
