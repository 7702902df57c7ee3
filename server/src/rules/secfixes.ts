import { Apkbuild } from '../apkbuild/apkbuild';
import { memo } from '../apkbuild/facts';
import { SecfixesLine } from '../apkbuild/secfixes';
import { Span } from '../apkbuild/span';
import { isValidPkgver } from '../apkbuild/version';
import { Certainty, Fix, Rule, RuleFinding, Severity } from './types';

/**
 * The `# secfixes:` comment block. Three readers depend on it: abuild's check_secfixes_comment
 * (every line must be `# secfixes:`, `#   <digit>...:`, `#  +- [A-Z0-9-]...` or `#`, no tabs),
 * the secdb generator (it turns the block into YAML and requires a mapping from versions to
 * lists) and the security tracker (it reads the identifiers). The canonical form:
 *
 *   # secfixes:
 *   #   1.2.3-r0:
 *   #     - CVE-2024-12345
 *   #     - CVE-2024-12346 GHSA-xxxx-xxxx-xxxx
 *   #   0:
 *   #     - CVE-2019-0001
 *
 * A line may name several identifiers of one issue (`CVE-… XSA-…`) and end with a YAML comment
 * (`- CVE-… # (BGP)`), as aports does.
 */

const VERSION_INDENT = '   ';
const ID_INDENT = '     ';

interface Scheme {
  prefix: string;
  format: RegExp;
  example: string;
}

/** Identifier schemes found in aports' secfixes, with their exact form. Longer prefixes first. */
const SCHEMES: Scheme[] = [
  { prefix: 'CVE-', format: /^CVE-\d{4}-\d{4,}$/, example: 'CVE-2024-12345' },
  { prefix: 'GHSA-', format: /^GHSA(-[23456789cfghjmpqrvwx]{4}){3}$/, example: 'GHSA-xxxx-xxxx-xxxx (lower case)' },
  { prefix: 'GNUTLS-SA-', format: /^GNUTLS-SA-\d{4}-\d{1,2}(-\d{1,2})?$/, example: 'GNUTLS-SA-2024-01-23' },
  { prefix: 'XSA-', format: /^XSA-\d+$/, example: 'XSA-123' },
  { prefix: 'GHSL-', format: /^GHSL-\d{4}-\d+$/, example: 'GHSL-2021-045' },
  { prefix: 'RUSTSEC-', format: /^RUSTSEC-\d{4}-\d{4}$/, example: 'RUSTSEC-2020-0146' },
  { prefix: 'PYSEC-', format: /^PYSEC-\d{4}-\d+$/, example: 'PYSEC-2021-123' },
  { prefix: 'GO-', format: /^GO-\d{4}-\d{4,}$/, example: 'GO-2024-1234' },
  { prefix: 'OSV-', format: /^OSV-\d{4}-\d+$/, example: 'OSV-2020-123' },
  { prefix: 'TALOS-', format: /^TALOS-\d{4}-\d{4}$/, example: 'TALOS-2017-0499' },
  { prefix: 'ZDI-CAN-', format: /^ZDI-CAN-\d+$/, example: 'ZDI-CAN-22300' },
  { prefix: 'ZDI-', format: /^ZDI-\d{2}-\d+$/, example: 'ZDI-23-1234' },
  { prefix: 'MFSA', format: /^MFSA-?\d{4}-\d{2,}$/, example: 'MFSA-2024-01' },
  { prefix: 'VSV', format: /^VSV\d{5}$/, example: 'VSV00014' },
  { prefix: 'ZSA-', format: /^ZSA-\d{4}-\d{2,}$/, example: 'ZSA-2022-05' },
  { prefix: 'YSA-', format: /^YSA-\d{4}-\d{2,}$/, example: 'YSA-2024-01' },
  { prefix: 'TS-', format: /^TS-\d{4}-\d{3,}$/, example: 'TS-2024-005' },
  { prefix: 'DW', format: /^DW\d{6}-\d{3}$/, example: 'DW202402-001' },
  { prefix: 'ALPINE-', format: /^ALPINE-\d+$/, example: 'ALPINE-13661' },
];
const KNOWN = SCHEMES.map((s) => s.prefix.replace(/-$/, '')).join(', ');

