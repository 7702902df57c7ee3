import { parseArgs } from 'node:util';
import { initParser } from '../parser/parser';
import { ALPINE_BUILD_ARCHES, hostArch, parseArchList } from '../plan/arches';
import { formatPlanJson, formatPlanText } from '../plan/format';
import { findPackageSet, PlanInputError } from '../plan/package-set';
import { indexTree, planPackageSet } from '../plan/plan-tree';
import { PackageIndex } from '../workspace/package-index';
import type { IO } from './lint-command';
import { UsageError } from './usage';

export const BUILD_USAGE = `  build [DIR...]          build package directories (default: .) in dependency order, per arch
      --plan              print the build plan and exit: 0 buildable, 1 problems (cycle, name
                          found nowhere, two packages providing one name)
      --arch A,B          arches to plan for (default: this machine's; "all": ${ALPINE_BUILD_ARCHES.length} Alpine arches)
      --changed-since REV the packages changed between REV and HEAD (as lint --changed-since);
                          DIRs then limit the search
      -f, --format F      text (default) or json
`;

export async function buildCommand(argv: string[], io: IO): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      plan: { type: 'boolean', default: false },
      arch: { type: 'string', multiple: true },
      'changed-since': { type: 'string' },
      format: { type: 'string', short: 'f', default: 'text' },
    },
  });
  if (!values.plan) {
    io.stderr('apkbuild-ls build: running builds from the command line needs the container runner, which is not wired into the CLI yet; `apkbuild-ls build --plan` prints the plan (builds run from VS Code for now)\n');
    return 2;
  }
  if (values.format !== 'text' && values.format !== 'json') throw new UsageError(`build --plan: unknown format "${values.format}" (known: text, json)`);
  const changedSince = values['changed-since'];
  if (changedSince === '') throw new UsageError('--changed-since takes a revision (a commit, branch or tag)');
  let arches: string[];
  try {
    arches = values.arch ? parseArchList(values.arch) : [hostArch() ?? 'x86_64'];
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (arches.length === 0) throw new UsageError('--arch takes a comma-separated list of arches');

  let plan;
  let set;
  try {
    set = findPackageSet({ cwd: io.cwd, env: io.env, paths: positionals, changedSince });
    await initParser();
    // an empty change needs no index
    const index = set.dirs.length > 0 ? await indexTree(set.treeRoot) : new PackageIndex([]);
    plan = planPackageSet(set, index, arches);
  } catch (e) {
    if (!(e instanceof PlanInputError)) throw e;
    io.stderr(`apkbuild-ls: ${e.message}\n`);
    return 2;
  }
  io.stdout(values.format === 'json' ? formatPlanJson(plan, set) : formatPlanText(plan, set));
  return plan.problems.length > 0 ? 1 : 0;
}
