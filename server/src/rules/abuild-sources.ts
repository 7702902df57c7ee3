import { Apkbuild } from '../apkbuild/apkbuild';
import { ChecksumBlock, ChecksumLine } from '../apkbuild/checksums';
import { refersToUnassigned, valueOf } from '../apkbuild/facts';
import { Assignment, ListItem } from '../apkbuild/model';
import { Span } from '../apkbuild/span';
import { assignmentsNamed, defOf, FILE_START, perApkbuild } from './abuild-metadata';
import { forbiddenFilenameChars, knownInstall, knownTriggers, packageFileExists, packageFileList } from './abuild-subpackages';
import { Rule, RuleFinding, TextEdit } from './types';
import { detached } from '../detached';

// source and sha512sums as abuild reads them (filename_from_uri, is_remote, default_validate,
// default_fetch, checksum).

/** abuild's filename_from_uri(): the part before the first `::`, then its last path segment. */
export function sourceFileName(entry: string): string {
  return fileNameAfter(entry, entry.indexOf('::'));
}

/** sourceFileName, with the place of the first `::` known. */
function fileNameAfter(entry: string, sep: number): string {
  const name = sep === -1 ? entry : entry.slice(0, sep);
  return name.slice(name.lastIndexOf('/') + 1);
}

/** abuild's remote schemes, where the URL starts (sticky: matched at lastIndex only) */
const REMOTE_AT = /(?:https?|ftp):\/\//y;
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//;

/** abuild's is_remote(): what follows the first `::` (or the entry) starts with http://, https:// or ftp://. */
export function isRemoteSource(entry: string): boolean {
  return remoteAfter(entry, entry.indexOf('::'));
}

/** isRemoteSource, with the place of the first `::` known. */
function remoteAfter(entry: string, sep: number): boolean {
  REMOTE_AT.lastIndex = sep === -1 ? 0 : sep + 2;
  return REMOTE_AT.test(entry);
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
  /** file names of every known entry of every top-level `source` assignment (built on first use) */
  readonly possibleNames: Set<string>;
  /** some entry somewhere has an unknown value */
  anyUnknown: boolean;
  /** the defining assignment's entries whose value is not known */
  unknownItems: ListItem[];
}

function knownValue(apkbuild: Apkbuild, item: ListItem): string | undefined {
  if (item.value === undefined || item.value === '' || item.value.includes('$')) return undefined;
  return refersToUnassigned(apkbuild, item.text, item.span.start) ? undefined : item.value;
}

const sourceFacts = perApkbuild(computeSourceFacts);

function computeSourceFacts(apkbuild: Apkbuild): SourceFacts {
  // defOf and assignmentsNamed in one scan: the defining assignment, and whether there are others
  let def: Assignment | undefined;
  let count = 0;
  for (const a of apkbuild.assignments) {
    if (a.name !== 'source') continue;
    count++;
    if (def === undefined || !a.conditional) def = a;
  }
  const sources: Source[] = [];
  let anyUnknown = false;
  let complete = !!def && count === 1 && !def.conditional;
  let unknownItems: ListItem[] | undefined;
  for (const item of def?.items ?? NO_ITEMS) {
    const value = knownValue(apkbuild, item);
    if (value === undefined) {
      complete = false;
      (unknownItems ??= []).push(item);
      continue;
    }
    const sep = value.indexOf('::');
    sources.push({ item, value, fileName: fileNameAfter(value, sep), remote: remoteAfter(value, sep) });
  }
  // the items of the definition are above; the names of the other assignments' known entries are for possibleNames
  if (unknownItems) anyUnknown = true;
  let otherNames: string[] | undefined;
  if (count > 1) {
    for (const a of apkbuild.assignments) {
      if (a.name !== 'source' || a === def) continue;
      for (const item of a.items) {
        const value = knownValue(apkbuild, item);
        if (value === undefined) anyUnknown = true;
        else (otherNames ??= []).push(sourceFileName(value));
      }
    }
  }
  for (const a of apkbuild.functionAssignments) {
    if (a.name === 'source') {
      anyUnknown = true;
      break;
    }
  }
  return new LazySourceFacts(sources, complete, anyUnknown, unknownItems ?? NO_ITEMS, otherNames ?? NO_NAMES);
}
const NO_ITEMS: ListItem[] = [];
const NO_NAMES: string[] = [];