const PKGREL = /^(.*)-r(\d+)$/;
const YAML_COMMENT = /\s+#.*$/;
const LOOKS_LIKE_ID = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9?]/;
const TOKEN = /\S+/g;
const HEADER = /^# secfixes:/;
const TAB_RUN = /\t+/g;
const STARTS_DIGIT = /^[0-9]/;
const STARTS_BLANK = /^\s/;

type Code = 'AL37' | 'AL38' | 'AL39' | 'AL40' | 'AL41' | 'AL47' | 'AL48' | 'AL50' | 'AL51' | 'AL52' | 'AL53';
type Found = RuleFinding & { code: Code };

interface Parsed {
  line: SecfixesLine;
  /** offset of the `#` */
  start: number;
  /** the blanks between `#` and the content */
  lead: Span;
  leadText: string;
  /** the content, trimmed */
  content: Span;
  contentText: string;
}

function parse(line: SecfixesLine): Parsed {
  const body = line.text.slice(1);
  const leadLength = body.length - body.trimStart().length;
  const contentText = body.trim();
  const start = line.span.start;
  const contentStart = start + 1 + leadLength;
  return {
    line,
    start,
    lead: { start: start + 1, end: contentStart },
    leadText: body.slice(0, leadLength),
    content: { start: contentStart, end: contentStart + contentText.length },
    contentText,
  };
}

const edit = (title: string, span: Span, newText: string): Fix => ({ title, edits: [{ span, newText }] });

interface Version {
  p: Parsed;
  value: string;
  span: Span;
  ids: number;
}

