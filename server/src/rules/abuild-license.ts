import { Apkbuild } from '../apkbuild/apkbuild';
import { valueOf } from '../apkbuild/facts';
import { Span } from '../apkbuild/span';
import { defOf, hasOption, isAssigned } from './abuild-metadata';
import { Rule, RuleFinding } from './types';
import { detached } from '../detached';

// `license` as abuild's check_license reads it (every word, split on blanks and parentheses, must
// be AND, OR, WITH, LicenseRef-*, AdditionRef-* or a name of the SPDX list) and as an SPDX
// expression parser reads it. The SPDX data comes from the maintained npm packages.

/* eslint-disable @typescript-eslint/no-require-imports */
const spdxParse = require('spdx-expression-parse') as (expression: string) => unknown;
const LICENSE_IDS: readonly string[] = require('spdx-license-ids');
const DEPRECATED_IDS: readonly string[] = require('spdx-license-ids/deprecated.json');
/* eslint-enable @typescript-eslint/no-require-imports */

/** Every license id of the SPDX list, current and deprecated (abuild's license.lst has both). */
const LICENSES = new Set([...LICENSE_IDS, ...DEPRECATED_IDS]);
const LICENSES_LOWER = new Map<string, string>();
for (const id of LICENSES) LICENSES_LOWER.set(id.toLowerCase(), id);

const exceptionCache = new Map<string, boolean>();

/** Whether `id` is an SPDX license exception (asked of the parser, which carries the exception list). */
function isException(id: string): boolean {
  let known = exceptionCache.get(id);
  if (known === undefined) {
    known = false;
    if (/^[A-Za-z0-9.-]+$/.test(id) && !LICENSES.has(id)) {
      try {
        spdxParse(`MIT WITH ${id}`);
        known = true;
      } catch {
        known = false;
      }
    }
    exceptionCache.set(detached(id), known);
  }
  return known;
}

const OPERATORS = new Set(['AND', 'OR', 'WITH']);
const REF = /^(?:LicenseRef|AdditionRef)-/;
const TOKEN = /[^\s()]+/g;

interface Token {
  text: string;
  /** where it is written, when the value is a plain literal */
  span?: Span;
}

interface LicenseValue {
  value: string;
  /** the whole value as written */
  span: Span;
  tokens: Token[];
}

/** The license value the rules check, without its words: undefined when there is none to check. */
function checkedValue(apkbuild: Apkbuild): string | undefined {
  const value = valueOf(apkbuild, 'license');
  if (value === undefined || value.trim() === '' || value.includes('$') || !isAssigned(apkbuild, 'license')) return undefined;
  if (hasOption(apkbuild, '!spdx')) return undefined;
  return value;
}

interface Verdict {
  /** how many words */
  words: number;
  /** some word is of kind 'unknown' */
  unknown: boolean;
  /** structureProblem's answer, when every word is known */
  structure?: string;
}

const verdicts = new Map<string, Verdict>();
/** the last value asked about (AB52 and AB53 ask about the same one in a row) */
let lastValue: string | undefined;
let lastVerdict: Verdict | undefined;

/** What AB52 and AB53 think of a license value, by its words alone (remembered: many packages share one). */
function verdictOf(value: string): Verdict {
  if (value === lastValue) return lastVerdict!;
  let v = verdicts.get(value);
  if (v) {
    lastValue = value;
    lastVerdict = v;
    return v;
  }
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(value))) tokens.push({ text: m[0] });
  const unknown = tokens.some((t) => kindOf(t.text) === 'unknown');
  v = { words: tokens.length, unknown, structure: !unknown && tokens.length > 0 ? structureProblem(tokens, value) : undefined };
  if (verdicts.size < 10000) verdicts.set(detached(value), v);
  lastValue = value;
  lastVerdict = v;
  return v;
}

