import * as path from 'node:path';
import { Apkbuild } from '../apkbuild/apkbuild';
import { assignmentsOf, definitionOf } from '../apkbuild/facts';
import { bySpan, CheckedList, ListEntry, listInfo } from './duplicate-depends';
import { Rule, RuleContext, RuleFinding, TreeIndex } from './types';
import { detached } from '../detached';

/**
 * atools' aports-lint checks of a package against the aports tree around it (AL16, AL18, AL20,
 * AL22, AL23), restated:
 *
 * - The repositories form a ladder main < community < testing < unmaintained: a package may
 *   only depend on packages of its own repository or of a lower one. Packages in unmaintained
 *   may depend on anything, and non-free is not checked.
 * - A dependency is found the way atools does it, by directory name: `<repo>/<name>/APKBUILD`.
 *   atools first strips the common subpackage suffixes (-dev -doc -openrc -bash-completion
 *   -zsh-completion -fish-completion -static -lang) so that `foo-dev` finds `foo`; here the name
 *   as written is tried first, so a package really called `gtk-doc` is not taken for `gtk`.
 * - Version constraints are dropped (`foo>=1.2` is `foo`); `!conflicts` and provider names
 *   (so:, cmd:, pc:, py3.x:) name no directory and are skipped.
 * - checkdepends is not checked when options has `!check`.
 */

/** The subpackage suffixes atools strips, in its order. */
const STRIPPED_SUFFIXES = ['-dev', '-doc', '-openrc', '-bash-completion', '-zsh-completion', '-fish-completion', '-static', '-lang'];
/** Repositories a package can be found in (atools' find_dupe), highest first. */
const LADDER = ['unmaintained', 'testing', 'community', 'main'];

function rankOf(tree: TreeIndex, repo: string): number | undefined {
  return tree.repoRank(repo) ?? (repo === 'unmaintained' ? LADDER.length - 1 : undefined);
}

function stripSuffixes(name: string): string {
  for (const s of STRIPPED_SUFFIXES) if (name.endsWith(s)) name = name.slice(0, -s.length);
  return name;
}

/** What the tree says about one name, worked out when first asked. */
interface NameFacts {
  /** the repositories holding the package the name finds as a dependency (atools' find_repo) */
  found: string[] | undefined;
}

interface TreeCache {
  /** the tree's generation the answers below come from */
  generation: number | undefined;
  /** package directory → its repository */
  repos: Map<string, string | undefined>;
  /** what is known about each name */
  names: Map<string, NameFacts>;
  /** rank of the depending package → dependency name → the repositories above that rank it
   * finds, in ladder order (the question asked of every entry: one lookup, the answer itself) */
  upper: Map<number, Map<string, readonly string[]>>;
}
const caches = new WeakMap<TreeIndex, TreeCache>();

function cacheOf(tree: TreeIndex): TreeCache {
  let c = caches.get(tree);
  if (!c || c.generation !== tree.generation) {
    c = { generation: tree.generation, repos: new Map(), names: new Map(), upper: new Map() };
    caches.set(tree, c);
  }
  return c;
}

function factsOf(cache: TreeCache, name: string): NameFacts {
  let facts = cache.names.get(name);
  if (!facts) {
    facts = { found: undefined };
    cache.names.set(detached(name), facts);
  }
  return facts;
}

const NONE: readonly string[] = Object.freeze([]);

/** Dependency name → the repositories above a rank holding the package it finds, for one rank. */
function upperCacheOf(cache: TreeCache, ownRank: number): Map<string, readonly string[]> {
  let byName = cache.upper.get(ownRank);
  if (!byName) {
    byName = new Map();
    cache.upper.set(ownRank, byName);
  }
  return byName;
}

