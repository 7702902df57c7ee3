import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { analyze } from '../src/apkbuild/apkbuild';
import { parseText } from '../src/parser/parser';
import { FsTreeIndex } from '../src/workspace/fs-tree-index';
import { extractPackageFacts } from '../src/workspace/package-facts';
import { BuildProgress, FileChangeType, PackageIndex } from '../src/workspace/package-index';
import { FIXTURE_TREE, initParser } from './feature-helpers';
import { findApkbuilds, FIXTURES, lintFile, writeTree } from './helpers';

const tmpRoots: string[] = [];
function tmpTree(files: Record<string, string | Buffer>): string {
  const root = writeTree('apkbuild-index-', files);
  tmpRoots.push(root);
  return root;
}
const apkbuild = (name: string, extra = '') => `pkgname=${name}\npkgver=1.0\npkgrel=0\npkgdesc="the ${name} package"\n${extra}\npackage() {\n\t:\n}\n`;

before(initParser);
after(() => {
  for (const root of tmpRoots) fs.rmSync(root, { recursive: true, force: true });
});

describe('package facts', () => {
  it('reads the same pkgname, pkgver, pkgrel, pkgdesc and subpackages as the full model for every fixture APKBUILD', () => {
    const files = findApkbuilds(FIXTURE_TREE);
    assert.ok(files.length >= 10);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      const tree = parseText(text);
      const model = analyze(text, tree);
      tree.delete();
      const facts = extractPackageFacts(text);
      for (const name of ['pkgname', 'pkgver', 'pkgrel', 'pkgdesc'] as const) {
        const v = model.env.get(name);
        assert.equal(facts[name], v && !v.symbolic ? v.value : undefined, `${file}: ${name}`);
      }
      for (const sub of model.subpackages.filter((s) => s.known)) assert.ok(facts.subpackages.includes(sub.name), `${file}: ${sub.name}`);
    }
  });

  it('expands $pkgname in subpackages and strips split functions and arches', () => {
    const facts = extractPackageFacts('pkgname=foo\nsubpackages="$pkgname-doc $pkgname-tools:tools:noarch ${pkgname}-dev"\n');
    assert.deepEqual(facts.subpackages, ['foo-doc', 'foo-tools', 'foo-dev']);
  });

  it('keeps so:, cmd: and pc: provides without their versions, and subpackages added conditionally', () => {
    const facts = extractPackageFacts(
      'pkgname=foo\npkgver=2.1\nprovides="cmd:foo=$pkgver so:libfoo.so.2 pc:foo>=2 foo-compat"\ncase "$CARCH" in\nx86_64) subpackages="$subpackages $pkgname-jit";;\nesac\n',
    );
    assert.deepEqual(facts.provides, ['cmd:foo', 'so:libfoo.so.2', 'pc:foo', 'foo-compat']);
    assert.deepEqual(facts.subpackages, ['foo-jit']);
  });

  it('reads nothing from assignments inside functions and never runs command substitutions', () => {
    const facts = extractPackageFacts('pkgname=foo\npkgver=$(touch /tmp/never)\nbuild() {\n\tpkgname=bar\n}\n');
    assert.equal(facts.pkgname, 'foo');
    assert.equal(facts.pkgver, undefined);
  });
});

