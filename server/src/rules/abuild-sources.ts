import { Apkbuild } from '../apkbuild/apkbuild';
import { ChecksumBlock, ChecksumLine } from '../apkbuild/checksums';
import { assignmentsOf, definitionOf, valueOf } from '../apkbuild/facts';
import { Assignment, ListItem } from '../apkbuild/model';
import { Span } from '../apkbuild/span';
import { FILE_START, perApkbuild, refersToUnassigned } from './abuild-metadata';
import { forbiddenFilenameChars, packageFileExists, packageFiles } from './abuild-subpackages';
import { Rule, RuleFinding, TextEdit } from './types';

// source and sha512sums as abuild reads them (filename_from_uri, is_remote, default_validate,
// default_fetch, checksum).

/** abuild's filename_from_uri(): the part before the first `::`, then its last path segment. */
export function sourceFileName(entry: string): string {
  const sep = entry.indexOf('::');
  const name = sep === -1 ? entry : entry.slice(0, sep);
  return name.slice(name.lastIndexOf('/') + 1);
}

const REMOTE = /^(?:https?|ftp):\/\//;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** abuild's is_remote(): what follows the first `::` (or the entry) starts with http://, https:// or ftp://. */
export function isRemoteSource(entry: string): boolean {
  const sep = entry.indexOf('::');
  return REMOTE.test(sep === -1 ? entry : entry.slice(sep + 2));
}

interface Source {
  item: ListItem;
  value: string;
  fileName: string;
  remote: boolean;
}

interface SourceFacts {
  /** the defining assignment's entries whose value is known */
  sources: Source[];
  /** every entry of the definition is known and no other assignment changes `source` */
  complete: boolean;
  /** file names of every known entry of every top-level `source` assignment */
  possibleNames: Set<string>;
  /** some entry somewhere has an unknown value */
  anyUnknown: boolean;
}

function knownValue(apkbuild: Apkbuild, item: ListItem): string | undefined {
  return item.value === undefined || item.value === '' || item.value.includes('$') || refersToUnassigned(apkbuild, item.text, item.span.start) ? undefined : item.value;
}

const sourceFacts = perApkbuild(computeSourceFacts);

function computeSourceFacts(apkbuild: Apkbuild): SourceFacts {
  const def = definitionOf(apkbuild, 'source');
  const all = assignmentsOf(apkbuild, 'source');
  const sources: Source[] = [];
  let complete = !!def && all.length === 1 && !def.conditional;
  for (const item of def?.items ?? []) {
    const value = knownValue(apkbuild, item);
    if (value === undefined) {
      complete = false;
      continue;
    }
    sources.push({ item, value, fileName: sourceFileName(value), remote: isRemoteSource(value) });
  }
  const possibleNames = new Set<string>();
  let anyUnknown = false;
  for (const a of all) {
    for (const item of a.items) {
      const value = knownValue(apkbuild, item);
      if (value === undefined) anyUnknown = true;
      else possibleNames.add(sourceFileName(value));
    }
  }
  if (apkbuild.functionAssignments.some((a) => a.name === 'source')) anyUnknown = true;
  return { sources, complete, possibleNames, anyUnknown };
}

/** The checksum block abuild uses: `${sha512sums:-$sha256sums}`. */
function activeBlock(apkbuild: Apkbuild): ChecksumBlock | undefined {
  const last = (kind: string) => [...apkbuild.checksums].reverse().find((b) => b.kind === kind);
  const sha512 = last('sha512sums');
  if (sha512 && valueOf(apkbuild, 'sha512sums') !== '') return sha512;
  const sha256 = last('sha256sums');
  if (sha256 && valueOf(apkbuild, 'sha256sums') !== '') return sha256;
  return sha512 ?? sha256;
}

const HASH_LENGTH: Record<string, number> = { sha512sums: 128, sha256sums: 64, sha1sums: 40, md5sums: 32 };
const LINE = /^(\S+)(\s+)(.*)$/;
const HEX = /^[0-9a-f]+$/;

