import * as path from 'node:path';
import { Apkbuild } from '../apkbuild/apkbuild';
import { definitionOf } from '../apkbuild/facts';
import { parseDependency } from '../apkbuild/version';
import { bySpan, CheckedList, ListEntry, listInfo } from './duplicate-depends';
import { Rule, RuleContext, RuleFinding, TreeIndex } from './types';

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

interface TreeCache {
  /** package directory → its repository */
  repos: Map<string, string | undefined>;
  /** dependency name → repositories of the packages it finds */
  found: Map<string, string[]>;
}
const caches = new WeakMap<TreeIndex, TreeCache>();

function cacheOf(tree: TreeIndex): TreeCache {
  let c = caches.get(tree);
  if (!c) {
    c = { repos: new Map(), found: new Map() };
    caches.set(tree, c);
  }
  return c;
}

function repoOfDir(tree: TreeIndex, dir: string): string | undefined {
  const { repos } = cacheOf(tree);
  let repo = repos.get(dir);
  if (repo === undefined && !repos.has(dir)) {
    repo = tree.repoOf(dir);
    repos.set(dir, repo);
  }
  return repo;
}

/** The repositories holding the package a dependency name finds (atools' find_repo). */
function reposOf(tree: TreeIndex, name: string): string[] {
  const { found } = cacheOf(tree);
  let repos = found.get(name);
  if (!repos) {
    let dirs = tree.packageDirs(name);
    if (dirs.length === 0) {
      const stripped = stripSuffixes(name);
      if (stripped !== name && stripped !== '') dirs = tree.packageDirs(stripped);
    }
    repos = [];
    for (const dir of dirs) {
      const repo = repoOfDir(tree, dir);
      if (repo && !repos.includes(repo)) repos.push(repo);
    }
    found.set(name, repos);
  }
  return repos;
}

/** The repository of the linted package, when it sits in an aports tree. */
function ownRepo(context: RuleContext): { tree: TreeIndex; repo: string; dir: string } | undefined {
  const { tree, packageDir } = context;
  if (!tree || !packageDir) return undefined;
  const repo = repoOfDir(tree, packageDir);
  return repo ? { tree, repo, dir: packageDir } : undefined;
}

function hasCheckDisabled(apkbuild: Apkbuild): boolean {
  // any assignment of options that may hold !check (atools: `${options##*!check*}`)
  return apkbuild.assignments.some((a) => a.name === 'options' && a.items.some((i) => (i.value ?? i.text).includes('!check')));
}

interface Hit {
  entry: ListEntry;
  name: string;
  repos: string[];
}

function upperRepo(apkbuild: Apkbuild, context: RuleContext, variable: CheckedList): RuleFinding[] {
  if (!apkbuild.text.includes(variable)) return [];
  const own = ownRepo(context);
  if (!own) return [];
  const ownRank = rankOf(own.tree, own.repo);
  // unmaintained is the top of the ladder; non-free and unknown repositories are not checked
  if (ownRank === undefined || own.repo === 'unmaintained') return [];
  if (variable === 'checkdepends' && hasCheckDisabled(apkbuild)) return [];
  const hits: Hit[] = [];
  const seen = new Set<string>();
  for (const entry of listInfo(apkbuild, variable).entries) {
    const value = entry.value;
    if (value === undefined || value.includes('$')) continue;
    const dep = parseDependency(value);
    if (!dep || dep.conflict || dep.name.includes(':')) continue;
    const repos = reposOf(own.tree, dep.name).filter((repo) => (rankOf(own.tree, repo) ?? -1) > ownRank);
    if (repos.length === 0) continue;
    // atools reports each distinct entry once (`sort -u`)
    if (seen.has(dep.name)) continue;
    seen.add(dep.name);
    hits.push({ entry, name: value, repos: repos.sort((a, b) => LADDER.indexOf(a) - LADDER.indexOf(b)) });
  }
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

/** The pkgname value as written at its definition, when it is fully known. */
function pkgnameOf(apkbuild: Apkbuild) {
  const a = definitionOf(apkbuild, 'pkgname');
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
      const others = new Set<string>();
      for (const dir of own.tree.packageDirs(name.value)) {
        const repo = repoOfDir(own.tree, dir);
        if (repo && repo !== own.repo && LADDER.includes(repo)) others.add(repo);
      }
      return LADDER.filter((r) => others.has(r)).map((r) => ({ span: name.span, message: `package is already present in ${r}` }));
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
      const dirname = path.basename(own.dir);
      if (name.value === dirname) return [];
      return [{ span: name.span, message: `pkgname is '${name.value}' but is in directory '${dirname}'` }];
    },
  },
];