/** The repositories above the package's rank holding the package a dependency name finds, in ladder order. */
function upperReposOf(own: OwnRepo, byName: Map<string, readonly string[]>, name: string, ownRank: number): readonly string[] {
  let repos = byName.get(name);
  if (!repos) {
    const { tree, cache } = own;
    const found = looksInside(tree) ? upperReposLookingInside(tree, cache, name, ownRank) : reposOf(tree, cache, factsOf(cache, name), name).filter((repo) => isAbove(tree, repo, ownRank));
    repos = found.length === 0 ? NONE : found.sort((a, b) => LADDER.indexOf(a) - LADDER.indexOf(b));
    byName.set(detached(name), repos);
  }
  return repos;
}

/** A tree index that can say which directories to look inside before looking. */
type LookingIndex = TreeIndex & Required<Pick<TreeIndex, 'dirsNamed' | 'holdsPackage'>>;

function looksInside(tree: TreeIndex): tree is LookingIndex {
  return tree.dirsNamed !== undefined && tree.holdsPackage !== undefined;
}

function isAbove(tree: TreeIndex, repo: string | undefined, ownRank: number): boolean {
  return !!repo && (rankOf(tree, repo) ?? -1) > ownRank;
}

/**
 * reposOf's repositories above a rank, looking for an APKBUILD only in the directories that
 * decide it (a look is a file system call; most dependencies are in the package's own repository
 * or below, where none is needed): those of the name above the rank; when none holds a package,
 * the ones of the stripped name above the rank, if any, and then whether the name has a package
 * below (which keeps the stripped name from being tried).
 */
function upperReposLookingInside(tree: LookingIndex, cache: TreeCache, name: string, ownRank: number): string[] {
  const named = tree.dirsNamed(name);
  const found = upperPackageRepos(tree, cache, named, ownRank);
  if (found.length > 0) return found;
  const stripped = stripSuffixes(name);
  if (stripped === name || stripped === '') return found;
  const strippedNamed = tree.dirsNamed(stripped);
  if (!strippedNamed.some((dir) => isAbove(tree, repoOfDir(tree, cache, dir), ownRank))) return found;
  // the stripped name is tried only when the name itself finds no package at all
  if (named.some((dir) => tree.holdsPackage(dir))) return found;
  return upperPackageRepos(tree, cache, strippedNamed, ownRank);
}

/** The repositories above a rank of the directories that hold a package, each once. */
function upperPackageRepos(tree: LookingIndex, cache: TreeCache, dirs: readonly string[], ownRank: number): string[] {
  const repos: string[] = [];
  for (const dir of dirs) {
    const repo = repoOfDir(tree, cache, dir);
    if (isAbove(tree, repo, ownRank) && !repos.includes(repo!) && tree.holdsPackage(dir)) repos.push(repo!);
  }
  return repos;
}

function repoOfDir(tree: TreeIndex, cache: TreeCache, dir: string): string | undefined {
  const { repos } = cache;
  let repo = repos.get(dir);
  if (repo === undefined && !repos.has(dir)) {
    repo = tree.repoOf(dir);
    repos.set(dir, repo);
  }
  return repo;
}

/** The repositories holding the package a dependency name finds (atools' find_repo). */
function reposOf(tree: TreeIndex, cache: TreeCache, facts: NameFacts, name: string): string[] {
  let repos = facts.found;
  if (!repos) {
    let dirs = tree.packageDirs(name);
    if (dirs.length === 0) {
      const stripped = stripSuffixes(name);
      if (stripped !== name && stripped !== '') dirs = tree.packageDirs(stripped);
    }
    repos = [];
    for (const dir of dirs) {
      const repo = repoOfDir(tree, cache, dir);
      if (repo && !repos.includes(repo)) repos.push(repo);
    }
    facts.found = repos;
  }
  return repos;
}

interface OwnRepo {
  tree: TreeIndex;
  cache: TreeCache;
  repo: string;
  packageDir: string;
  /** where the package stands on the ladder; undefined when its dependencies are not checked
   * (unmaintained is the top of the ladder; non-free and unknown repositories are not checked) */
  rank: number | undefined;
  /** upperReposOf's cache for that rank */
  upper: Map<string, readonly string[]> | undefined;
}

