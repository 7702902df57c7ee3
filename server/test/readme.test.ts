import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rulesMarkdown } from '../src/cli/rules-command';
import { REPO_ROOT } from './helpers';

test('the README rule table is the one the registry generates (npm run readme)', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const table = /<!-- rules:start -->\n([\s\S]*?)<!-- rules:end -->/.exec(readme);
  assert.ok(table, 'README has the rules markers');
  assert.equal(table[1], rulesMarkdown());
});
