import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import { before, describe, it } from 'node:test';
import { completion } from '../src/features/completion';
import { definition } from '../src/features/definition';
import { documentLinks } from '../src/features/document-links';
import { hover } from '../src/features/hover';
import { references } from '../src/features/references';
import { prepareRename, rename } from '../src/features/rename';
import { documentSymbols } from '../src/features/symbols';
import { featureDoc, FIXTURE_TREE, fixtureTreeIndex, initParser } from './feature-helpers';
import { findApkbuilds, FIXTURES } from './helpers';

before(initParser);

describe('every feature on every fixture', () => {
  it('answers at every third offset of every fixture APKBUILD (rule fixtures included) without throwing', async () => {
    const index = await fixtureTreeIndex();
    const files = [...findApkbuilds(FIXTURE_TREE), ...findApkbuilds(`${FIXTURES}/rules`)];
    assert.ok(files.length > 50, `${files.length} files`);
    let calls = 0;
    for (const file of files) {
      const doc = featureDoc(fs.readFileSync(file, 'utf8'), file);
      documentSymbols(doc);
      documentLinks(doc);
      for (let offset = 0; offset <= doc.text.length; offset += 3) {
        const p = doc.apkbuild.lines.position(offset);
        const where = `${file}:${p.line + 1}:${p.character + 1}`;
        assert.doesNotThrow(() => completion(doc, p, index), where);
        assert.doesNotThrow(() => hover(doc, p, index), where);
        assert.doesNotThrow(() => definition(doc, p, index), where);
        assert.doesNotThrow(() => references(doc, p), where);
        if (prepareRename(doc, p)) assert.ok(rename(doc, p, '_renamed_' + offset), where);
        calls++;
      }
    }
    assert.ok(calls > 1000);
  });
});