/** ownRepo's last answer: the rules ask it in turn about one file */
const last: { context?: RuleContext; tree?: TreeIndex; generation?: number; packageDir?: string; own?: OwnRepo } = {};

/** The repository of the linted package, when it sits in an aports tree. */
function ownRepo(context: RuleContext): OwnRepo | undefined {
  if (context !== last.context || context.tree !== last.tree || context.tree?.generation !== last.generation || context.packageDir !== last.packageDir) {
    last.own = computeOwnRepo(context);
    last.context = context;
    last.tree = context.tree;
    last.generation = context.tree?.generation;
    last.packageDir = context.packageDir;
  }
  return last.own;
}

function computeOwnRepo(context: RuleContext): OwnRepo | undefined {
  const { tree, packageDir } = context;
  if (!tree || !packageDir) return undefined;
  const repo = tree.repoOf(packageDir);
  if (!repo) return undefined;
  const rank = repo === 'unmaintained' ? undefined : rankOf(tree, repo);
  const cache = cacheOf(tree);
  return { tree, cache, repo, packageDir, rank, upper: rank === undefined ? undefined : upperCacheOf(cache, rank) };
}

function hasCheckDisabled(apkbuild: Apkbuild): boolean {
  // any assignment of options that may hold !check (atools: `${options##*!check*}`)
  return assignmentsOf(apkbuild, 'options').some((a) => a.items.some((i) => (i.value ?? i.text).includes('!check')));
}

interface Hit {
  entry: ListEntry;
  name: string;
  repos: readonly string[];
}

function upperRepo(apkbuild: Apkbuild, context: RuleContext, variable: CheckedList): RuleFinding[] {
  const entries = listInfo(apkbuild, variable).entries;
  if (entries.length === 0) return [];
  const own = ownRepo(context);
  const rank = own?.rank;
  if (!own || rank === undefined || !own.upper) return [];
  if (variable === 'checkdepends' && hasCheckDisabled(apkbuild)) return [];
  let hits: Hit[] | undefined;
  let seen: Set<string> | undefined;
  for (const entry of entries) {
    // the parsed entry is there when the value is known
    const dep = entry.dep;
    if (!dep || dep.conflict || entry.value!.includes('$') || dep.name.includes(':')) continue;
    const repos = upperReposOf(own, own.upper, dep.name, rank);
    if (repos.length === 0) continue;
    // atools reports each distinct entry once (`sort -u`)
    seen ??= new Set();
    if (seen.has(dep.name)) continue;
    seen.add(dep.name);
    (hits ??= []).push({ entry, name: entry.value!, repos });
  }
  if (!hits) return [];
  return bySpan(hits, (h) => h.entry.item.span).map((group) => {
    const via = group[0].entry.item.text === group[0].entry.value ? '' : ` (from ${group[0].entry.item.text})`;
    const parts = group.map((h) => `'${h.name}' is in upper repo ${h.repos.map((r) => `'${r}'`).join(' and ')}`);
    return { span: group[0].entry.item.span, message: `${variable} ${parts.join(', ')}${via}; this package is in '${own.repo}'` };
  });
}

function upperRepoRule(code: string, variable: CheckedList): Rule {
  const verb = variable === 'depends' ? 'depend' : variable === 'makedepends' ? 'makedepend' : 'checkdepend';
  return {
    code,
    label: `upper-repo-${variable}`,
    severity: 'serious',
    certainty: 'certain',
    summary: `${variable} has a package from a higher repository (main < community < testing)`,
    docs:
      `Packages can not ${verb} on a package of a higher repository: main may only use main, community may use ` +
      'main and community, testing may use main, community and testing (unmaintained may use any). The builders ' +
      'of a repository only see the repositories below it, so the build fails or the package can not be ' +
      'installed. Move the dependency down to this package\'s repository (or lower), or move this package up. ' +
      'Packages are looked up by directory like atools does (`community/foo/APKBUILD`), with the common ' +
      'subpackage suffixes such as -dev and -doc stripped when no package has the full name.' +
      (variable === 'checkdepends' ? ' Not checked when options has `!check`.' : ''),
    fixable: false,
    check: (apkbuild, context) => upperRepo(apkbuild, context, variable),
  };
}