describe('PackageIndex', () => {
  it('indexes every APKBUILD of the fixture tree with its repo, directory and version', async () => {
    const index = new PackageIndex([FIXTURE_TREE]);
    await index.build();
    assert.equal(index.size, findApkbuilds(FIXTURE_TREE).length);
    const [libkv] = index.lookup('libkv');
    assert.equal(libkv.role, 'package');
    assert.equal(libkv.entry.repo, 'main');
    assert.equal(libkv.entry.dir, path.join(FIXTURE_TREE, 'main', 'libkv'));
    assert.equal(libkv.entry.path, path.join(FIXTURE_TREE, 'main', 'libkv', 'APKBUILD'));
    assert.match(libkv.entry.pkgver ?? '', /^\d/);
    assert.ok(libkv.entry.pkgdesc);
    assert.deepEqual(index.lookup('libkv-dev').map((m) => [m.role, m.entry.pkgname]), [['subpackage', 'libkv']]);
  });

  it('reports progress from 0 to the number of files found', async () => {
    const index = new PackageIndex([FIXTURE_TREE]);
    const reports: BuildProgress[] = [];
    await index.build({ onProgress: (p) => reports.push({ ...p }) });
    const total = findApkbuilds(FIXTURE_TREE).length;
    assert.deepEqual(reports[0], { done: 0, total });
    assert.deepEqual(reports[reports.length - 1], { done: total, total });
  });

  it('answers the TreeIndex questions the repo rules ask like the on-disk index does', async () => {
    const index = new PackageIndex([FIXTURE_TREE]);
    await index.build();
    const disk = new FsTreeIndex(FIXTURE_TREE);
    for (const entry of index.entries()) {
      assert.equal(index.repoOf(entry.dir), disk.repoOf(entry.dir), entry.dir);
      assert.deepEqual(index.packageDirs(entry.pkgname), disk.packageDirs(entry.pkgname), entry.pkgname);
    }
    assert.equal(index.repoRank('main'), 0);
    assert.equal(index.repoRank('testing'), 2);
    assert.deepEqual(index.packageDirs('no-such-package'), []);
  });

  it('gives the repo rules the same findings as the on-disk index on their fixture trees', async () => {
    let fired = 0;
    for (const code of ['AL16', 'AL18', 'AL20', 'AL22']) {
      for (const kind of ['bad', 'good']) {
        const root = path.join(FIXTURES, 'rules', code, kind);
        if (!fs.existsSync(root)) continue;
        const index = new PackageIndex([root]);
        await index.build();
        for (const file of findApkbuilds(root)) {
          const codes = (tree?: PackageIndex) => lintFile(file, tree ? { tree } : {}).filter((f) => f.code === code).map((f) => `${f.range.start.line}:${f.message}`);
          const withIndex = codes(index);
          assert.deepEqual(withIndex, codes(), file);
          fired += withIndex.length;
        }
      }
    }
    assert.ok(fired >= 4, `${fired} findings`);
  });

  it('gives the repo rules fresh answers after the index changes: a dependency moved down from testing is no longer reported', async () => {
    const root = tmpTree({ 'main/app/APKBUILD': apkbuild('app', 'depends="foo"'), 'testing/foo/APKBUILD': apkbuild('foo') });
    const index = new PackageIndex([root]);
    await index.build();
    const app = path.join(root, 'main', 'app', 'APKBUILD');
    const al16 = () => lintFile(app, { tree: index }).filter((f) => f.code === 'AL16').map((f) => f.message);
    assert.deepEqual(al16(), ["depends 'foo' is in upper repo 'testing'; this package is in 'main'"]);
    fs.mkdirSync(path.join(root, 'main', 'foo'));
    fs.renameSync(path.join(root, 'testing', 'foo', 'APKBUILD'), path.join(root, 'main', 'foo', 'APKBUILD'));
    await index.applyFileChange(path.join(root, 'testing', 'foo'), FileChangeType.Deleted);
    await index.applyFileChange(path.join(root, 'main', 'foo'), FileChangeType.Created);
    assert.deepEqual(al16(), []);
  });

  it('follows a created, changed and deleted APKBUILD, and a deleted package directory', async () => {
    const root = tmpTree({ 'main/a/APKBUILD': apkbuild('a') });
    const index = new PackageIndex([root]);
    await index.build();
    assert.equal(index.size, 1);
    fs.mkdirSync(path.join(root, 'community', 'b'), { recursive: true });
    fs.writeFileSync(path.join(root, 'community', 'b', 'APKBUILD'), apkbuild('b', 'subpackages="$pkgname-doc"'));
    await index.update(path.join(root, 'community', 'b', 'APKBUILD'));
    assert.equal(index.lookup('b-doc')[0].entry.repo, 'community');
    fs.writeFileSync(path.join(root, 'community', 'b', 'APKBUILD'), apkbuild('b', 'subpackages="$pkgname-dev"'));
    await index.update(path.join(root, 'community', 'b', 'APKBUILD'));
    assert.deepEqual(index.lookup('b-doc'), []);
    assert.equal(index.lookup('b-dev').length, 1);
    fs.rmSync(path.join(root, 'main', 'a', 'APKBUILD'));
    await index.update(path.join(root, 'main', 'a', 'APKBUILD'));
    assert.deepEqual(index.lookup('a'), []);
    index.remove(path.join(root, 'community'));
    assert.equal(index.size, 0);
    assert.deepEqual(index.lookup('b-dev'), []);
  });

  it('applies watcher changes: a created package directory, a changed APKBUILD, a deleted repo', async () => {
    const root = tmpTree({ 'main/a/APKBUILD': apkbuild('a') });
    const index = new PackageIndex([root]);
    await index.build();
    fs.mkdirSync(path.join(root, 'testing', 'b', 'sub'), { recursive: true });
    fs.writeFileSync(path.join(root, 'testing', 'b', 'APKBUILD'), apkbuild('b'));
    await index.applyFileChange(path.join(root, 'testing'), FileChangeType.Created);
    assert.equal(index.lookup('b')[0].entry.repo, 'testing');
    fs.writeFileSync(path.join(root, 'main', 'a', 'APKBUILD'), apkbuild('a', 'provides="cmd:a"'));
    await index.applyFileChange(path.join(root, 'main', 'a', 'APKBUILD'), FileChangeType.Changed);
    assert.equal(index.lookup('cmd:a').length, 1);
    await index.applyFileChange(path.join(root, 'main', 'a', 'patch.diff'), FileChangeType.Changed);
    fs.rmSync(path.join(root, 'main'), { recursive: true });
    await index.applyFileChange(path.join(root, 'main'), FileChangeType.Deleted);
    assert.deepEqual([...index.entries()].map((e) => e.pkgname), ['b']);
  });

  it('lists names by prefix, shortest first, with how many match, and forgets removed ones', () => {
    const index = new PackageIndex([]);
    for (const name of ['py3-b', 'py3-aaaa', 'py3', 'py3-a', 'perl', 'pz']) index.updateText(`/t/main/${name}/APKBUILD`, `pkgname=${name}\n`);
    assert.deepEqual(index.namesStartingWith('py3', 3), { names: ['py3', 'py3-a', 'py3-b'], total: 4 });
    assert.deepEqual(index.namesStartingWith('q', 3), { names: [], total: 0 });
    assert.equal(index.namesStartingWith('', 100).total, 6);
    index.remove('/t/main/py3');
    assert.deepEqual(index.namesStartingWith('py3', 10).names, ['py3-a', 'py3-b', 'py3-aaaa']);
  });

  it('drops packages that are gone when it builds again', async () => {
    const root = tmpTree({ 'main/a/APKBUILD': apkbuild('a'), 'main/b/APKBUILD': apkbuild('b') });
    const index = new PackageIndex([root]);
    await index.build();
    fs.rmSync(path.join(root, 'main', 'a'), { recursive: true });
    await index.build();
    assert.deepEqual([...index.entries()].map((e) => e.pkgname), ['b']);
  });

  it('indexes the unsaved text of an open document', async () => {
    const root = tmpTree({ 'main/a/APKBUILD': apkbuild('a') });
    const index = new PackageIndex([root]);
    await index.build();
    index.updateText(path.join(root, 'main', 'a', 'APKBUILD'), apkbuild('a', 'provides="cmd:aa"'));
    assert.equal(index.lookup('cmd:aa')[0].role, 'provides');
  });

  it('builds an empty index from an empty folder and from a folder that does not exist', async () => {
    const empty = tmpTree({});
    for (const root of [empty, path.join(empty, 'missing')]) {
      const index = new PackageIndex([root]);
      const reports: BuildProgress[] = [];
      await index.build({ onProgress: (p) => reports.push(p) });
      assert.equal(index.size, 0);
      assert.deepEqual(reports[reports.length - 1], { done: 0, total: 0 });
    }
  });

  it('survives symlink loops, dangling links, a directory named APKBUILD, a 5 MB file and invalid UTF-8', async () => {
    const root = tmpTree({
      'main/good/APKBUILD': apkbuild('good'),
      'main/latin1/APKBUILD': Buffer.concat([Buffer.from('pkgname=latin1\npkgdesc="caf'), Buffer.from([0xe9, 0xff]), Buffer.from('"\n')]),
    });
    fs.symlinkSync(root, path.join(root, 'main', 'loop'));
    fs.symlinkSync(path.join(root, 'main'), path.join(root, 'main', 'good', 'up'));
    fs.mkdirSync(path.join(root, 'testing', 'dangling'), { recursive: true });
    fs.symlinkSync(path.join(root, 'nowhere'), path.join(root, 'testing', 'dangling', 'APKBUILD'));
    fs.mkdirSync(path.join(root, 'testing', 'dir', 'APKBUILD'), { recursive: true });
    fs.mkdirSync(path.join(root, 'testing', 'huge'), { recursive: true });
    fs.writeFileSync(path.join(root, 'testing', 'huge', 'APKBUILD'), Buffer.alloc(5 * 1024 * 1024, 0x41));
    const index = new PackageIndex([root]);
    await index.build();
    assert.deepEqual([...index.entries()].map((e) => e.pkgname).sort(), ['good', 'huge', 'latin1']);
    assert.equal(index.lookup('huge')[0].entry.pkgver, undefined);
    assert.equal(index.lookup('latin1')[0].entry.pkgdesc, 'caf\ufffd\ufffd');
  });

  it('skips an APKBUILD it may not read', { skip: process.getuid?.() === 0 ? 'running as root: file permissions do not stop reads (the dangling link and directory cases above cover unreadable paths)' : false }, async () => {
    const root = tmpTree({ 'main/open/APKBUILD': apkbuild('open'), 'main/closed/APKBUILD': apkbuild('closed') });
    fs.chmodSync(path.join(root, 'main', 'closed', 'APKBUILD'), 0o000);
    const index = new PackageIndex([root]);
    await index.build();
    assert.deepEqual([...index.entries()].map((e) => e.pkgname), ['open']);
  });

  it('finishes when files vanish or change while the scan runs, and ends up as the watcher says', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[`testing/p${i}/APKBUILD`] = apkbuild(`p${i}`);
    const root = tmpTree(files);
    const index = new PackageIndex([root]);
    let watcher: Promise<void> | undefined;
    await index.build({
      onProgress: ({ done }) => {
        if (done > 0 && !watcher) {
          for (let i = 200; i < 400; i++) fs.rmSync(path.join(root, 'testing', `p${i}`), { recursive: true });
          fs.writeFileSync(path.join(root, 'testing', 'p199', 'APKBUILD'), apkbuild('renamed'));
          // what the server does on didChangeWatchedFiles
          for (let i = 200; i < 400; i++) index.remove(path.join(root, 'testing', `p${i}`));
          watcher = index.update(path.join(root, 'testing', 'p199', 'APKBUILD'));
        }
      },
    });
    await watcher;
    assert.equal(index.size, 200);
    for (const e of index.entries()) assert.ok(fs.existsSync(e.path), e.path);
    assert.equal(index.entryAt(path.join(root, 'testing', 'p199', 'APKBUILD'))?.pkgname, 'renamed');
  });

  it('does not let a scan overwrite what the editor reported meanwhile', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`main/p${i}/APKBUILD`] = apkbuild(`p${i}`);
    const root = tmpTree(files);
    const target = path.join(root, 'main', 'p299', 'APKBUILD');
    const index = new PackageIndex([root]);
    let edited = false;
    await index.build({
      onProgress: ({ done }) => {
        if (done > 0 && !edited) {
          edited = true;
          index.updateText(target, apkbuild('edited'));
        }
      },
    });
    assert.ok(edited);
    assert.equal(index.entryAt(target)?.pkgname, 'edited');
    assert.equal(index.size, 300);
  });

  it('indexes a tree of 50,000 files and does not search the build directories of packages', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apkbuild-index-big-'));
    tmpRoots.push(root);
    let count = 0;
    for (let p = 0; p < 1000; p++) {
      const dir = path.join(root, 'community', `pkg${p}`);
      fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'APKBUILD'), apkbuild(`pkg${p}`));
      count++;
      // abuild's src/ with an APKBUILD of a vendored project: not a package of the tree
      fs.writeFileSync(path.join(dir, 'src', 'APKBUILD'), apkbuild(`vendored${p}`));
      count++;
      for (let f = 0; f < 48; f++, count++) fs.writeFileSync(path.join(dir, `file${f}.patch`), '');
    }
    assert.equal(count, 50_000);
    const index = new PackageIndex([root]);
    await index.build();
    assert.equal(index.size, 1000);
    assert.deepEqual(index.lookup('vendored1'), []);
  });
});
