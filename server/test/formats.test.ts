import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { rdformatSchema } from '@umbrelladocs/rdformat-validator';
import { escapeData, escapeProperty, githubFormatter } from '../src/cli/formatters/github';
import { gitlabFormatter } from '../src/cli/formatters/gitlab';
import { sarifFormatter } from '../src/cli/formatters/sarif';
import { formatterFor } from '../src/cli/formatters/all';
import { rulesDocument } from '../src/cli/formatters/rule-docs';
import type { Finding } from '../src/rules/engine';
import { ruleRegistry } from '../src/rules/registry';
import { REPO_ROOT } from './helpers';

/**
 * The merge-request report formats, checked against their published definitions: SARIF 2.1.0
 * against the official JSON schema (as shipped in @microsoft/jest-sarif), rdjson against the
 * reviewdog Diagnostic Format schema of @umbrelladocs/rdformat-validator and the field list of
 * reviewdog's proto, GitLab Code Quality's fields and types, GitHub's workflow command syntax.
 */

const BIN = path.join(REPO_ROOT, 'server', 'bin', 'apkbuild-ls.js');

/** A package with fixable findings, a non-ASCII line and a directory name that needs escaping. */
const APKBUILD = [
  '# Maintainer: Ana Silva <ana@example.org>',
  'pkgname=foo',
  'pkgver="1.0"',
  'pkgrel="1"',
  'pkgdesc="Café — ünïcode tools" ',
  'url="https://foo.example.org/"',
  'arch="all"',
  'license="MIT"',
  'install=""',
  'source="https://foo.example.org/foo-$pkgver.tar.gz"',
  '',
  'build() {',
  '\tmake || return 1',
  '}',
  '',
  'package() {',
  '\tmake DESTDIR="$pkgdir" install',
  '}',
  '',
  'sha512sums="',
  `${'a'.repeat(128)}  foo-1.0.tar.gz`,
  '"',
  '',
].join('\n');
const PKG_DIR = path.join('main', 'we,ird: dir');

let root: string;

function cli(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH }, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function report(format: string, ...extra: string[]): string {
  const r = cli(['lint', '-f', format, ...extra, '.']);
  assert.equal(r.stderr, '');
  assert.equal(r.code, 1, `${format}: the fixture has findings`);
  return r.stdout;
}

before(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-formats-'));
  fs.mkdirSync(path.join(root, PKG_DIR), { recursive: true });
  fs.writeFileSync(path.join(root, PKG_DIR, 'APKBUILD'), APKBUILD);
});

after(() => fs.rmSync(root, { recursive: true, force: true }));

describe('sarif', () => {
  const schemaFile = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');
  // the schema is draft-04; its `language` pattern is not valid as a unicode regular expression
  const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, 'utf8')));

  test('validates against the SARIF 2.1.0 schema, with and without --docs-url', () => {
    for (const extra of [[], ['--docs-url', 'https://docs.example.org/apkbuild-ls/rules.md']]) {
      const log = JSON.parse(report('sarif', ...extra));
      assert.ok(validate(log), ajv.errorsText(validate.errors));
    }
  });

  test('describes every rule and points each result at its rule, with 1-based regions and fixes', () => {
    const log = JSON.parse(report('sarif'));
    const run = log.runs[0];
    assert.equal(log.version, '2.1.0');
    assert.equal(run.tool.driver.name, 'apkbuild-ls');
    assert.equal(run.columnKind, 'utf16CodeUnits');
    assert.deepEqual(run.tool.driver.rules.map((r: { id: string }) => r.id), ruleRegistry.map((r) => r.code));
    for (const rule of run.tool.driver.rules) {
      assert.ok(rule.name && rule.shortDescription.text && rule.fullDescription.text, rule.id);
      assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration.level), rule.id);
      assert.equal(rule.helpUri, undefined, 'no helpUri without an absolute --docs-url');
    }
    const uris = new Set<string>();
    for (const result of run.results) {
      assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
      const loc = result.locations[0].physicalLocation;
      uris.add(loc.artifactLocation.uri);
      assert.ok(loc.region.startLine >= 1 && loc.region.startColumn >= 1 && loc.region.endLine >= loc.region.startLine);
    }
    assert.deepEqual([...uris], ['main/we%2Cird%3A%20dir/APKBUILD']);
    const quoted = run.results.find((r: { ruleId: string }) => r.ruleId === 'AL4');
    assert.deepEqual(quoted.fixes[0].artifactChanges[0].replacements, [
      { deletedRegion: { startLine: 3, startColumn: 8, endLine: 3, endColumn: 13 }, insertedContent: { text: '1.0' } },
    ]);
  });

  test('links each rule to its section of docs/rules.md under --docs-url', () => {
    const run = JSON.parse(report('sarif', '--docs-url', 'https://docs.example.org/rules.md')).runs[0];
    const al5 = run.tool.driver.rules.find((r: { id: string }) => r.id === 'AL5');
    assert.equal(al5.helpUri, 'https://docs.example.org/rules.md#al5');
  });

  test('a finding outside the working directory gets a file: URI', () => {
    const outside: Finding = { ...finding('AL8'), path: '/elsewhere/a b/APKBUILD' };
    const log = JSON.parse(sarifFormatter.render([outside], { rules: ruleRegistry, cwd: root, toolVersion: '0' }));
    assert.equal(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'file:///elsewhere/a%20b/APKBUILD');
    assert.ok(validate(log), ajv.errorsText(validate.errors));
  });
});

