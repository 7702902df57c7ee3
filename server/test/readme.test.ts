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

test('the README CI snippets are the ones in docs/ci.md', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const ci = fs.readFileSync(path.join(REPO_ROOT, 'docs', 'ci.md'), 'utf8');
  const yaml = (text: string) => [...text.matchAll(/\n```yaml\n([\s\S]*?)\n```\n/g)].map((m) => m[1]);
  const inReadme = yaml(readme);
  const jobs = yaml(ci).filter((b) => b.startsWith('apkbuild-lint:') || b.startsWith('name: apkbuild-lint'));
  assert.equal(jobs.length, 2);
  for (const job of jobs) assert.ok(inReadme.includes(job), job.split('\n')[0]);
});
