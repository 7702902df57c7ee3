import { Apkbuild } from '../apkbuild/apkbuild';
import { memo } from '../apkbuild/facts';
import { buildModel } from '../apkbuild/model';
import { SourceEntry } from '../apkbuild/sources';
import { parseText } from '../parser/parser';
import { Rule, RuleContext, RuleFinding } from './types';

/**
 * Checks of the OpenRC init scripts a package ships: its local `*.initd` sources, read from the
 * package directory and reported on their own lines.
 */

interface LocalSource {
  source: SourceEntry;
  name: string;
}

/** Local sources whose name ends in `suffix`, each name once. */
function localSources(apkbuild: Apkbuild, suffix: string): LocalSource[] {
  const computed = memo(apkbuild, 'initd:local-sources', newLocalSources);
  let out = computed.get(suffix);
  if (!out) {
    out = [];
    const seen = new Set<string>();
    for (const source of apkbuild.sources) {
      const name = source.fileName;
      if (source.remote || !name || !name.endsWith(suffix) || seen.has(name)) continue;
      seen.add(name);
      out.push({ source, name });
    }
    computed.set(suffix, out);
  }
  return out;
}

const newLocalSources = () => new Map<string, LocalSource[]>();

/** Local sources whose name ends in `suffix`, with their text (skipped when unreadable). */
export function localSourceFiles(apkbuild: Apkbuild, context: RuleContext, suffix: string): { source: SourceEntry; name: string; text: string }[] {
  if (!context.readPackageFile || !apkbuild.text.includes(suffix)) return [];
  const sources = localSources(apkbuild, suffix);
  if (sources.length === 0) return [];
  // a file of the package directory itself that is not in its listing does not exist: no need
  // to try to read it
  const listed = context.listPackageFiles?.();
  const out: { source: SourceEntry; name: string; text: string }[] = [];
  for (const { source, name } of sources) {
    if (listed && !name.includes('/') && !listed.includes(name)) continue;
    const text = context.readPackageFile(name);
    if (text !== undefined) out.push({ source, name, text });
  }
  return out;
}

// abuild's sanitycheck: `case "$line" in '#!'*/sbin/openrc-run) ;; *) die ...`
const OPENRC_SHEBANG = /^#!.*\/sbin\/openrc-run$/;
const DAEMON_TOOLS = new Set(['start-stop-daemon', 'supervise-daemon']);
const START_STOP = /\b(start|stop)\s*\(\s*\)/;

function firstLine(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? text : text.slice(0, nl);
}

export const rules: Rule[] = [
  {
    code: 'AL33',
    label: 'unexpected-shebang-line',
    severity: 'serious',
    certainty: 'certain',
    summary: 'an init script (`*.initd` source) does not start with `#!/sbin/openrc-run`',
    docs:
      'OpenRC runs a service script through its interpreter line: only `#!/sbin/openrc-run` gives it the ' +
      'depend/start/stop machinery (the old `#!/sbin/runscript` and a plain `#!/bin/sh` do not). abuild refuses ' +
      'to build a package whose `.initd` source starts otherwise ("is not an openrc #!/sbin/openrc-run"); the ' +
      'check is the same as abuild\'s: the first line must be `#!` and end in `/sbin/openrc-run`, with nothing after ' +
      'it (not even a space or a carriage return).',
    fixable: false,
    check(apkbuild, context) {
      const out: RuleFinding[] = [];
      for (const { source, name, text } of localSourceFiles(apkbuild, context, '.initd')) {
        const line = firstLine(text);
        if (OPENRC_SHEBANG.test(line)) continue;
        const shown = JSON.stringify(line.length > 60 ? line.slice(0, 60) + '…' : line);
        const message = line.startsWith('#!')
          ? `${name}: unexpected shebang line ${shown}: an init script must start with #!/sbin/openrc-run`
          : `${name}: missing shebang line: an init script must start with #!/sbin/openrc-run (first line is ${shown})`;
        out.push({ span: source.span, message, file: { name, line: 0 } });
      }
      return out;
    },
  },
  {
    code: 'AL34',
    label: 'custom-start-stop-function',
    severity: 'minor',
    certainty: 'possible',
    summary: 'an init script writes its own start() or stop() around start-stop-daemon/supervise-daemon',
    docs:
      'openrc-run starts and stops a daemon by itself from `command`, `command_args`, `command_user`, `pidfile`, ' +
      '`command_background` and `start_stop_daemon_args` (or `supervisor=supervise-daemon`). A start() or stop() ' +
      'that only calls start-stop-daemon or supervise-daemon repeats that logic, usually less completely (no ' +
      'status, no retry, no supervisor). Set those variables instead and move any preparation into start_pre() ' +
      '(checkpath, configuration checks) or stop_post(). The check is marked possible: a function that does more ' +
      'than run one daemon (several daemons, a foreground tool that exits) may be right as it is.',
    fixable: false,
    check(apkbuild, context) {
      const out: RuleFinding[] = [];
      for (const { source, name, text } of localSourceFiles(apkbuild, context, '.initd')) {
        // a finding needs a command named after one of the tools (its text, maybe with a path
        // before it) in a start() or stop(): parse only scripts that can have one
        if (!(text.includes('start-stop-daemon') || text.includes('supervise-daemon')) || !START_STOP.test(text)) continue;
        const tree = parseText(text);
        let model;
        try {
          model = buildModel(text, tree);
        } finally {
          tree.delete();
        }
        for (const fn of model.functions) {
          if (fn.name !== 'start' && fn.name !== 'stop') continue;
          const tool = fn.script.commands.map((c) => c.name?.raw.replace(/^.*\//, '')).find((n) => n !== undefined && DAEMON_TOOLS.has(n));
          if (!tool) continue;
          out.push({
            span: source.span,
            message: `${name}: ${fn.name}() runs ${tool} itself: let openrc-run do it (command=, command_args=, pidfile=, ...)`,
            file: { name, line: model.lines.lineOf(fn.nameSpan.start) },
          });
        }
      }
      return out;
    },
  },
];
