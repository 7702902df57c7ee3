import { Apkbuild } from '../apkbuild/apkbuild';
import { Assignment } from '../apkbuild/model';
import { parseDependency } from '../apkbuild/version';
import { DEPRECATED_PACKAGES } from './deprecated-packages.data';
import { Rule, RuleFinding } from './types';

/** Dependency lists: the package's own and the per-subpackage defaults of APKBUILD(5). */
const DEPENDENCY_VARIABLES = new Set([
  'depends', 'makedepends', 'makedepends_build', 'makedepends_host', 'checkdepends',
  'depends_dev', 'depends_doc', 'depends_lang', 'depends_libs', 'depends_static',
  'depends_openrc', 'depends_systemd', 'depends_udev',
]);

function dependencyAssignments(apkbuild: Apkbuild): Assignment[] {
  const out: Assignment[] = [];
  for (const a of apkbuild.assignments) if (DEPENDENCY_VARIABLES.has(a.name)) out.push(a);
  // a split function's own `depends=` (the subpackage's dependencies)
  for (const a of apkbuild.functionAssignments) if (a.name === 'depends' && a.declaration !== 'local') out.push(a);
  return out;
}

/** The first characters of the deprecated names. */
const FIRST_CHARS = new Set([...DEPRECATED_PACKAGES.keys()].map((n) => n.charCodeAt(0)));

/** Could the entry name a deprecated package? When apk can parse an entry that is not a
 * `!conflict`, its name is the text before the first operator character (`<>=~`): a name not
 * in the list can not be reported. */
function mayBeDeprecated(value: string): boolean {
  if (!FIRST_CHARS.has(value.charCodeAt(0))) return false;
  let end = 0;
  while (end < value.length) {
    const c = value.charCodeAt(end);
    if (c === 60 /* < */ || c === 61 /* = */ || c === 62 /* > */ || c === 126 /* ~ */) break;
    end++;
  }
  return DEPRECATED_PACKAGES.has(end === value.length ? value : value.slice(0, end));
}

/** Cheap pre-check: does the file name any deprecated package at all? */
const MENTIONS_DEPRECATED = new RegExp([...DEPRECATED_PACKAGES.keys()].map((n) => n.replace(/[.+]/g, '\\$&')).join('|'));

const REFERENCE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

/** `$depends` in `depends="$depends foo"`: its entries were checked where they were written. */
function isListReference(text: string): boolean {
  const m = REFERENCE.exec(text);
  return !!m && DEPENDENCY_VARIABLES.has(m[1]);
}

export const rules: Rule[] = [
  {
    code: 'AL58',
    label: 'deprecated-packages',
    severity: 'important',
    certainty: 'certain',
    summary: 'depends on a deprecated package (`pkgconfig`, `ttf-dejavu`, `python2`, ...)',
    docs: 'Some package names live on only as compatibility names of the package that replaced them (`pkgconfig` is provided by pkgconf, `ttf-dejavu` by font-dejavu, `py-setuptools` by py3-setuptools), and some packages were removed from Alpine (Python 2, OpenSSL 1.1). A compatibility name can disappear in any release, and a removed package breaks the build. Depend on the current package instead; where it is a drop-in the quick fix swaps the name.',
    fixable: true,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      // the text is scanned for the names only once an entry looks deprecated
      let mentions: boolean | undefined;
      for (const a of dependencyAssignments(apkbuild)) {
        for (const item of a.items) {
          if (item.value === undefined || !mayBeDeprecated(item.value)) continue;
          if (!(mentions ??= MENTIONS_DEPRECATED.test(apkbuild.text))) return [];
          if (isListReference(item.text)) continue;
          const dep = parseDependency(item.value);
          if (!dep || dep.conflict) continue;
          const deprecated = DEPRECATED_PACKAGES.get(dep.name);
          if (!deprecated) continue;
          const literal = item.text === item.value;
          const nameSpan = literal ? { start: item.span.start, end: item.span.start + dep.name.length } : item.span;
          out.push({
            span: nameSpan,
            message: `${dep.name} is deprecated${deprecated.replacement ? `, use ${deprecated.replacement} instead` : ''}: ${deprecated.why}`,
            tags: ['deprecated'],
            fix: literal && deprecated.dropIn && deprecated.replacement ? { title: `Replace ${dep.name} with ${deprecated.replacement}`, edits: [{ span: nameSpan, newText: deprecated.replacement }] } : undefined,
          });
        }
      }
      return out;
    },
  },
];
