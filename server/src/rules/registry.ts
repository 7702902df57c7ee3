import { Rule } from './types';
import { rules as input } from './input';
import { rules as builddir } from './builddir';
import { rules as return1 } from './return-1';
import { rules as whitespace } from './whitespace';
import { rules as functionSyntax } from './function-syntax';
import { rules as cdBuilddir } from './cd-builddir';
import { rules as backticks } from './backticks';
import { rules as bracedVariable } from './braced-variable';
import { rules as xflags } from './xflags';
import { rules as defaultPrepare } from './default-prepare';
import { rules as quoting } from './quoting';
import { rules as emptyVariable } from './empty-variable';
import { rules as customVariable } from './custom-variable';
import { rules as pkgname } from './pkgname';
import { rules as options } from './options';
import { rules as arch } from './arch';
import { rules as sourceUrl } from './source-url';
import { rules as deprecatedPackages } from './deprecated-packages';
import { rules as repoDepends } from './repo-depends';
import { rules as duplicateDepends } from './duplicate-depends';
import { rules as secfixes } from './secfixes';
import { rules as initd } from './initd';
import { rules as patches } from './patches';
import { rules as abuildMetadata } from './abuild-metadata';
import { rules as abuildDepends } from './abuild-depends';
import { rules as abuildSubpackages } from './abuild-subpackages';
import { rules as abuildSources } from './abuild-sources';
import { rules as abuildMaintainer } from './abuild-maintainer';
import { rules as abuildLicense } from './abuild-license';
import { rules as changeVersion } from './change-version';
import { rules as changeSecfixes } from './change-secfixes';
import { rules as changeChecksums } from './change-checksums';
import { rules as changeRepo } from './change-repo';

/** Every rule, in code order. Adding a rule: its file, a line here if the file is new, a fixture
 * directory under test-fixtures/rules/, and the generic rule test picks it up. */
export const ruleRegistry: readonly Rule[] = [
  ...input, ...builddir, ...return1, ...whitespace, ...functionSyntax, ...cdBuilddir, ...backticks, ...bracedVariable, ...xflags, ...defaultPrepare, ...quoting, ...emptyVariable, ...customVariable, ...pkgname, ...options, ...arch, ...sourceUrl, ...deprecatedPackages, ...repoDepends, ...duplicateDepends, ...secfixes, ...initd, ...patches, ...abuildMetadata, ...abuildDepends, ...abuildSubpackages, ...abuildSources, ...abuildMaintainer, ...abuildLicense, ...changeVersion, ...changeSecfixes, ...changeChecksums, ...changeRepo,
].sort((a, b) => compareCodes(a.code, b.code));

export function compareCodes(a: string, b: string): number {
  const pa = /^([A-Z]+)(\d+)$/.exec(a);
  const pb = /^([A-Z]+)(\d+)$/.exec(b);
  if (pa && pb && pa[1] === pb[1]) return Number(pa[2]) - Number(pb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function findRule(codeOrLabel: string): Rule | undefined {
  const key = codeOrLabel.toLowerCase();
  return ruleRegistry.find((r) => r.code.toLowerCase() === key || r.label === key);
}