/** The repositories of the ladder, other than the package's own, that have a package directory
 * named `name`, in ladder order. Not remembered: a tree lint asks it once for each package, about
 * (usually) its own name. */
function otherLadderReposNamed(own: OwnRepo, context: RuleContext, name: string): readonly string[] {
  const tree = own.tree;
  let found: string[] | undefined;
  if (looksInside(tree)) {
    // the own repository does not count, so its directory (usually the only one) is not looked into
    for (const dir of tree.dirsNamed(name)) {
      const repo = tree.repoOf(dir);
      if (repo && repo !== own.repo && LADDER.includes(repo) && tree.holdsPackage(dir)) (found ??= []).push(repo);
    }
  } else {
    // the package's own name, usually: its directory is known to hold an APKBUILD
    if (tree.apkbuildRead && context.listPackageFiles?.().includes('APKBUILD')) tree.apkbuildRead(own.packageDir);
    for (const dir of tree.packageDirs(name)) {
      const repo = tree.repoOf(dir);
      if (repo && repo !== own.repo && LADDER.includes(repo)) (found ??= []).push(repo);
    }
  }
  return found ? LADDER.filter((r) => found!.includes(r)) : NONE;
}

/** The pkgname value as written at its definition, when it is fully known. */
function pkgnameOf(apkbuild: Apkbuild) {
  const all = assignmentsOf(apkbuild, 'pkgname');
  // a single assignment is the definition
  const a = all.length === 1 ? all[0] : all.length === 0 ? undefined : definitionOf(apkbuild, 'pkgname');
  if (!a || a.value === undefined || a.value === '' || a.value.includes('$')) return undefined;
  return { value: a.value, span: a.valueSpan.end > a.valueSpan.start ? a.valueSpan : a.nameSpan };
}

export const rules: Rule[] = [
  upperRepoRule('AL16', 'depends'),
  upperRepoRule('AL18', 'makedepends'),
  upperRepoRule('AL20', 'checkdepends'),
  {
    code: 'AL22',
    label: 'duplicate-package',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a package of the same name is in another repository',
    docs:
      'The same pkgname exists in another repository of the tree (`main/foo` and `testing/foo`). The two shadow ' +
      'each other: the one with the higher version wins, and packages of the lower repository may build against ' +
      'the wrong one. Merge the newer changes into one of them and delete the other (usually the copy in the ' +
      'higher repository, once the package has moved down).',
    fixable: false,
    check(apkbuild, context) {
      const own = ownRepo(context);
      const name = own && pkgnameOf(apkbuild);
      if (!own || !name) return [];
      return otherLadderReposNamed(own, context, name.value).map((r) => ({ span: name.span, message: `package is already present in ${r}` }));
    },
  },
  {
    code: 'AL23',
    label: 'pkgname-dirname-mismatch',
    severity: 'important',
    certainty: 'certain',
    summary: 'pkgname differs from the name of the directory the APKBUILD is in',
    docs:
      'In aports every package lives in `<repo>/<pkgname>/APKBUILD`: the tools that find packages (and the ' +
      'builders, which go by directory) rely on it. Rename the directory or fix pkgname so that they agree.',
    fixable: false,
    check(apkbuild, context) {
      const own = ownRepo(context);
      const name = own && pkgnameOf(apkbuild);
      if (!own || !name) return [];
      const dirname = path.basename(own.packageDir);
      if (name.value === dirname) return [];
      return [{ span: name.span, message: `pkgname is '${name.value}' but is in directory '${dirname}'` }];
    },
  },
];
