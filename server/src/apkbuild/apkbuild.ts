import { parseText, Tree } from '../parser/parser';
import { checksumBlocksOf, ChecksumBlock } from './checksums';
import { contributorsOf, maintainersOf, Person } from './facts';
import { buildModel, ParsedApkbuild } from './model';
import { Secfixes, secfixesOf } from './secfixes';
import { SourceEntry, sourcesOf } from './sources';
import { Subpackage, subpackagesOf } from './subpackages';

/** Everything known about one APKBUILD, read from its syntax tree without running it. */
export interface Apkbuild extends ParsedApkbuild {
  maintainers: Person[];
  contributors: Person[];
  subpackages: Subpackage[];
  sources: SourceEntry[];
  checksums: ChecksumBlock[];
  secfixes: Secfixes | undefined;
}

export function analyze(text: string, tree: Tree): Apkbuild {
  const model = buildModel(text, tree);
  // the facts go onto the model object itself, so that what they memoise is shared with the rules
  return Object.assign(model, {
    maintainers: maintainersOf(model),
    contributors: contributorsOf(model),
    subpackages: subpackagesOf(model),
    sources: sourcesOf(model),
    checksums: checksumBlocksOf(model),
    secfixes: secfixesOf(model),
  });
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
