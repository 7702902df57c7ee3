import type { Apkbuild } from '../apkbuild/apkbuild';
import type { Span } from '../apkbuild/span';

export type Severity = 'serious' | 'important' | 'minor' | 'style';
export type Certainty = 'certain' | 'possible';

export interface TextEdit {
  span: Span;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export type Tag = 'unnecessary' | 'deprecated';

/** What a rule reports: where, why, and how to fix it when that is mechanical. */
export interface RuleFinding {
  span: Span;
  message: string;
  fix?: Fix;
  tags?: Tag[];
  /** a finding about another file of the package (an init script, a patch): its name in the
   * package directory and the 0-based line; `span` is then ignored */
  file?: { name: string; line: number };
}

/** The aports tree around a file, for rules that compare packages across repositories. */
export interface TreeIndex {
  /** the repository (main, community, testing, ...) of a package directory */
  repoOf(packageDir: string): string | undefined;
  /** repositories whose package name or subpackage name is `name` */
  providers(name: string): { repo: string; dir: string; pkgname: string }[];
  /** directories of packages whose pkgname is `name` */
  packageDirs(name: string): string[];
  /** repository order: lower can not depend on higher */
  repoRank(repo: string): number | undefined;
  /** tells the index that `<packageDir>/APKBUILD` exists (it is being linted), so it need not look */
  apkbuildRead?(packageDir: string): void;
  /** packageDirs without looking inside: the directories named `name` in the repositories, with or
   * without an APKBUILD (none for a name that is not a valid package name). With holdsPackage, a
   * caller looks inside only the directories that decide its answer. */
  dirsNamed?(name: string): readonly string[];
  /** whether a directory of dirsNamed holds an APKBUILD (so is one of packageDirs) */
  holdsPackage?(dir: string): boolean;
  /** changes whenever the answers may have changed (an index the editor keeps current): what rules
   * cached from earlier answers is then dropped. Absent: the answers never change. */
  readonly generation?: number;
}

export interface RuleContext {
  /** path of the APKBUILD as reported (relative to the tree root when linting a tree) */
  path: string;
  /** absolute directory of the package, when the file is on disk */
  packageDir?: string;
  /** reads a file of the package directory; undefined when it does not exist or is unreadable */
  readPackageFile?(name: string): string | undefined;
  /** lists the files of the package directory */
  listPackageFiles?(): string[];
  tree?: TreeIndex;
  /** the package before the change under review (`lint --changed-since REV`); only the change rules (AC*) read it */
  base?: import('./change-context').BaseRevision;
  extraOptions: ReadonlySet<string>;
  extraArches: ReadonlySet<string>;
}

export interface Rule {
  code: string;
  label: string;
  severity: Severity;
  certainty: Certainty;
  /** one line */
  summary: string;
  /** a paragraph: why it matters and what to do */
  docs: string;
  fixable: boolean;
  check(apkbuild: Apkbuild, context: RuleContext): RuleFinding[];
}
