import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import { SymbolKind } from 'vscode-languageserver-types';
import { documentLinks } from '../src/features/document-links';
import { documentSymbols } from '../src/features/symbols';
import { workspaceSymbols } from '../src/features/workspace-symbols';
import { PackageIndex } from '../src/workspace/package-index';
import { featureDoc, FIXTURE_TREE, fixtureTreeIndex, initParser } from './feature-helpers';

before(initParser);

const KVD = path.join(FIXTURE_TREE, 'main', 'kvd', 'APKBUILD');

describe('document symbols', () => {
  it('groups metadata, functions, sources and secfixes versions with their ids', () => {
    const doc = featureDoc(fs.readFileSync(KVD, 'utf8'), KVD);
    const symbols = documentSymbols(doc);
    assert.deepEqual(symbols.map((s) => s.name), ['metadata', 'functions', 'sources', 'secfixes']);
    const [metadata, functions, sources, secfixes] = symbols;
    assert.ok(metadata.children!.some((c) => c.name === 'pkgname' && c.detail === 'kvd'));
    assert.ok(!metadata.children!.some((c) => c.name === 'sha512sums'));
    assert.deepEqual(functions.children!.map((c) => c.name), ['build', 'check', 'package']);
    assert.equal(functions.children![0].kind, SymbolKind.Function);
    assert.deepEqual(sources.children!.map((c) => c.name), ['kvd-1.8.0.tar.xz', 'kvd.conf', 'kvd.initd', 'kvd.confd']);
    assert.deepEqual(secfixes.children!.map((c) => [c.name, c.children!.map((i) => i.name)]), [
      ['1.8.0-r1', ['CVE-2024-40021']],
      ['1.6.3-r0', ['CVE-2023-51764']],
    ]);
  });

  it('gives every symbol a range holding its selection and its children', () => {
    const doc = featureDoc(fs.readFileSync(KVD, 'utf8'), KVD);
    const before = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    const check = (s: ReturnType<typeof documentSymbols>[number]) => {
      assert.ok(before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end), s.name);
      for (const c of s.children ?? []) {
        assert.ok(before(s.range.start, c.range.start) && before(c.range.end, s.range.end), `${c.name} in ${s.name}`);
        check(c);
      }
    };
    documentSymbols(doc).forEach(check);
  });

  it('returns no groups for an empty document', () => {
    assert.deepEqual(documentSymbols(featureDoc('')), []);
  });
});

describe('workspace symbols', () => {
  it('finds packages and subpackages by part of their name, prefix matches first', async () => {
    const index = await fixtureTreeIndex();
    const found = workspaceSymbols('kv', index);
    assert.ok(found.length > 3);
    assert.ok(found.findIndex((s) => s.name === 'kvd') < found.findIndex((s) => s.name === 'libkv'));
    const dev = found.find((s) => s.name === 'libkv-dev')!;
    assert.equal(dev.containerName, 'main/libkv');
    assert.equal(dev.location.uri, pathToFileURL(path.join(FIXTURE_TREE, 'main', 'libkv', 'APKBUILD')).href);
    assert.equal(found.find((s) => s.name === 'kvd')!.kind, SymbolKind.Package);
  });

  it('finds nothing without an index or for an unknown name', async () => {
    assert.deepEqual(workspaceSymbols('kv', undefined), []);
    assert.deepEqual(workspaceSymbols('zzzz-nothing', await fixtureTreeIndex()), []);
    assert.deepEqual(workspaceSymbols('x', new PackageIndex([])), []);
  });
});

describe('document links', () => {
  it('links url= and remote sources after expansion, and local sources to their files', () => {
    const doc = featureDoc(fs.readFileSync(KVD, 'utf8'), KVD);
    const links = documentLinks(doc);
    assert.deepEqual(links.map((l) => l.target), [
      'https://libkv.example.org/kvd/',
      'https://libkv.example.org/releases/kvd-1.8.0.tar.xz',
      pathToFileURL(path.join(path.dirname(KVD), 'kvd.conf')).href,
      pathToFileURL(path.join(path.dirname(KVD), 'kvd.initd')).href,
      pathToFileURL(path.join(path.dirname(KVD), 'kvd.confd')).href,
    ]);
    assert.equal(doc.text.slice(doc.apkbuild.lines.offset(links[1].range.start), doc.apkbuild.lines.offset(links[1].range.end)), 'https://libkv.example.org/releases/kvd-$pkgver.tar.xz');
  });

  it('links the URL of a renamed download and skips values known only at build time', () => {
    const doc = featureDoc('pkgname=foo\npkgver=1\nsource="foo-$pkgver.tgz::https://e.org/v$pkgver.tgz\n\thttps://e.org/$(date).tgz\n\tmissing.patch"\n');
    assert.deepEqual(documentLinks(doc).map((l) => l.target), ['https://e.org/v1.tgz']);
  });
});
