import { parseText, Tree } from '../parser/parser';
import { checksumBlocksOf, ChecksumBlock } from './checksums';
import { Env } from './expand';
import { contributorsOf, maintainersOf, Person } from './facts';
import { Assignment, buildModel, Comment, FunctionDef, ParsedApkbuild } from './model';
import { Secfixes, secfixesOf } from './secfixes';
import { Heredoc, LexProblem, SimpleCommand } from './shell-lexer';
import { SourceEntry, sourcesOf } from './sources';
import { LineIndex, Span } from './span';
import { Subpackage, subpackagesOf } from './subpackages';

/** Everything known about one APKBUILD, read from its syntax tree without running it. */
export interface Apkbuild extends ParsedApkbuild {
  maintainers: Person[];
  readonly contributors: Person[];
  subpackages: Subpackage[];
  readonly sources: SourceEntry[];
  checksums: ChecksumBlock[];
  secfixes: Secfixes | undefined;
}

/**
 * The model and its facts, on one object, so that what the facts memoise is shared with the rules.
 * The facts a lint reads on every file are computed at once; sources (read by a few rules, on
 * about a quarter of the aports files) and contributors (by no rule) on first use.
 */
class AnalyzedApkbuild implements Apkbuild {
  readonly text: string;
  readonly lines: LineIndex;
  readonly assignments: Assignment[];
  readonly functionAssignments: Assignment[];
  readonly functions: FunctionDef[];
  readonly comments: Comment[];
  readonly commands: SimpleCommand[];
  readonly heredocs: Heredoc[];
  readonly multilineLiterals: Span[];
  readonly errors: Span[];
  readonly syntaxProblems: LexProblem[];
  readonly env: Env;
  readonly maintainers: Person[];
  readonly subpackages: Subpackage[];
  readonly checksums: ChecksumBlock[];
  readonly secfixes: Secfixes | undefined;
  #sources: SourceEntry[] | undefined = undefined;
  #contributors: Person[] | undefined = undefined;

  constructor(model: ParsedApkbuild) {
    this.text = model.text;
    this.lines = model.lines;
    this.assignments = model.assignments;
    this.functionAssignments = model.functionAssignments;
    this.functions = model.functions;
    this.comments = model.comments;
    this.commands = model.commands;
    this.heredocs = model.heredocs;
    this.multilineLiterals = model.multilineLiterals;
    this.errors = model.errors;
    this.syntaxProblems = model.syntaxProblems;
    this.env = model.env;
    this.maintainers = maintainersOf(this);
    this.subpackages = subpackagesOf(this);
    this.checksums = checksumBlocksOf(this);
    this.secfixes = secfixesOf(this);
  }

  get sources(): SourceEntry[] {
    return (this.#sources ??= sourcesOf(this));
  }

  get contributors(): Person[] {
    return (this.#contributors ??= contributorsOf(this));
  }
}

export function analyze(text: string, tree: Tree): Apkbuild {
  return new AnalyzedApkbuild(buildModel(text, tree));
}

/** Parses and analyses text; the syntax tree is freed before returning. Needs `initParser()`. */
export function analyzeText(text: string): Apkbuild {
  const tree = parseText(text);
  try {
    return analyze(text, tree);
  } finally {
    tree.delete();
  }
}