class LazySourceFacts implements SourceFacts {
  private names: Set<string> | undefined;

  constructor(
    readonly sources: Source[],
    readonly complete: boolean,
    readonly anyUnknown: boolean,
    readonly unknownItems: ListItem[],
    private readonly otherNames: string[],
  ) {}

  get possibleNames(): Set<string> {
    if (!this.names) {
      this.names = new Set<string>();
      for (const s of this.sources) this.names.add(s.fileName);
      for (const name of this.otherNames) this.names.add(name);
    }
    return this.names;
  }
}

/** The checksum block abuild uses: `${sha512sums:-$sha256sums}`. */
function activeBlock(apkbuild: Apkbuild): ChecksumBlock | undefined {
  // the last block of each kind
  let sha512: ChecksumBlock | undefined;
  let sha256: ChecksumBlock | undefined;
  const blocks = apkbuild.checksums;
  for (let i = blocks.length - 1; i >= 0; i--) {
    const b = blocks[i];
    if (b.kind === 'sha512sums') sha512 ??= b;
    else if (b.kind === 'sha256sums') sha256 ??= b;
  }
  if (sha512 && valueOf(apkbuild, 'sha512sums') !== '') return sha512;
  if (sha256 && valueOf(apkbuild, 'sha256sums') !== '') return sha256;
  return sha512 ?? sha256;
}

const HASH_LENGTH: Record<string, number> = { sha512sums: 128, sha256sums: 64, sha1sums: 40, md5sums: 32 };
const HEX = /^[0-9a-f]+$/;
const BLANK = /\s/;

/**
 * A checksum line split into hash, blanks and file name. The model splits the line's text with
 * `^(\S+)(\s+)(.*)$` into `hash` and `fileName` (the text has no blanks around it, so a match
 * always has a file name; without a match the file name is ''): the separator is what is between.
 * The parts are worked out when asked for.
 */
class ParsedLine {
  /** the file name after the shell expanded the block (`$pkgname-$pkgver.tar.gz`); undefined when unknown */
  name: string | undefined;

  constructor(
    readonly line: ChecksumLine,
    private readonly text: string,
  ) {
    this.name = line.fileName.includes('$') ? undefined : line.fileName;
  }

  get hash(): string {
    return this.line.hash;
  }

  get fileName(): string {
    return this.line.fileName;
  }

  get separatorSpan(): Span {
    return { start: this.line.span.start + this.line.hash.length, end: this.line.span.end - this.line.fileName.length };
  }

  get separator(): string {
    const span = this.separatorSpan;
    return this.text.slice(span.start, span.end);
  }

  get fileNameSpan(): Span {
    return { start: this.line.span.end - this.line.fileName.length, end: this.line.span.end };
  }
}

function parseLine(apkbuild: Apkbuild, line: ChecksumLine): ParsedLine | undefined {
  if (line.fileName === '') return undefined;
  return new ParsedLine(line, apkbuild.text);
}

/**
 * The lines of a block, each with its expanded file name: a name written with `$pkgname` in a
 * double-quoted block is expanded by the shell before abuild reads it.
 */
function linesOf(apkbuild: Apkbuild, block: ChecksumBlock): (ParsedLine | undefined)[] {
  // the rules only ask for the active block's lines: keep the last block asked for
  const cached = lineCache(apkbuild);
  if (cached.block !== block || !cached.lines) {
    cached.block = block;
    cached.lines = computeLinesOf(apkbuild, block);
  }
  return cached.lines;
}