interface ParsedLine {
  line: ChecksumLine;
  /** the file name after the shell expanded the block (`$pkgname-$pkgver.tar.gz`); undefined when unknown */
  name: string | undefined;
  hash: string;
  separator: string;
  separatorSpan: Span;
  fileName: string;
  fileNameSpan: Span;
}

function parseLine(apkbuild: Apkbuild, line: ChecksumLine): ParsedLine | undefined {
  const content = apkbuild.text.slice(line.span.start, line.span.end);
  const m = LINE.exec(content);
  if (!m) return undefined;
  const sepStart = line.span.start + m[1].length;
  const nameStart = sepStart + m[2].length;
  return {
    line,
    name: m[3].includes('$') ? undefined : m[3],
    hash: m[1],
    separator: m[2],
    separatorSpan: { start: sepStart, end: nameStart },
    fileName: m[3],
    fileNameSpan: { start: nameStart, end: line.span.end },
  };
}

/**
 * The lines of a block, each with its expanded file name: a name written with `$pkgname` in a
 * double-quoted block is expanded by the shell before abuild reads it.
 */
function linesOf(apkbuild: Apkbuild, block: ChecksumBlock): (ParsedLine | undefined)[] {
  const parsed = block.lines.map((l) => parseLine(apkbuild, l));
  if (parsed.some((p) => p && p.name === undefined) && block.assignment.quoting !== 'single') {
    const words = block.assignment.value?.split(/\s+/).filter(Boolean);
    if (words && words.length === parsed.length * 2 && !words.some((w) => w.includes('$'))) {
      parsed.forEach((p, i) => {
        if (p) p.name = words[2 * i + 1];
      });
    }
  } else if (block.assignment.quoting === 'single') {
    for (const p of parsed) if (p) p.name = p.fileName;
  }
  return parsed;
}

/** The whole line(s) of `span`, with the newline after them. */
function wholeLines(apkbuild: Apkbuild, span: Span): Span {
  const lines = apkbuild.lines;
  const first = lines.lineOf(span.start);
  const last = lines.lineOf(span.end);
  const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : apkbuild.text.length;
  return { start: lines.lineStart(first), end };
}

/** Everything at the top level that starts after `a`: assignments, commands, functions. */
function statementsAfter(apkbuild: Apkbuild, a: Assignment): Span[] {
  const end = a.statement.span.end;
  const out: Span[] = [];
  for (const b of apkbuild.assignments) if (b.span.start >= end) out.push(b.nameSpan);
  for (const c of apkbuild.commands) if (c.span.start >= end) out.push(c.name?.span ?? c.span);
  for (const f of apkbuild.functions) if (f.span.start >= end) out.push(f.nameSpan);
  return out.sort((x, y) => x.start - y.start);
}