describe('rdjson', () => {
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile(rdformatSchema);
  const KEYS: Record<string, string[]> = {
    result: ['source', 'diagnostics', 'severity'],
    diagnostic: ['message', 'location', 'severity', 'source', 'code', 'suggestions', 'original_output'],
    location: ['path', 'range'],
    range: ['start', 'end'],
    position: ['line', 'column'],
    code: ['value', 'url'],
    suggestion: ['range', 'text'],
  };
  const only = (o: object, kind: string) => assert.deepEqual(Object.keys(o).filter((k) => !KEYS[kind].includes(k)), [], kind);

  test('validates against the reviewdog Diagnostic Format schema', () => {
    const result = JSON.parse(report('rdjson', '--docs-url', 'https://docs.example.org/apkbuild-ls/rules.md'));
    assert.ok(validate(result), ajv.errorsText(validate.errors));
  });

  test('has only the fields of reviewdog\'s proto, 1-based positions, and suggestions for fixes', () => {
    const result = JSON.parse(report('rdjson'));
    only(result, 'result');
    assert.deepEqual(result.source, { name: 'apkbuild-ls' });
    assert.ok(result.diagnostics.length > 0);
    for (const d of result.diagnostics) {
      only(d, 'diagnostic');
      only(d.location, 'location');
      only(d.location.range, 'range');
      only(d.code, 'code');
      assert.ok(['ERROR', 'WARNING', 'INFO'].includes(d.severity));
      assert.equal(d.location.path, 'main/we,ird: dir/APKBUILD');
      assert.equal(d.code.url, `docs/rules.md#${d.code.value.toLowerCase()}`);
      for (const p of [d.location.range.start, d.location.range.end]) {
        only(p, 'position');
        assert.ok(Number.isInteger(p.line) && p.line >= 1 && Number.isInteger(p.column) && p.column >= 1);
      }
      for (const s of d.suggestions ?? []) {
        only(s, 'suggestion');
        assert.equal(typeof s.text, 'string');
      }
    }
    const fixed = result.diagnostics.filter((d: { suggestions?: unknown[] }) => d.suggestions).map((d: { code: { value: string } }) => d.code.value);
    assert.ok(fixed.includes('AL4') && fixed.includes('AL28'), fixed.join());
  });

  test('counts columns in UTF-8 bytes, as reviewdog does', () => {
    const result = JSON.parse(report('rdjson'));
    const trailing = result.diagnostics.find((d: { code: { value: string } }) => d.code.value === 'AL8');
    const line = APKBUILD.split('\n')[4];
    const bytes = Buffer.byteLength(line.trimEnd()) + 1;
    assert.deepEqual(trailing.location.range, { start: { line: 5, column: bytes }, end: { line: 5, column: bytes + 1 } });
    assert.notEqual(bytes, line.trimEnd().length + 1, 'the line has multi-byte characters');
  });
});