/** Every finding of every secfixes rule, computed once per file. */
function analyse(apkbuild: Apkbuild): Found[] {
  const secfixes = apkbuild.secfixes;
  if (!secfixes) return [];
  const out: Found[] = [];
  const [header, ...lines] = secfixes.lines;

  // the header: exactly `# secfixes:`; abuild and the secdb generator look for that text
  if (!header.text.includes(':')) {
    out.push({ code: 'AL37', span: header.span, message: 'the secfixes header is missing its colon: `# secfixes:`', fix: edit('Write `# secfixes:`', header.span, '# secfixes:') });
  } else if (!HEADER.test(header.text)) {
    out.push({ code: 'AL53', span: header.span, message: `the secfixes header must be written \`# secfixes:\`, not \`${header.text.trim()}\``, fix: edit('Write `# secfixes:`', header.span, '# secfixes:') });
  }

  const versions = new Map<string, Version>();
  let current: Version | undefined;
  const closeVersion = () => {
    if (current && current.ids === 0) {
      out.push({ code: 'AL52', span: current.span, message: `secfixes version ${current.value} lists no identifiers` });
    }
  };

  for (const line of lines) {
    const p = parse(line);
    const hasTab = line.text.includes('\t');
    if (hasTab) out.push(tabFinding(p, line.kind));

    if (line.kind === 'version' && STARTS_DIGIT.test(p.contentText)) {
      closeVersion();
      const colon = p.contentText.indexOf(':');
      const value = colon === -1 ? p.contentText.replace(YAML_COMMENT, '') : p.contentText.slice(0, colon).trimEnd();
      const span = { start: p.content.start, end: p.content.start + value.length };
      current = { p, value, span, ids: 0 };
      if (colon === -1) {
        out.push({ code: 'AL37', span, message: `secfixes version ${value} is missing its colon`, fix: edit('Add the colon', { start: span.end, end: span.end }, ':') });
      } else if (p.contentText.slice(colon + 1).replace(YAML_COMMENT, '').trim() !== '') {
        const rest = { start: p.content.start + colon + 1, end: p.content.end };
        out.push({ code: 'AL53', span: rest, message: `unexpected text after the colon of secfixes version ${value}: the identifiers go on the lines below, as \`- ID\`` });
      }
      checkVersion(value, span, out);
      const seen = versions.get(value);
      if (seen) out.push({ code: 'AL51', span, message: `secfixes version ${value} is listed twice (also on line ${apkbuild.lines.lineOf(seen.span.start) + 1})` });
      else versions.set(value, current);
      if (!hasTab && p.leadText !== VERSION_INDENT) out.push(indentFinding(p, VERSION_INDENT, 'a version line'));
      continue;
    }

    if (line.kind === 'id') {
      const afterHyphen = p.contentText.slice(1);
      if (afterHyphen !== '' && !STARTS_BLANK.test(afterHyphen)) {
        const at = p.content.start + 1;
        out.push({ code: 'AL50', span: { start: p.content.start, end: p.content.start + 1 }, message: 'a secfixes identifier line needs a space after its hyphen: `- ID`', fix: edit('Add the space', { start: at, end: at }, ' ') });
      }
      if (!current) {
        out.push({ code: 'AL53', span: p.content, message: 'secfixes identifier outside a version: put it under a `#   <pkgver>-r<pkgrel>:` line' });
      } else {
        current.ids++;
      }
      const ids = afterHyphen.replace(YAML_COMMENT, '');
      if (ids.trim() === '') {
        out.push({ code: 'AL53', span: p.content, message: 'empty secfixes identifier' });
      } else {
        checkIdentifiers(ids, p.content.start + 1, out);
      }
      if (!hasTab && p.leadText !== ID_INDENT) out.push(indentFinding(p, ID_INDENT, 'an identifier line'));
      continue;
    }

    // neither a version nor `- ID`
    if (LOOKS_LIKE_ID.test(p.contentText) && !p.contentText.includes(':')) {
      out.push({
        code: 'AL50',
        span: p.content,
        message: `secfixes identifier ${p.contentText.split(/\s/)[0]} is missing its leading \`- \``,
        fix: edit('Write it as `- ID`', { start: p.lead.start, end: p.content.start }, `${ID_INDENT}- `),
      });
      if (current) current.ids++;
      else out.push({ code: 'AL53', span: p.content, message: 'secfixes identifier outside a version: put it under a `#   <pkgver>-r<pkgrel>:` line' });
      checkIdentifiers(p.contentText.replace(YAML_COMMENT, ''), p.content.start, out);
      continue;
    }
    out.push({ code: 'AL53', span: p.content.end > p.content.start ? p.content : line.span, message: `not a secfixes line: \`${line.text.trim()}\` (expected \`#   <pkgver>-r<pkgrel>:\` or \`#     - ID\`)` });
  }
  closeVersion();
  return out;
}

function checkVersion(value: string, span: Span, out: Found[]): void {
  if (value === '0') return;
  const m = PKGREL.exec(value);
  if (m) {
    if (!isValidPkgver(m[1])) out.push({ code: 'AL38', span, message: `secfixes version ${value}: ${m[1]} is not a valid apk version` });
    return;
  }
  const hyphen = value.indexOf('-');
  if (hyphen !== -1) {
    out.push({ code: 'AL39', span, message: `secfixes version ${value}: the release must be written -r<pkgrel> (e.g. ${value.slice(0, hyphen)}-r0)` });
    if (!isValidPkgver(value.slice(0, hyphen))) out.push({ code: 'AL38', span, message: `secfixes version ${value}: ${value.slice(0, hyphen)} is not a valid apk version` });
    return;
  }
  out.push({ code: 'AL39', span, message: `secfixes version ${value} has no -r<pkgrel>: write the full version of the fixed package (e.g. ${value}-r0), or 0 if it was never affected` });
  if (!isValidPkgver(value)) out.push({ code: 'AL38', span, message: `secfixes version ${value} is not a valid apk version` });
}

