// Runs a node script in this process and reports its peak RSS and CPU time (worker threads
// included) on exit.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeSync(2, `\n__MAXRSS_KB__ ${u.maxRSS}\n__CPU_US__ ${u.userCPUTime + u.systemCPUTime}\n`);
});
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
const mod = require(require('node:path').resolve(script));
if (typeof mod.run === 'function') mod.run();