describe('gitlab', () => {
  test('is a JSON array of Code Quality issues with the right fields and types, and no BOM', () => {
    const text = report('gitlab');
    assert.equal(text[0], '[');
    const issues = JSON.parse(text);
    assert.ok(Array.isArray(issues) && issues.length > 0);
    for (const i of issues) {
      assert.deepEqual(Object.keys(i), ['description', 'check_name', 'fingerprint', 'severity', 'location']);
      assert.equal(typeof i.description, 'string');
      assert.match(i.check_name, /^A[BCL]\d+ [a-z0-9_-]+$/);
      assert.match(i.fingerprint, /^[0-9a-f]{64}$/);
      assert.ok(['info', 'minor', 'major', 'critical', 'blocker'].includes(i.severity));
      assert.deepEqual(Object.keys(i.location), ['path', 'lines']);
      assert.equal(i.location.path, 'main/we,ird: dir/APKBUILD');
      assert.deepEqual(Object.keys(i.location.lines), ['begin']);
      assert.ok(Number.isInteger(i.location.lines.begin) && i.location.lines.begin >= 1);
    }
    assert.equal(new Set(issues.map((i: { fingerprint: string }) => i.fingerprint)).size, issues.length);
  });

  test('fingerprints survive unrelated lines moving, and identical findings get different ones', () => {
    const before = JSON.parse(report('gitlab'));
    const file = path.join(root, PKG_DIR, 'APKBUILD');
    try {
      fs.writeFileSync(file, '# Contributor: Priya Raman <priya@example.org>\n' + APKBUILD);
      const after = JSON.parse(report('gitlab'));
      const byPrint = (issues: { fingerprint: string; location: { lines: { begin: number } } }[]) => new Map(issues.map((i) => [i.fingerprint, i.location.lines.begin]));
      const a = byPrint(before);
      const b = byPrint(after);
      assert.deepEqual([...b.keys()].sort(), [...a.keys()].sort());
      for (const [print, line] of a) assert.equal(b.get(print), line + 1);
    } finally {
      fs.writeFileSync(file, APKBUILD);
    }
    const twice = [finding('AL8', 4), finding('AL8', 9)];
    const lines = new Map([[4, 'same text '], [9, 'same text ']]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-twice-'));
    fs.writeFileSync(path.join(dir, 'APKBUILD'), Array.from({ length: 10 }, (_, i) => lines.get(i) ?? `line ${i}`).join('\n'));
    const issues = JSON.parse(gitlabFormatter.render(twice, { rules: ruleRegistry, cwd: dir, toolVersion: '0' }));
    fs.rmSync(dir, { recursive: true, force: true });
    assert.notEqual(issues[0].fingerprint, issues[1].fingerprint);
  });
});

describe('github', () => {
  test('prints one well-formed workflow command per finding', () => {
    const lines = report('github').trimEnd().split('\n');
    assert.ok(lines.length > 0);
    for (const l of lines) {
      assert.match(l, /^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=A[BCL]\d+ [a-z0-9_-]+::[^\n]+$/);
    }
    assert.ok(lines.every((l) => l.includes('file=main/we%2Cird%3A dir/APKBUILD,')));
  });

  test('escapes properties and messages as GitHub requires', () => {
    assert.equal(escapeData('100% done\r\nnext: a, b'), '100%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('a:b,c%d\ne'), 'a%3Ab%2Cc%25d%0Ae');
    const f = { ...finding('AL5', 2), path: 'x,y:z%/APKBUILD', message: 'line one\nline two: 50%' };
    assert.equal(
      githubFormatter.render([f], { rules: ruleRegistry, cwd: '/', toolVersion: '0' }),
      '::warning file=x%2Cy%3Az%25/APKBUILD,line=3,col=1,endLine=3,endColumn=3,title=AL5 empty-variable::line one%0Aline two: 50%25\n',
    );
  });
});

describe('format names', () => {
  test('--format knows every report format', () => {
    for (const name of ['text', 'json', 'gitlab', 'sarif', 'rdjson', 'github']) assert.ok(formatterFor(name), name);
  });
});

test('docs/rules.md is the one the registry generates (node docs/generate-rules.cjs)', () => {
  const doc = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'rules.md'), 'utf8');
  assert.equal(doc, rulesDocument());
  for (const r of ruleRegistry) assert.ok(doc.includes(`\n## ${r.code}\n`), r.code);
});

/** A finding as the engine makes them, for the checks that need exact control of the input. */
function finding(code: string, line = 0): Finding {
  const rule = ruleRegistry.find((r) => r.code === code)!;
  return {
    code,
    label: rule.label,
    severity: rule.severity,
    certainty: rule.certainty,
    path: 'APKBUILD',
    span: { start: 0, end: 2 },
    range: { start: { line, character: 0 }, end: { line, character: 2 } },
    message: `${rule.summary}`,
  };
}
