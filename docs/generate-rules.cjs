// Regenerates docs/rules.md from the rule registry (one section per rule, anchored by its code).
// Usage, from the repository root after a build (npm run build): node docs/generate-rules.cjs
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { rulesDocument } = require('../server/out/src/cli/formatters/rule-docs');

fs.writeFileSync(path.join(__dirname, 'rules.md'), rulesDocument());