/** The expanded license and its words, with exact spans when nothing in it was expanded. */
function licenseOf(apkbuild: Apkbuild): LicenseValue | undefined {
  if (hasOption(apkbuild, '!spdx')) return undefined;
  const def = defOf(apkbuild, 'license');
  const value = valueOf(apkbuild, 'license');
  if (!def || value === undefined || value.trim() === '' || value.includes('$')) return undefined;
  const literal = def.parts.length === 1 && def.parts[0].kind === 'literal' && def.parts[0].quote !== 'ansi' && def.parts[0].quote !== 'escape' && !def.raw.includes('\\') ? def.parts[0] : undefined;
  // as in the model's list items: a double-quoted literal's span starts at its text, a single-quoted one at the quote
  const base = literal ? literal.span.start + (literal.quote === 'single' ? 1 : 0) : undefined;
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(value))) {
    tokens.push({ text: m[0], span: base === undefined ? undefined : { start: base + m.index, end: base + m.index + m[0].length } });
  }
  return { value, span: def.valueSpan, tokens };
}

function kindOf(token: string): 'operator' | 'license' | 'exception' | 'ref' | 'unknown' {
  if (OPERATORS.has(token)) return 'operator';
  if (REF.test(token)) return 'ref';
  if (LICENSES.has(token) || (token.endsWith('+') && LICENSES.has(token.slice(0, -1)))) return 'license';
  if (isException(token)) return 'exception';
  return 'unknown';
}

function isCustom(word: string): boolean {
  const lower = word.toLowerCase();
  return lower === 'custom' || lower.startsWith('custom:');
}

function unknownFinding(t: Token, whole: Span): RuleFinding {
  const span = t.span ?? whole;
  const lower = t.text.toLowerCase();
  if (OPERATORS.has(t.text.toUpperCase())) {
    const upper = t.text.toUpperCase();
    return { span, message: `write the license operator in upper case: ${upper}`, fix: t.span ? { title: `Write ${upper}`, edits: [{ span: t.span, newText: upper }] } : undefined };
  }
  if (isCustom(t.text)) {
    return { span, message: `"${t.text}" is not an SPDX license: write a license that is not on the SPDX list as LicenseRef-<name>` };
  }
  const cased = LICENSES_LOWER.get(lower);
  if (cased) {
    return { span, message: `"${t.text}" is not a known SPDX license: SPDX writes it ${cased}`, fix: t.span ? { title: `Write ${cased}`, edits: [{ span: t.span, newText: cased }] } : undefined };
  }
  return { span, message: `"${t.text}" is not a known SPDX license identifier (see https://spdx.org/licenses; LicenseRef-<name> for others)` };
}

const structureCache = new Map<string, string | undefined>();

/** A short reason why a sequence of known words is not an SPDX expression (cached by value: many packages share one). */
function structureProblem(tokens: Token[], value: string): string | undefined {
  if (structureCache.has(value)) return structureCache.get(value);
  const why = computeStructureProblem(tokens, value);
  if (structureCache.size < 10000) structureCache.set(detached(value), why);
  return why;
}

function computeStructureProblem(tokens: Token[], value: string): string | undefined {
  // the parser wants single spaces; placeholders keep its answer independent of the ids themselves
  const normalized = tokens
    .map((t) => ({ t, k: kindOf(t.text) }))
    .map(({ t, k }) => (k === 'license' ? 'MIT' : k === 'exception' ? 'Classpath-exception-2.0' : k === 'ref' ? (t.text.startsWith('AdditionRef-') ? 'Classpath-exception-2.0' : 'LicenseRef-x') : t.text));
  const withParens = value.replace(/[()]/g, ' $& ').split(/\s+/).filter(Boolean);
  let i = 0;
  const rebuilt = withParens.map((w) => (w === '(' || w === ')' ? w : normalized[i++])).join(' ');
  if (parses(rebuilt)) return undefined;
  for (let k = 0; k < tokens.length; k++) {
    const kind = kindOf(tokens[k].text);
    const prev = k > 0 ? kindOf(tokens[k - 1].text) : undefined;
    if (kind === 'exception' && tokens[k - 1]?.text !== 'WITH') return `${tokens[k].text} is a license exception: write it after WITH`;
    if ((kind === 'license' || (kind === 'ref' && !tokens[k].text.startsWith('AdditionRef-'))) && tokens[k - 1]?.text === 'WITH') return `${tokens[k].text} is a license, not an exception: only an exception can follow WITH`;
    if ((kind === 'license' || kind === 'ref') && (prev === 'license' || prev === 'ref' || prev === 'exception')) return `${tokens[k - 1].text} and ${tokens[k].text} must be joined with AND or OR`;
  }
  const opens = (value.match(/\(/g) ?? []).length;
  const closes = (value.match(/\)/g) ?? []).length;
  if (opens !== closes) return 'unbalanced parentheses';
  const last = tokens[tokens.length - 1]?.text;
  if (last && OPERATORS.has(last)) return `it ends with ${last}`;
  if (tokens[0] && OPERATORS.has(tokens[0].text)) return `it starts with ${tokens[0].text}`;
  return 'operators and licenses do not alternate';
}

