// Regenerates the rule table in the top-level README.md from the rule registry.
// Usage: npm run readme   (after npm run build)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { rulesMarkdown } = require('../out/src/cli/rules-command');

const readme = path.join(__dirname, '..', '..', 'README.md');
const text = fs.readFileSync(readme, 'utf8');
const start = '<!-- rules:start -->\n';
const end = '<!-- rules:end -->';
const a = text.indexOf(start);
const b = text.indexOf(end);
if (a === -1 || b === -1) throw new Error('README.md has no rules:start/rules:end markers');
fs.writeFileSync(readme, text.slice(0, a + start.length) + rulesMarkdown() + text.slice(b));