function checkIdentifiers(ids: string, offset: number, out: Found[]): void {
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(ids))) {
    const id = m[0];
    const span = { start: offset + m.index, end: offset + m.index + id.length };
    const upper = id.toUpperCase();
    const scheme = schemeOf(upper);
    if (scheme) {
      if (!scheme.format.test(id)) out.push({ code: 'AL40', span, message: `malformed security identifier ${id} (expected the form ${scheme.example})` });
    } else {
      out.push({ code: 'AL47', span, message: `unknown kind of security identifier ${id} (known: ${KNOWN})` });
    }
  }
}

function schemeOf(upper: string): Scheme | undefined {
  for (const s of SCHEMES) if (upper.startsWith(s.prefix)) return s;
  return undefined;
}

function indentFinding(p: Parsed, indent: string, what: string): Found {
  return {
    code: 'AL41',
    span: { start: p.start, end: p.content.start },
    message: `${what} of secfixes is indented by ${p.leadText.length} space${p.leadText.length === 1 ? '' : 's'} instead of ${indent.length}`,
    fix: edit('Fix the indentation', p.lead, indent),
  };
}

function tabFinding(p: Parsed, kind: SecfixesLine['kind']): Found {
  const edits = [];
  const text = p.line.text;
  TAB_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  let first: Span | undefined;
  while ((m = TAB_RUN.exec(text))) {
    const span = { start: p.start + m.index, end: p.start + m.index + m[0].length };
    first ??= span;
    if (span.start >= p.lead.start && span.end <= p.lead.end) continue; // the indentation is rewritten whole
    edits.push({ span, newText: ' ' });
  }
  if (p.leadText.includes('\t')) {
    const indent = kind === 'version' ? VERSION_INDENT : kind === 'id' ? ID_INDENT : p.leadText.replace(/\t/g, ' ');
    edits.push({ span: p.lead, newText: indent });
  }
  return { code: 'AL48', span: first!, message: 'tab in the secfixes comment: abuild rejects it, use spaces', fix: { title: 'Replace the tabs with spaces', edits } };
}

/** The findings of every secfixes rule, by rule, computed once per file. */
function byCode(apkbuild: Apkbuild): Map<Code, RuleFinding[]> {
  const holder = memo(apkbuild, 'secfixes:findings', newHolder);
  if (!holder.map) {
    const map = new Map<Code, RuleFinding[]>();
    for (const { code, ...f } of analyse(apkbuild)) {
      const list = map.get(code);
      if (list) list.push(f);
      else map.set(code, [f]);
    }
    holder.map = map;
  }
  return holder.map;
}

const newHolder = (): { map?: Map<Code, RuleFinding[]> } => ({});

function findings(apkbuild: Apkbuild, code: Code): RuleFinding[] {
  if (!apkbuild.secfixes) return [];
  const list = byCode(apkbuild).get(code);
  // a copy: the caller owns what it gets
  return list ? list.slice() : [];
}

function rule(code: Code, label: string, severity: Severity, certainty: Certainty, fixable: boolean, summary: string, docs: string): Rule {
  return { code, label, severity, certainty, fixable, summary, docs, check: (apkbuild) => findings(apkbuild, code) };
}

const FORM =
  ' The block is `# secfixes:`, then for each fixed release a line `#   <pkgver>-r<pkgrel>:` (three spaces, or `#   0:` ' +
  'for issues that never affected the package) followed by its identifiers as `#     - CVE-YYYY-NNNN` (five spaces).';