const parseCache = new Map<string, boolean>();

/** Whether the SPDX parser takes an expression of placeholders (remembered: the license values of a
 * tree come down to far fewer shapes, `MIT`, `MIT AND MIT`, ...). */
function parses(expression: string): boolean {
  let ok = parseCache.get(expression);
  if (ok === undefined) {
    try {
      spdxParse(expression);
      ok = true;
    } catch {
      ok = false;
    }
    if (parseCache.size < 10000) parseCache.set(detached(expression), ok);
  }
  return ok;
}

export const rules: Rule[] = [
  {
    code: 'AB52',
    label: 'unknown-license',
    severity: 'minor',
    certainty: 'certain',
    summary: 'a word of license is not an SPDX license id, exception, operator, LicenseRef-* or AdditionRef-*',
    docs: 'license is an SPDX license expression. abuild checks every word against the SPDX license list and warns "<word> is not a known license" (`options="!spdx"` turns the check off). Use the SPDX identifier (`GPL-2.0-or-later`, `MIT`), upper-case AND/OR/WITH, and `LicenseRef-<name>` for a license that is not on the list (instead of the old `custom`). The fix corrects the case of operators and identifiers.',
    fixable: true,
    check(apkbuild) {
      // a finding needs a word of kind 'unknown'
      const value = checkedValue(apkbuild);
      if (value === undefined || !verdictOf(value).unknown) return [];
      const lic = licenseOf(apkbuild);
      if (!lic) return [];
      const out: RuleFinding[] = [];
      let run: Token[] = [];
      const flush = () => {
        if (run.length === 1) out.push(unknownFinding(run[0], lic.span));
        else if (run.length > 1) {
          const words = run.map((t) => t.text).join(' ');
          const span = run[0].span && run[run.length - 1].span ? { start: run[0].span.start, end: run[run.length - 1].span!.end } : lic.span;
          out.push({ span, message: `"${words}" is not an SPDX license expression (see https://spdx.org/licenses; LicenseRef-<name> for others)` });
        }
        run = [];
      };
      for (const t of lic.tokens) {
        const kind = kindOf(t.text);
        // a misspelled operator or id gets its own finding (and fix); other unknown words in a row are one phrase
        if (kind === 'unknown' && !OPERATORS.has(t.text.toUpperCase()) && !LICENSES_LOWER.has(t.text.toLowerCase()) && !isCustom(t.text)) run.push(t);
        else {
          flush();
          if (kind === 'unknown') out.push(unknownFinding(t, lic.span));
        }
      }
      flush();
      return out;
    },
  },
  {
    code: 'AB53',
    label: 'invalid-license-expression',
    severity: 'minor',
    certainty: 'certain',
    summary: 'license is made of SPDX ids but is not a valid SPDX expression',
    docs: 'An SPDX expression joins licenses with AND (all apply) or OR (a choice), attaches an exception with WITH (`GPL-2.0-or-later WITH Classpath-exception-2.0`) and groups with parentheses. A plain list of ids (`MIT Apache-2.0`) or an exception joined with AND is not valid: tools that read the package metadata (SBOM generators, license scanners) can not parse it. Say how the licenses combine.',
    fixable: false,
    check(apkbuild) {
      const value = checkedValue(apkbuild);
      if (value === undefined) return [];
      const verdict = verdictOf(value);
      if (verdict.words === 0 || verdict.unknown) return [];
      const why = verdict.structure;
      return why ? [{ span: defOf(apkbuild, 'license')!.valueSpan, message: `license is not a valid SPDX expression: ${why}` }] : [];
    },
  },
];