/** notes for maintainers kept next to the APKBUILD on purpose */
const README = /^README/i;
const VARIABLE_REF = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A matcher for the file names an entry with unknown parts may stand for. */
function patternOf(text: string): RegExp {
  const pieces = text.split(VARIABLE_REF).map((p) => p.replace(/["']/g, '').replace(REGEX_SPECIAL, '\\$&'));
  return new RegExp('^' + pieces.join('.*') + '$');
}

export const rules: Rule[] = [
  {
    code: 'AB34',
    label: 'duplicate-source-name',
    severity: 'serious',
    certainty: 'certain',
    summary: 'two source entries give the same file name',
    docs: 'Every source ends up as one file in $srcdir and one line of sha512sums, named by the part before `::` or the last path segment of the URL. Two entries with the same name overwrite each other; `abuild checksum` stops with "duplicate found in $source". Rename one with `newname::URL`.',
    fixable: false,
    check(apkbuild) {
      const seen = new Set<string>();
      const out: RuleFinding[] = [];
      for (const s of sourceFacts(apkbuild).sources) {
        if (seen.has(s.fileName)) out.push({ span: s.item.span, message: `duplicate source file name ${s.fileName}` });
        seen.add(s.fileName);
      }
      return out;
    },
  },
  {
    code: 'AB35',
    label: 'source-needs-rename',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a download is named only after the version (`v$pkgver.tar.gz`, `$pkgver.tar.gz`)',
    docs: 'Downloads of every package share one distfiles cache, so a file named `v1.2.3.tar.gz` (typical of GitHub tag archives) collides with other packages at the same version. abuild stops with "source <name> needs to be renamed to avoid possible collisions". Prefix it: `$pkgname-$pkgver.tar.gz::https://...`. The fix renames the entry and its checksum line.',
    fixable: true,
    check(apkbuild) {
      const pkgver = valueOf(apkbuild, 'pkgver');
      const pkgname = valueOf(apkbuild, 'pkgname');
      if (!pkgver) return [];
      const facts = sourceFacts(apkbuild);
      const block = activeBlock(apkbuild);
      const out: RuleFinding[] = [];
      for (const s of facts.sources) {
        if (!s.remote) continue;
        const prefix = s.fileName.startsWith(`v${pkgver}.tar.`) ? `v${pkgver}.tar.` : s.fileName.startsWith(`${pkgver}.tar.`) ? `${pkgver}.tar.` : undefined;
        if (prefix === undefined) continue;
        const ext = s.fileName.slice(prefix.length);
        let fix: RuleFinding['fix'];
        const newName = `${pkgname}-${pkgver}.tar.${ext}`;
        const text = s.item.text;
        const sep = text.indexOf('::');
        if (pkgname && !facts.possibleNames.has(newName) && (sep === -1 || !text.slice(0, sep).includes('/')) && !text.startsWith('"') && !text.startsWith("'")) {
          const written = `$pkgname-$pkgver.tar.${ext}`;
          const edits: TextEdit[] =
            sep === -1
              ? [{ span: { start: s.item.span.start, end: s.item.span.start }, newText: written + '::' }]
              : [{ span: { start: s.item.span.start, end: s.item.span.start + sep }, newText: written }];
          for (const p of block ? linesOf(apkbuild, block) : []) {
            if (p && p.name === s.fileName) edits.push({ span: p.fileNameSpan, newText: p.fileName.includes('$') ? written : newName });
          }
          fix = { title: `Rename the download to ${newName}`, edits };
        }
        out.push({ span: s.item.span, message: `source ${s.fileName} needs to be renamed to avoid collisions in the distfiles cache (e.g. $pkgname-$pkgver.tar.${ext}::...)`, fix });
      }
      return out;
    },
  },
  {
    code: 'AB36',
    label: 'unsupported-source-scheme',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a source URL uses a scheme abuild does not download (only http, https and ftp)',
    docs: 'abuild downloads only `http://`, `https://` and `ftp://` URLs (lower case); anything else (`git://`, `sftp://`, `file://`, `HTTPS://`) is taken for a local file in the package directory and the build fails. Use an https archive URL, or a snapshot tarball uploaded to a mirror.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const s of sourceFacts(apkbuild).sources) {
        if (s.remote) continue;
        const sep = s.value.indexOf('::');
        const url = sep === -1 ? s.value : s.value.slice(sep + 2);
        const scheme = SCHEME.exec(url)?.[1];
        if (scheme) out.push({ span: s.item.span, message: `abuild does not download ${scheme}:// URLs (only http, https and ftp): it looks for a local file instead` });
      }
      return out;
    },
  },
  {
    code: 'AB37',
    label: 'invalid-source-filename',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a source file name has characters abuild forbids',
    docs: 'abuild accepts source file names made of letters, digits and `+@~._-` (ensure_valid_filename) and stops with "Forbidden character(s) in filename" otherwise. URLs ending in `?download=1`, `%20` or a query string give such names: rename the download with `name::URL`.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const s of sourceFacts(apkbuild).sources) {
        const bad = forbiddenFilenameChars(s.fileName);
        if (s.fileName === '') out.push({ span: s.item.span, message: `source ${s.value} gives an empty file name: rename it with name::URL` });
        else if (bad) out.push({ span: s.item.span, message: `forbidden character(s) in source file name ${s.fileName}: ${bad} (rename it with name::URL)` });
      }
      return out;
    },
  },
  {
    code: 'AB38',
    label: 'missing-source-file',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a local source file is not in the package directory',
    docs: 'A source entry that is not an http/https/ftp URL is a file next to the APKBUILD; abuild fails to checksum and copy it when it is missing. Add the file (patches, init scripts, configuration) or fix the name.',
    fixable: false,
    check(apkbuild, context) {
      if (!context.listPackageFiles) return [];
      const out: RuleFinding[] = [];
      for (const s of sourceFacts(apkbuild).sources) {
        if (s.remote || SCHEME.test(s.value.slice(s.value.indexOf('::') + (s.value.includes('::') ? 2 : 0)))) continue;
        if (s.value === '' || s.value.startsWith('/')) continue;
        if (packageFileExists(context, s.value) === false) out.push({ span: s.item.span, message: `local source ${s.value} is not in the package directory` });
      }
      return out;
    },
  },
  {
    code: 'AB39',
    label: 'missing-checksums',
    severity: 'serious',
    certainty: 'certain',
    summary: 'source is set but there is no sha512sums',
    docs: 'abuild verifies every source against `sha512sums` (or the legacy `sha256sums`) and stops with "<file> is missing in checksums" when there is none. Run `abuild checksum` to add the block.',
    fixable: false,
    check(apkbuild) {
      const def = definitionOf(apkbuild, 'source');
      if (!def || def.items.length === 0) return [];
      if (apkbuild.checksums.some((b) => b.kind === 'sha512sums' || b.kind === 'sha256sums')) return [];
      return [{ span: def.nameSpan, message: 'source has no sha512sums: run abuild checksum' }];
    },
  },
  {
    code: 'AB40',
    label: 'source-without-checksum',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a source file has no line in sha512sums',
    docs: 'Every source needs a `<sha512>  <file name>` line in sha512sums; abuild stops with "<file> is missing in checksums". Run `abuild checksum` after changing source.',
    fixable: false,
    check(apkbuild) {
      const block = activeBlock(apkbuild);
      if (!block) return [];
      const lines = linesOf(apkbuild, block);
      if (lines.some((p) => p && p.name === undefined)) return [];
      const names = new Set(lines.map((p) => p?.name));
      const out: RuleFinding[] = [];
      for (const s of sourceFacts(apkbuild).sources) {
        if (!names.has(s.fileName)) out.push({ span: s.item.span, message: `${s.fileName} is missing in ${block.kind}` });
      }
      return out;
    },
  },
  {
    code: 'AB41',
    label: 'orphan-checksum',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a sha512sums line names a file that is not in source',
    docs: 'abuild counts the checksum lines against the sources and stops with "<file> exists in checksums but is missing in $source" or "Number of checksums does not correspond to number of sources". Usually a patch was removed from source but not its checksum: run `abuild checksum`.',
    fixable: false,
    check(apkbuild) {
      const block = activeBlock(apkbuild);
      if (!block) return [];
      const facts = sourceFacts(apkbuild);
      if (facts.anyUnknown) return [];
      const out: RuleFinding[] = [];
      for (const p of linesOf(apkbuild, block)) {
        if (!p || p.name === undefined) continue;
        if (!facts.possibleNames.has(p.name)) out.push({ span: p.fileNameSpan, message: `${p.name} is in ${block.kind} but not in source` });
      }
      return out;
    },
  },
  {
    code: 'AB42',
    label: 'checksum-order',
    severity: 'serious',
    certainty: 'certain',
    summary: 'sha512sums lines are not in the order of source',
    docs: 'abuild fetch checks the checksums by position: the first line against the first source, and so on, so lines in another order fail verification even though every file has one. Put them in source order (the fix does), or run `abuild checksum`.',
    fixable: true,
    check(apkbuild) {
      const block = activeBlock(apkbuild);
      const facts = sourceFacts(apkbuild);
      if (!block || !facts.complete || facts.anyUnknown) return [];
      const lines = linesOf(apkbuild, block);
      if (lines.length !== facts.sources.length || lines.some((l) => !l || l.name === undefined)) return [];
      const byName = new Map<string, ParsedLine>();
      for (const l of lines as ParsedLine[]) {
        if (byName.has(l.name!)) return [];
        byName.set(l.name!, l);
      }
      if (facts.sources.some((s) => !byName.has(s.fileName))) return [];
      const edits: TextEdit[] = [];
      let first: ParsedLine | undefined;
      facts.sources.forEach((s, i) => {
        const here = lines[i]!;
        if (here.name === s.fileName) return;
        first ??= here;
        const wanted = byName.get(s.fileName)!;
        edits.push({ span: here.line.span, newText: apkbuild.text.slice(wanted.line.span.start, wanted.line.span.end) });
      });
      if (!first) return [];
      return [{ span: first.line.span, message: `${block.kind} lines are not in the order of source (${first.name} is not source #${lines.indexOf(first) + 1})`, fix: { title: `Sort ${block.kind} in source order`, edits } }];
    },
  },
  {
    code: 'AB43',
    label: 'duplicate-checksum',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a file has more than one sha512sums line',
    docs: 'abuild expects exactly one checksum line per source and stops with "Number of checksums(...) does not correspond to number of sources(...)". Remove the repeated line (the fix does when both lines are the same).',
    fixable: true,
    check(apkbuild) {
      const block = activeBlock(apkbuild);
      if (!block) return [];
      const seen = new Map<string, ParsedLine>();
      const out: RuleFinding[] = [];
      for (const p of linesOf(apkbuild, block)) {
        if (!p || p.name === undefined) continue;
        const earlier = seen.get(p.name);
        if (!earlier) {
          seen.set(p.name, p);
          continue;
        }
        const same = earlier.hash === p.hash;
        out.push({
          span: p.line.span,
          message: same ? `${p.name} has the same checksum line twice` : `${p.name} has two different checksums`,
          fix: same ? { title: 'Remove the repeated line', edits: [{ span: wholeLines(apkbuild, p.line.span), newText: '' }] } : undefined,
        });
      }
      return out;
    },
  },
  {
    code: 'AB44',
    label: 'malformed-checksum',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a checksum line is not `<hex hash>  <file name>` with a hash of the right length',
    docs: 'Each line of sha512sums is the output of sha512sum: 128 lower-case hex digits, two spaces, the file name (64 digits for sha256sums). A truncated or edited hash fails verification; a name with blanks in it breaks abuild\'s word splitting of the list. Run `abuild checksum`.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const block of apkbuild.checksums) {
        const length = HASH_LENGTH[block.kind];
        for (const l of block.lines) {
          const p = parseLine(apkbuild, l);
          if (!p || p.fileName === '') out.push({ span: l.span, message: `checksum line without a file name` });
          else if (p.hash.length !== length || !HEX.test(p.hash)) out.push({ span: { start: l.span.start, end: p.separatorSpan.start }, message: `not a ${block.kind.replace('sums', '')} hash: expected ${length} lower-case hex digits` });
          else if (/\s/.test(p.fileName)) out.push({ span: p.fileNameSpan, message: `file name "${p.fileName}" has blanks in it` });
        }
      }
      return out;
    },
  },
  {
    code: 'AB45',
    label: 'checksum-spacing',
    severity: 'style',
    certainty: 'certain',
    summary: 'hash and file name are not separated by exactly two spaces',
    docs: 'sha512sum and `abuild checksum` write `<hash>  <file name>` with two spaces; any other separator is a hand edit that the next `abuild checksum` rewrites. The fix sets two spaces.',
    fixable: true,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const block of apkbuild.checksums) {
        for (const l of block.lines) {
          const p = parseLine(apkbuild, l);
          if (!p || p.separator === '  ' || p.fileName === '') continue;
          out.push({ span: p.separatorSpan, message: 'separate the hash and the file name with two spaces', fix: { title: 'Use two spaces', edits: [{ span: p.separatorSpan, newText: '  ' }] } });
        }
      }
      return out;
    },
  },
  {
    code: 'AB46',
    label: 'checksums-not-last',
    severity: 'minor',
    certainty: 'certain',
    summary: 'something follows sha512sums at the top level',
    docs: '`abuild checksum` deletes every `sha*sums=` block and appends a new one at the end of the file, so anything after it (a function, another variable) ends up above it on the next update: noisy diffs, and reviewers expect the checksums last. Move sha512sums to the end.',
    fixable: false,
    check(apkbuild) {
      const blocks = apkbuild.checksums.filter((b) => b.kind === 'sha512sums' && !b.assignment.conditional);
      const last = blocks[blocks.length - 1];
      if (!last) return [];
      const after = statementsAfter(apkbuild, last.assignment).filter((s) => {
        const b = apkbuild.checksums.find((x) => x.assignment.nameSpan.start === s.start);
        return !b;
      });
      if (after.length === 0) return [];
      const what = apkbuild.text.slice(after[0].start, after[0].end);
      return [{ span: last.assignment.nameSpan, message: `sha512sums should be the last thing in the APKBUILD (${what} comes after it)` }];
    },
  },
  {
    code: 'AB47',
    label: 'legacy-checksums',
    severity: 'minor',
    certainty: 'certain',
    summary: 'sha256sums, sha1sums or md5sums: abuild uses sha512sums',
    docs: 'abuild verifies sources with sha512sums; sha256sums is only read when sha512sums is missing (with a warning) and md5sums/sha1sums are ignored. Run `abuild checksum` to write sha512sums; the fix removes the legacy block when sha512sums is already there.',
    fixable: true,
    check(apkbuild) {
      const hasSha512 = apkbuild.checksums.some((b) => b.kind === 'sha512sums');
      const out: RuleFinding[] = [];
      for (const b of apkbuild.checksums) {
        if (b.kind === 'sha512sums') continue;
        const st = b.assignment.statement;
        const alone = !st.name && st.assignments.length === 1 && !b.assignment.conditional;
        out.push({
          span: b.assignment.nameSpan,
          message: hasSha512 ? `${b.kind} is not used: remove it` : `${b.kind} is legacy: run abuild checksum to write sha512sums`,
          fix: hasSha512 && alone ? { title: `Remove ${b.kind}`, edits: [{ span: wholeLines(apkbuild, st.span), newText: '' }] } : undefined,
        });
      }
      return out;
    },
  },
  {
    code: 'AB48',
    label: 'unused-package-file',
    severity: 'minor',
    certainty: 'possible',
    summary: 'a file in the package directory is in none of source, install and triggers',
    docs: 'abuild copies only what source, install and triggers name; it warns "<file> is not in $source/$install/$triggers" about any other file next to the APKBUILD. Usually a patch was dropped from source but not deleted: remove the file, or add it where it belongs. Files the APKBUILD names anywhere else (copied from "$startdir", or mentioned in a comment) are not reported.',
    fixable: false,
    check(apkbuild, context) {
      if (!context.listPackageFiles) return [];
      const exact = new Set<string>();
      const patterns: RegExp[] = [];
      const addItems = (name: string, map: (v: string) => string[]) => {
        const assignments = [...assignmentsOf(apkbuild, name), ...apkbuild.functionAssignments.filter((a) => a.name === name && a.declaration !== 'local')];
        for (const a of assignments) {
          for (const item of a.items) {
            const value = knownValue(apkbuild, item);
            if (value === undefined) patterns.push(patternOf(map(item.text)[0] ?? item.text));
            else for (const v of map(value)) exact.add(v);
          }
        }
      };
      addItems('source', (v) => (isRemoteSource(v) ? [] : [v, v.split('/')[0]]));
      addItems('install', (v) => [v]);
      addItems('triggers', (v) => [v.lastIndexOf('=') === -1 ? v : v.slice(0, v.lastIndexOf('='))]);
      const out: RuleFinding[] = [];
      for (const name of packageFiles(context)) {
        if (name === 'APKBUILD' || name === 'src' || name === 'pkg' || name === 'tmp' || name.startsWith('.') || README.test(name)) continue;
        if (exact.has(name) || patterns.some((p) => p.test(name))) continue;
        // named anywhere else in the file: copied from "$startdir", or kept on purpose with a comment
        if (apkbuild.text.includes(name)) continue;
        out.push({ span: FILE_START, file: { name, line: 0 }, message: `${name} is not in source, install or triggers` });
      }
      return out;
    },
  },
];