export const rules: Rule[] = [
  rule(
    'AL37', 'secfixes-missing-colon', 'serious', 'certain', true,
    'the secfixes header or a version line has no colon',
    'Without the colon abuild rejects the block ("secfixes comment is not valid") and the secdb generator reads a ' +
      'plain string instead of a version mapping, which breaks the security database of the whole repository. ' +
      'Add the colon.' + FORM,
  ),
  rule(
    'AL38', 'secfixes-invalid-version', 'important', 'certain', false,
    'a secfixes version is not a valid apk version',
    'The version of a secfixes entry is compared with installed packages by apk and by the security tracker; it must ' +
      'be a valid apk version (`1.2.3`, `1.2_rc1`, `2.3a`, but not `1.2p1` or `v1.2`). Write the pkgver the package had ' +
      'when the fix went in.' + FORM,
  ),
  rule(
    'AL39', 'secfixes-invalid-pkgrel', 'important', 'certain', false,
    'a secfixes version has no -r<pkgrel>, or a malformed one',
    'A secfixes version names the exact package that carries the fix, `<pkgver>-r<pkgrel>` (`1.2.3-r1`), or `0` ' +
      'when the issue never affected the package. Without the release (`1.2.3:`) or with another form (`1.2.3-1`) ' +
      'the secdb compares the wrong versions and scanners may report a fixed package as vulnerable.' + FORM,
  ),
  rule(
    'AL40', 'secfixes-invalid-identifier', 'important', 'certain', false,
    'a security identifier of a known kind is malformed',
    'Identifiers of a known kind must have its exact form: CVE-YYYY-NNNN (four or more digits), GHSA-xxxx-xxxx-xxxx ' +
      '(lower-case letters and digits), XSA-N, GNUTLS-SA-YYYY-MM-DD, and so on. A placeholder (`CVE-????-?????`) or a ' +
      'mangled identifier (`CVE-46838`) can not be matched by the security tracker and scanners; abuild also rejects ' +
      'an identifier that does not start with an upper-case letter or a digit.',
  ),
  rule(
    'AL41', 'secfixes-wrong-indent', 'minor', 'certain', true,
    'a secfixes line is not indented the standard way',
    'Version lines are indented by three spaces after the `#` and identifier lines by five (`#   1.2-r0:`, ' +
      '`#     - CVE-…`). abuild rejects version lines indented otherwise; other tools and people expect the standard ' +
      'layout for identifiers.' + FORM,
  ),
  rule(
    'AL47', 'secfixes-unknown-identifier', 'minor', 'possible', false,
    'a secfixes identifier is of no known kind',
    `Identifiers are expected to be of a kind the security tracker knows (${KNOWN}). Another kind may be a typo or a ` +
      'private reference no one can look up: prefer the CVE (or GHSA) of the issue, and keep other references next to it ' +
      'on the same line (`- CVE-2024-1234 FOO-2024-1`).',
  ),
  rule(
    'AL48', 'secfixes-tab', 'serious', 'certain', true,
    'the secfixes comment has a tab',
    'abuild refuses a secfixes comment with tabs ("secfixes comment must not have tabs"), and YAML does not allow ' +
      'tabs for indentation. Use spaces.' + FORM,
  ),
  rule(
    'AL50', 'secfixes-missing-hyphen', 'serious', 'certain', true,
    'a secfixes identifier is not written as a `- ID` list item',
    'Each identifier is an item of its version\'s list: `#     - CVE-2024-12345`, hyphen and space included. Without ' +
      'them the line is not part of the list, abuild rejects the block and the secdb generator fails.' + FORM,
  ),
  rule(
    'AL51', 'secfixes-duplicate-version', 'important', 'certain', false,
    'a version is listed twice in secfixes',
    'Every version appears once in the secfixes block: a YAML mapping can not have the same key twice, and the secdb ' +
      'generator keeps only one of the lists. Merge the identifiers under one version line.',
  ),
  rule(
    'AL52', 'secfixes-empty-version', 'serious', 'certain', false,
    'a secfixes version lists no identifiers',
    'A version line must be followed by the identifiers it fixes. An empty one reads as a null in YAML, which the ' +
      'secdb generator refuses ("not a table"). List the identifiers or remove the version line.',
  ),
  rule(
    'AL53', 'secfixes-malformed-line', 'serious', 'certain', true,
    'a line of the secfixes block is neither a version nor an identifier',
    'Everything from `# secfixes:` to the end of the comment block is read as secfixes: abuild accepts only the ' +
      'header, version lines, identifier lines and empty `#` lines there ("secfixes comment is not valid"). Put other ' +
      'comments elsewhere (separate them with an empty line), and keep identifiers under a version.' + FORM,
  ),
];
