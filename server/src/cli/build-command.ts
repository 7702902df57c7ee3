import { parseArgs } from 'node:util';
import { processIo, runChainCli } from '../build/chain-cli';
import { initParser } from '../parser/parser';
import { ALPINE_BUILD_ARCHES, hostArch, parseArchList } from '../plan/arches';
import { formatPlanJson, formatPlanText } from '../plan/format';
import { findPackageSet, PlanInputError } from '../plan/package-set';
import { indexTree, planPackageSet } from '../plan/plan-tree';
import { PackageIndex } from '../workspace/package-index';
import type { IO } from './lint-command';
import { UsageError } from './usage';

export const BUILD_USAGE = `  build [DIR...]          build package directories in dependency order, per arch, each in a
                          container (podman or docker; foreign arches under QEMU); packages
                          already built from the same inputs are not rebuilt
      --arch A,B          arches (default: this machine's; "all": every Alpine arch)
      --changed-since REV the packages changed between REV and HEAD (as lint --changed-since);
                          DIRs then limit the search
      -f, --format F      text (default; a live summary on a terminal) or json
      --release R         Alpine release of the builder image: edge (default) or 3.xx
      --base-image IMAGE  build FROM a prepared local image with abuild and a builder user
                          ({arch}, {release} replaced) instead of alpine:<release>
      --engine SPEC       podman, docker, or an endpoint such as "podman --connection NAME"
                          (default: podman, then docker)
      --repodest DIR      output repository (default: packages/ beside the aports tree)
      --aports DIR        the aports tree (default: found from the DIRs)
      --jobs N            cores shared out as JOBS (default: all)
      --concurrency N     containers at once
      --force             rebuild packages that are up to date
      --packager NAME     PACKAGER, "Name <mail>" (default: from git config)
      --plan-file FILE    build this plan ({"<arch>": [{"dir","name","needs"}]}) instead of planning
      --plan              only print the build plan (--arch, --changed-since, --format) and exit:
                          0 buildable, 1 problems (cycle, name found nowhere, two packages
                          providing one name)
`;

export async function buildCommand(argv: string[], io: IO): Promise<number> {
  if (argv.includes('-h') || argv.includes('--help')) {
    io.stdout(`usage: apkbuild-ls build [DIR...] [options]\n${BUILD_USAGE}`);
    return 0;
  }
  if (!argv.includes('--plan')) return runBuilds(argv, io);
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

/** The builds themselves: the chain runner on this terminal, Ctrl-C cancelling them. */
async function runBuilds(argv: string[], io: IO): Promise<number> {
  // -f is the plan's and lint's short form of --format; the runner knows only the long one
  const args = argv.map((a) => (a === '-f' ? '--format' : a));
  const chainIo = processIo({
    stdout: { write: io.stdout, isTTY: io.stdoutIsTTY ?? false },
    stderr: { write: io.stderr },
    cwd: io.cwd,
  });
  try {
    return await runChainCli(args, chainIo);
  } finally {
    chainIo.dispose();
  }
}