const lineCache = perApkbuild((): { block?: ChecksumBlock; lines?: (ParsedLine | undefined)[] } => ({}));

function computeLinesOf(apkbuild: Apkbuild, block: ChecksumBlock): (ParsedLine | undefined)[] {
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

/** Whether two lines have the same known name (a quadratic search for the usual short lists). */
function hasRepeatedName(lines: readonly (ParsedLine | undefined)[]): boolean {
  if (lines.length > 8) {
    const names = new Set<string>();
    for (const p of lines) {
      if (!p || p.name === undefined) continue;
      if (names.has(p.name)) return true;
      names.add(p.name);
    }
    return false;
  }
  for (let i = 1; i < lines.length; i++) {
    const name = lines[i]?.name;
    if (name === undefined) continue;
    for (let j = 0; j < i; j++) if (lines[j]?.name === name) return true;
  }
  return false;
}

/** Whether two sources have the same file name (a quadratic search for the usual short lists). */
function hasDuplicateName(sources: readonly Source[]): boolean {
  if (sources.length > 8) return new Set(sources.map((s) => s.fileName)).size < sources.length;
  for (let i = 1; i < sources.length; i++) {
    const name = sources[i].fileName;
    for (let j = 0; j < i; j++) if (sources[j].fileName === name) return true;
  }
  return false;
}

/**
 * No file name of the block is written with `$`: linesOf then names each line (that has a file
 * name) by its file name, and the rules can read the lines themselves.
 */
function hasLiteralNames(block: ChecksumBlock): boolean {
  for (const l of block.lines) if (l.fileName.includes('$')) return false;
  return true;
}

/** inSourceOrder for the lines of a block. */
function blockInSourceOrder(apkbuild: Apkbuild, block: ChecksumBlock, sources: readonly Source[]): boolean {
  if (!hasLiteralNames(block)) return inSourceOrder(sources, linesOf(apkbuild, block));
  const lines = block.lines;
  if (lines.length < sources.length) return false;
  for (let i = 0; i < sources.length; i++) {
    const name = lines[i].fileName;
    // a line without a file name has no name
    if (name === '' || name !== sources[i].fileName) return false;
  }
  return true;
}

/** hasRepeatedName for a block with literal names. */
function hasRepeatedFileName(block: ChecksumBlock): boolean {
  const lines = block.lines;
  if (lines.length > 8) {
    const names = new Set<string>();
    for (const l of lines) {
      if (l.fileName === '') continue;
      if (names.has(l.fileName)) return true;
      names.add(l.fileName);
    }
    return false;
  }
  for (let i = 1; i < lines.length; i++) {
    const name = lines[i].fileName;
    if (name === '') continue;
    for (let j = 0; j < i; j++) if (lines[j].fileName === name) return true;
  }
  return false;
}

/** Whether the line at each source's position names that source. */
function inSourceOrder(sources: readonly Source[], lines: readonly (ParsedLine | undefined)[]): boolean {
  if (lines.length < sources.length) return false;
  for (let i = 0; i < sources.length; i++) if (lines[i]?.name !== sources[i].fileName) return false;
  return true;
}

/** The whole line(s) of `span`, with the newline after them. */
function wholeLines(apkbuild: Apkbuild, span: Span): Span {
  const lines = apkbuild.lines;
  const first = lines.lineOf(span.start);
  const last = lines.lineOf(span.end);
  const end = last + 1 < lines.lineCount ? lines.lineStart(last + 1) : apkbuild.text.length;
  return { start: lines.lineStart(first), end };
}

/**
 * The first thing at the top level that starts after `a` (assignments, commands, functions) and
 * is not itself a checksum block, by where it starts (the earlier kind in that list on a tie).
 */
function firstStatementAfter(apkbuild: Apkbuild, a: Assignment): Span | undefined {
  const end = a.statement.span.end;
  let first: Span | undefined;
  const consider = (s: Span) => {
    if ((first === undefined || s.start < first.start) && !apkbuild.checksums.some((x) => x.assignment.nameSpan.start === s.start)) first = s;
  };
  for (const b of apkbuild.assignments) if (b.span.start >= end) consider(b.nameSpan);
  for (const c of apkbuild.commands) if (c.span.start >= end) consider(c.name?.span ?? c.span);
  for (const f of apkbuild.functions) if (f.span.start >= end) consider(f.nameSpan);
  return first;
}

/** Whether a known local entry of the source definition names the file (as AB48's exact names do). */
function isLocalSource(sources: readonly Source[], name: string): boolean {
  for (const s of sources) {
    if (s.remote) continue;
    if (s.value === name) return true;
    const slash = s.value.indexOf('/');
    if (slash !== -1 && s.value.slice(0, slash) === name) return true;
  }
  return false;
}

/** Whether a known entry of the install or triggers definition names the file (as AB48's exact names do). */
function isScript(apkbuild: Apkbuild, name: string): boolean {
  for (const i of knownInstall(apkbuild)) if (i.value === name) return true;
  for (const i of knownTriggers(apkbuild)) {
    const eq = i.value.lastIndexOf('=');
    if ((eq === -1 ? i.value : i.value.slice(0, eq)) === name) return true;
  }
  return false;
}

/** notes for maintainers kept next to the APKBUILD on purpose */
const README = /^README/i;
const VARIABLE_REF = /\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g;
const REGEX_SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** A matcher for the file names an entry with unknown parts may stand for (remembered by text). */
function patternOf(text: string): RegExp {
  let re = patterns.get(text);
  if (!re) {
    re = computePatternOf(text);
    if (patterns.size < 10000) patterns.set(detached(text), re);
  }
  return re;
}
const patterns = new Map<string, RegExp>();

function computePatternOf(text: string): RegExp {
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
      const sources = sourceFacts(apkbuild).sources;
      if (!hasDuplicateName(sources)) return [];
      const seen = new Set<string>();
      const out: RuleFinding[] = [];
      for (const s of sources) {
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
      const out: RuleFinding[] = [];
      for (const s of facts.sources) {
        // `v${pkgver}.tar.` or `${pkgver}.tar.`, checked without building them
        if (!s.remote) continue;
        const name = s.fileName;
        const withV = name.charCodeAt(0) === 118 /* v */ && name.startsWith(pkgver, 1) && name.startsWith('.tar.', 1 + pkgver.length);
        if (!withV && !(name.startsWith(pkgver) && name.startsWith('.tar.', pkgver.length))) continue;
        const prefix = withV ? `v${pkgver}.tar.` : `${pkgver}.tar.`;
        const block = activeBlock(apkbuild);
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
        // a scheme needs `://`
        if (s.remote || !s.value.includes('://')) continue;
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
        if (s.remote || (s.value.includes('://') && SCHEME.test(s.value.slice(s.value.indexOf('::') + (s.value.includes('::') ? 2 : 0))))) continue;
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
      if (apkbuild.checksums.some((b) => b.kind === 'sha512sums' || b.kind === 'sha256sums')) return [];
      const def = defOf(apkbuild, 'source');
      if (!def || def.items.length === 0) return [];
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
      const sources = sourceFacts(apkbuild).sources;
      // every source has its line: the usual case
      if (blockInSourceOrder(apkbuild, block, sources)) return [];
      const lines = linesOf(apkbuild, block);
      if (lines.some((p) => p && p.name === undefined)) return [];
      const names = new Set(lines.map((p) => p?.name));
      const out: RuleFinding[] = [];
      for (const s of sources) {
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
      // each line names the source at its place: the usual case
      if (block.lines.length === facts.sources.length && blockInSourceOrder(apkbuild, block, facts.sources)) return [];
      const lines = linesOf(apkbuild, block);
      const out: RuleFinding[] = [];
      for (const p of lines) {
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
      // nothing to move: the usual case
      if (blockInSourceOrder(apkbuild, block, facts.sources)) return [];
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
      // a repeat needs two lines with the same name
      if (!block || block.lines.length < 2 || !(hasLiteralNames(block) ? hasRepeatedFileName(block) : hasRepeatedName(linesOf(apkbuild, block)))) return [];
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
          // see parseLine
          if (l.fileName === '') out.push({ span: l.span, message: `checksum line without a file name` });
          else if (!l.wellFormed && (l.hash.length !== length || !HEX.test(l.hash))) out.push({ span: { start: l.span.start, end: l.span.start + l.hash.length }, message: `not a ${block.kind.replace('sums', '')} hash: expected ${length} lower-case hex digits` });
          else if (BLANK.test(l.fileName)) out.push({ span: { start: l.span.end - l.fileName.length, end: l.span.end }, message: `file name "${l.fileName}" has blanks in it` });
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
          // a well-formed line has two spaces; see parseLine for the others
          if (l.wellFormed || l.fileName === '') continue;
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
      let last: ChecksumBlock | undefined;
      for (const b of apkbuild.checksums) if (b.kind === 'sha512sums' && !b.assignment.conditional) last = b;
      if (!last) return [];
      const first = firstStatementAfter(apkbuild, last.assignment);
      if (!first) return [];
      const what = apkbuild.text.slice(first.start, first.end);
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
      // the files that could be reported (each name once), usually
      // named as they are in the source list, or at least somewhere in the text
      const listed = packageFileList(context);
      const facts = sourceFacts(apkbuild);
      let candidates: string[] | undefined;
      for (let i = 0; i < listed.length; i++) {
        const name = listed[i];
        if (name === 'APKBUILD' || name === 'src' || name === 'pkg' || name === 'tmp' || name.startsWith('.') || README.test(name)) continue;
        if (listed.indexOf(name) !== i || isLocalSource(facts.sources, name) || isScript(apkbuild, name) || apkbuild.text.includes(name)) continue;
        (candidates ??= []).push(name);
      }
      if (!candidates) return [];
      // names written in source, install and triggers: exactly, or as patterns where unknown
      const exact = new Set<string>();
      const patterns: RegExp[] = [];
      const def = defOf(apkbuild, 'source');
      const addItems = (name: string, map: (v: string) => string[]) => {
        const add = (a: Assignment) => {
          if (a === def) {
            // its items as sourceFacts sorted them (the order of patterns does not matter)
            for (const s of facts.sources) for (const v of map(s.value)) exact.add(v);
            for (const item of facts.unknownItems) patterns.push(patternOf(map(item.text)[0] ?? item.text));
            return;
          }
          for (const item of a.items) {
            const value = knownValue(apkbuild, item);
            if (value === undefined) patterns.push(patternOf(map(item.text)[0] ?? item.text));
            else for (const v of map(value)) exact.add(v);
          }
        };
        for (const a of assignmentsNamed(apkbuild, name)) add(a);
        for (const a of apkbuild.functionAssignments) if (a.name === name && a.declaration !== 'local') add(a);
      };
      addItems('source', (v) => (isRemoteSource(v) ? [] : [v, v.split('/')[0]]));
      addItems('install', (v) => [v]);
      addItems('triggers', (v) => [v.lastIndexOf('=') === -1 ? v : v.slice(0, v.lastIndexOf('='))]);
      const out: RuleFinding[] = [];
      for (const name of candidates) {
        if (exact.has(name) || patterns.some((p) => p.test(name))) continue;
        // (names written anywhere else in the file, copied from "$startdir" or kept on purpose with
        // a comment, are no candidates)
        out.push({ span: FILE_START, file: { name, line: 0 }, message: `${name} is not in source, install or triggers` });
      }
      return out;
    },
  },
];
