// Runs a node script in this process and reports its peak RSS and CPU time (worker threads
// included) on exit.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  const split = threadSplit();
  fs.writeSync(2, `\n__MAXRSS_KB__ ${u.maxRSS}\n__CPU_US__ ${u.userCPUTime + u.systemCPUTime}\n${split ? `__MAIN_US__ ${split.main}\n__LIVE_US__ ${split.others}\n` : ''}`);
});

/**
 * CPU time of this thread and of the threads still alive at exit (V8's compiler and GC helpers,
 * libuv's pool), from Linux's per-thread counters; worker threads have ended by then, so what is
 * left of the total is theirs. Undefined where /proc is missing.
 */
function threadSplit() {
  const tick = 1e6 / 100; // USER_HZ is 100 on Linux
  try {
    let main = 0;
    let others = 0;
    for (const tid of fs.readdirSync('/proc/self/task')) {
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const us = (Number(fields[11]) + Number(fields[12])) * tick;
      if (Number(tid) === process.pid) main += us;
      else others += us;
    }
    return { main, others };
  } catch {
    return undefined;
  }
}
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
const mod = require(require('node:path').resolve(script));
if (typeof mod.run === 'function') mod.run();
