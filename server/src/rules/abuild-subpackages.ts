import { Apkbuild } from '../apkbuild/apkbuild';
import { refersToUnassigned, refersToUnassignedIn, valueOf } from '../apkbuild/facts';
import { ListItem } from '../apkbuild/model';
import { splitFunctionOf, Subpackage } from '../apkbuild/subpackages';
import { defOf, isAssigned, perApkbuild, pkgnameProblem } from './abuild-metadata';
import { Rule, RuleContext, RuleFinding } from './types';

// Subpackages, install scripts and triggers, as abuild's default_validate and subpkg_set see them.

/**
 * Every shell function abuild itself defines (abuild.in and functions.sh): abuild's is_function
 * accepts any of them as a split function, not only the default_* ones.
 */
const ABUILD_FUNCTIONS = new Set(
  (
    'abuildindex_up2date all amove apk_add_makedeps apk_tar apk_up2date arch2dir arch_to_hostspec arch_to_triplet archcheck ' +
    'bashcomp build build_abuildrepo builddeps calcdeps check check_arch check_depends_dev check_depver check_fakeroot ' +
    'check_license check_maintainer check_provides check_secfixes_comment checksum clean cleancache cleanoldpkg cleanpkg ' +
    'cleanup cleanup_srcdir create_apks cross_compiling cross_creating dbg default_bashcomp default_check ' +
    'default_cleanup_srcdir default_dbg default_dev default_devhelp default_doc default_fetch default_fishcomp ' +
    'default_lang default_libs default_nftrules default_openrc default_prepare default_pyc default_static default_systemd ' +
    'default_udev default_unpack default_validate default_zshcomp depends_has deplist_has deps dev devhelp die ' +
    'dir_has_arch_binaries disable_colors do_fakeroot doc enable_colors ensure_valid_filename error error2 fetch ' +
    'filename_from_uri find_scanelf_paths find_so_files fishcomp get_maintainer get_missing_deps git_dirty ' +
    'git_last_commit git_last_commit_epoch have_patches human_size index install_has installdeps is_function is_remote ' +
    'lang libs list_has listpkg logcmd makedepends_has mkusers msg msg2 nftrules normalize_target_path openrc ' +
    'options_has pc_to_apk_ver pkginfo_val postcheck pre_split prepare prepare_command_provides prepare_metafiles ' +
    'prepare_package prepare_pkgconfig_provides prepare_py_provides prepare_subpackages prepare_symlinks ' +
    'prepare_trace_rpaths pyc readconfig real_so_path rootbld rootbld_actions rootbld_qemu_arch rootpkg runpart ' +
    'sanitycheck scan_pkgconfig_depends scan_python3_dependency scan_shared_objects scan_symlink_targets ' +
    'set_source_date set_xterm_title snapshot source_has sourcecheck spell_error srcpkg static stripbin ' +
    'subpackage_types_has subpackages_has subpkg_provides_pc subpkg_provides_so subpkg_set subpkg_unset symlinksrc ' +
    'systemd targz trace_apk_deps triggers_has triplet_to_arch triplet_to_libc udev undeps uninstalldeps unpack ' +
    'up2date update_abuildrepo_index update_config_guess update_config_sub uri_fetch uri_fetch_mirror usage validate ' +
    'verify verify_pkgname want_check warning warning2 zshcomp'
  ).split(' '),
);

/** Names for which splitFunctionOf (without an explicit function) gives one of isCommonSplitFunction's. */
const COMMON_SPLIT_SUFFIX = /-(?:doc|dev|openrc|libs|static|lang|dbg|pyc|bashcomp|zshcomp|fishcomp|bash-completion|zsh-completion|fish-completion)$/;

/** The split functions most subpackages use (all in ABUILD_FUNCTIONS), without a table lookup. */
function isCommonSplitFunction(fn: string): boolean {
  switch (fn) {
    case 'doc':
    case 'dev':
    case 'openrc':
    case 'libs':
    case 'static':
    case 'lang':
    case 'dbg':
    case 'pyc':
    case 'bashcomp':
    case 'zshcomp':
    case 'fishcomp':
      return true;
    default:
      return false;
  }
}

/** The names of the final `subpackages` value (abuild's subpackages_has), undefined when not known. */
export function subpackageNames(apkbuild: Apkbuild): string[] | undefined {
  if (!isAssigned(apkbuild, 'subpackages')) return [];
  const value = valueOf(apkbuild, 'subpackages');
  if (value === undefined) return undefined;
  return value.split(/\s+/).filter(Boolean).map((s) => s.split(':')[0]);
}

const subpackageNameList = perApkbuild(subpackageNames);

/** The subpackages are known and none is named `name`. */
function notASubpackage(apkbuild: Apkbuild, name: string): boolean {
  if (name !== '' && !name.includes(':') && !BLANK.test(name)) {
    // subpackageNames' answer, found in the value without splitting it
    if (!isAssigned(apkbuild, 'subpackages')) return true;
    const value = valueOf(apkbuild, 'subpackages');
    return value !== undefined && !hasWordNamed(value, name);
  }
  const subs = subpackageNameList(apkbuild);
  return subs !== undefined && !subs.includes(name);
}

/**
 * Whether a blank-separated word of `value` has `name` (which has no blanks and no `:`) before its
 * first `:`: an occurrence that starts a word and ends it or is followed by `:`.
 */
function hasWordNamed(value: string, name: string): boolean {
  for (let at = value.indexOf(name); at !== -1; at = value.indexOf(name, at + 1)) {
    const end = at + name.length;
    if ((at === 0 || BLANK.test(value[at - 1])) && (end === value.length || value[end] === ':' || BLANK.test(value[end]))) return true;
  }
  return false;
}
const BLANK = /\s/;

const INSTALL_SUFFIXES = new Set(['pre-install', 'post-install', 'pre-upgrade', 'post-upgrade', 'pre-deinstall', 'post-deinstall']);
const FILENAME_BAD = /[^A-Za-z0-9+@~._-]/g;

/** abuild's ensure_valid_filename(): the characters it refuses, or '' */
export function forbiddenFilenameChars(name: string): string {
  if (!FILENAME_BAD_ANY.test(name)) return '';
  return [...new Set(name.match(FILENAME_BAD) ?? [])].join('');
}
const FILENAME_BAD_ANY = /[^A-Za-z0-9+@~._-]/;

/** Known items of a list variable, each with its expanded value. */
export function knownItems(apkbuild: Apkbuild, name: string): (ListItem & { value: string })[] {
  const items = defOf(apkbuild, name)?.items ?? NO_ITEMS;
  if (items.length === 0) return NO_ITEMS;
  return items.filter((i): i is ListItem & { value: string } => i.value !== undefined && i.value !== '' && !i.value.includes('$') && !refersToUnassigned(apkbuild, i.text, i.span.start));
}

const NO_ITEMS: (ListItem & { value: string })[] = [];

/** Whether an entry before `i` (with a name) has the name of entry `i`. */
function seenBefore(subs: readonly Subpackage[], i: number): boolean {
  const name = subs[i].name;
  for (let j = 0; j < i; j++) if (subs[j].name === name && subs[j].name !== '') return true;
  return false;
}

/** knownItems of install and triggers, asked by several rules */
export const knownInstall = perApkbuild((apkbuild) => knownItems(apkbuild, 'install'));
export const knownTriggers = perApkbuild((apkbuild) => knownItems(apkbuild, 'triggers'));

/** The subpackage entries whose name is known for sure. */
export function knownSubpackages(apkbuild: Apkbuild): Subpackage[] {
  if (apkbuild.subpackages.length === 0) return apkbuild.subpackages;
  return knownSubpackageList(apkbuild);
}
const knownSubpackageList = perApkbuild((apkbuild) => {
  const subs = apkbuild.subpackages;
  const isKnown = (s: Subpackage) => s.known && s.name !== '' && !s.name.includes('$') && !refersToUnassignedIn(apkbuild, apkbuild.text, s.span.start, s.span.end, s.span.start);
  // usually all of them: the list itself then
  let i = 0;
  while (i < subs.length && isKnown(subs[i])) i++;
  if (i === subs.length) return subs;
  const known = subs.slice(0, i);
  for (i++; i < subs.length; i++) if (isKnown(subs[i])) known.push(subs[i]);
  return known;
});

/** The names in the package directory (the context reads the directory once per lint of a file). */
export function packageFileList(context: RuleContext): readonly string[] {
  return context.listPackageFiles?.() ?? [];
}

/** Whether a file exists in the package directory; undefined when the directory can not be read. */
export function packageFileExists(context: RuleContext, name: string): boolean | undefined {
  if (!context.listPackageFiles) return undefined;
  // a package directory holds a few files: searching the list is cheaper than a set
  if (!name.includes('/')) return packageFileList(context).includes(name);
  return context.readPackageFile?.(name) !== undefined;
}

export const rules: Rule[] = [
  {
    code: 'AB26',
    label: 'invalid-subpackage-name',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a subpackage name has characters apk does not allow or does not start with a letter or digit',
    docs: 'Subpackage names follow the pkgname rules: letters, digits and `._+-`, starting with a letter or a digit. abuild stops with "<name> is not a valid package name". An entry is `name[:splitfunc[:arch]]`.',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const sub of knownSubpackages(apkbuild)) {
        const why = pkgnameProblem(sub.name);
        if (why) out.push({ span: sub.span, message: `subpackage "${sub.name}" is not a valid package name: ${why}` });
      }
      return out;
    },
  },
  {
    code: 'AB27',
    label: 'duplicate-subpackage',
    severity: 'serious',
    certainty: 'certain',
    summary: 'the same (sub)package name appears twice in pkgname and subpackages',
    docs: 'Every package an APKBUILD makes needs its own name; abuild stops with "duplicate (sub-)package named <name>". Remove the repeated subpackage entry (or rename it).',
    fixable: false,
    check(apkbuild) {
      const subs = knownSubpackages(apkbuild);
      if (subs.length === 0) return [];
      const pkgname = valueOf(apkbuild, 'pkgname');
      const out: RuleFinding[] = [];
      for (let i = 0; i < subs.length; i++) {
        const sub = subs[i];
        if (sub.name === '') continue;
        // seen before: the (non-empty) pkgname or an earlier entry
        if ((pkgname && sub.name === pkgname) || seenBefore(subs, i)) {
          out.push({ span: sub.span, message: sub.name === pkgname ? `subpackage ${sub.name} has the name of the main package` : `duplicate subpackage ${sub.name}` });
        }
      }
      return out;
    },
  },
  {
    code: 'AB28',
    label: 'missing-split-function',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a subpackage has no split function: neither defined in the APKBUILD nor built into abuild',
    docs: 'abuild runs a function for each subpackage: the one named after the first `:` of the entry, or else the name after the last `-` (`foo-tools` → tools(); `-bash-completion`, `-zsh-completion`, `-fish-completion` → bashcomp, zshcomp, fishcomp). abuild has built-in ones (dev doc dbg lang static libs openrc systemd udev devhelp pyc nftrules bashcomp zshcomp fishcomp); any other must be defined in the APKBUILD, or abuild stops with "Missing split function for <name>".',
    fixable: false,
    check(apkbuild) {
      const out: RuleFinding[] = [];
      for (const sub of knownSubpackages(apkbuild)) {
        if (sub.name === '') continue;
        // the usual `$pkgname-doc`: splitFunctionOf gives a built-in function
        if (!sub.splitFunction && COMMON_SPLIT_SUFFIX.test(sub.name)) continue;
        const fn = splitFunctionOf(sub);
        if (isCommonSplitFunction(fn) || ABUILD_FUNCTIONS.has(fn) || apkbuild.functions.some((f) => f.name === fn)) continue;
        out.push({
          span: sub.splitFunction && sub.functionSpan ? sub.functionSpan : sub.span,
          message: `no split function ${fn}() for subpackage ${sub.name}`,
        });
      }
      return out;
    },
  },
  {
    code: 'AB29',
    label: 'subpackage-order',
    severity: 'minor',
    certainty: 'certain',
    summary: 'the -dbg subpackage is not first, or a -static subpackage comes after its -dev',
    docs: 'Split functions run in the order of `subpackages`. APKBUILD(5): the -dbg subpackage should be the first one (it must see every binary before others are moved out of $pkgdir), and -static should come before -dev.',
    fixable: false,
    check(apkbuild) {
      const subs = knownSubpackages(apkbuild);
      const out: RuleFinding[] = [];
      for (let i = 0; i < subs.length; i++) {
        const sub = subs[i];
        if (i > 0 && sub.name.endsWith('-dbg')) out.push({ span: sub.span, message: `${sub.name} should be the first subpackage` });
        if (sub.name.endsWith('-static')) {
          const dev = sub.name.slice(0, -'-static'.length) + '-dev';
          const at = subs.findIndex((s) => s.name === dev);
          if (at !== -1 && at < i) out.push({ span: sub.span, message: `${sub.name} should come before ${dev}` });
        }
      }
      return out;
    },
  },
  {
    code: 'AB30',
    label: 'invalid-install-script',
    severity: 'serious',
    certainty: 'certain',
    summary: 'an install entry is not `<pkgname or subpackage>.<pre|post>-<install|upgrade|deinstall>`',
    docs: 'Each entry of `install` is a script in the package directory named after the package it belongs to (pkgname or one of the subpackages) and the moment it runs: `.pre-install`, `.post-install`, `.pre-upgrade`, `.post-upgrade`, `.pre-deinstall` or `.post-deinstall`. abuild stops with "unknown install script suffix", "install script does not match pkgname or any subpackage" or "Forbidden character(s) in filename".',
    fixable: false,
    check(apkbuild) {
      const items = knownInstall(apkbuild);
      if (items.length === 0) return [];
      const pkgname = valueOf(apkbuild, 'pkgname');
      const out: RuleFinding[] = [];
      for (const item of items) {
        const i = item.value;
        const dot = i.lastIndexOf('.');
        const suffix = i.slice(dot + 1);
        const owner = dot === -1 ? i : i.slice(0, dot);
        const bad = forbiddenFilenameChars(i);
        if (dot === -1 || !INSTALL_SUFFIXES.has(suffix)) out.push({ span: item.span, message: `${i}: unknown install script suffix (use .pre-install, .post-install, .pre-upgrade, .post-upgrade, .pre-deinstall or .post-deinstall)` });
        else if (pkgname !== undefined && owner !== pkgname && notASubpackage(apkbuild, owner)) out.push({ span: item.span, message: `${i}: install script does not match pkgname or any subpackage` });
        else if (bad) out.push({ span: item.span, message: `forbidden character(s) in install script name ${i}: ${bad}` });
      }
      return out;
    },
  },
  {
    code: 'AB31',
    label: 'missing-install-script',
    severity: 'serious',
    certainty: 'certain',
    summary: 'an install or trigger script listed in the APKBUILD is not in the package directory',
    docs: 'Install and trigger scripts are read from the package directory (next to the APKBUILD), not downloaded: abuild stops with "install script <name> is missing" or "trigger script <name> is missing". Add the file, or remove the entry.',
    fixable: false,
    check(apkbuild, context) {
      if (!context.listPackageFiles) return [];
      const out: RuleFinding[] = [];
      for (const item of knownInstall(apkbuild)) {
        if (forbiddenFilenameChars(item.value)) continue;
        if (packageFileExists(context, item.value) === false) out.push({ span: item.span, message: `install script ${item.value} is missing` });
      }
      for (const item of knownTriggers(apkbuild)) {
        const eq = item.value.lastIndexOf('=');
        if (eq === -1) continue;
        const f = item.value.slice(0, eq);
        if (!f.endsWith('.trigger') || forbiddenFilenameChars(f)) continue;
        if (packageFileExists(context, f) === false) out.push({ span: item.span, message: `trigger script ${f} is missing` });
      }
      return out;
    },
  },
  {
    code: 'AB32',
    label: 'invalid-trigger',
    severity: 'serious',
    certainty: 'certain',
    summary: 'a triggers entry is not `<pkgname or subpackage>.trigger=<path>[:<path>...]`',
    docs: 'Each entry of `triggers` names a script `<package>.trigger` in the package directory and, after `=`, the colon-separated directories that fire it: `$pkgname.trigger=/usr/share/fonts/*`. abuild stops with "triggers must contain \'=\'", "triggers scripts must have .trigger suffix" or "trigger script does not match pkgname or any subpackage".',
    fixable: false,
    check(apkbuild) {
      const items = knownTriggers(apkbuild);
      if (items.length === 0) return [];
      const pkgname = valueOf(apkbuild, 'pkgname');
      const out: RuleFinding[] = [];
      for (const item of items) {
        const i = item.value;
        const eq = i.lastIndexOf('=');
        const f = eq === -1 ? i : i.slice(0, eq);
        const owner = f.endsWith('.trigger') ? f.slice(0, -'.trigger'.length) : undefined;
        const bad = forbiddenFilenameChars(f);
        if (eq === -1) out.push({ span: item.span, message: `${i}: triggers must contain '=' followed by the paths that fire it` });
        else if (owner === undefined) out.push({ span: item.span, message: `${f}: trigger scripts must have the .trigger suffix` });
        else if (pkgname !== undefined && owner !== pkgname && notASubpackage(apkbuild, owner)) out.push({ span: item.span, message: `${owner}: trigger script does not match pkgname or any subpackage` });
        else if (bad) out.push({ span: item.span, message: `forbidden character(s) in trigger script name ${f}: ${bad}` });
        else if (eq === i.length - 1) out.push({ span: item.span, message: `${f}: no paths after '='` });
      }
      return out;
    },
  },
  {
    code: 'AB33',
    label: 'install-script-in-source',
    severity: 'minor',
    certainty: 'certain',
    summary: 'an install or trigger script is also listed in source',
    docs: 'Install and trigger scripts are taken from the package directory through `install` and `triggers`; listing them in `source` as well only adds a checksum to maintain. abuild warns "You should not have $install in source". Remove them from source (and their sha512sums line).',
    fixable: false,
    check(apkbuild) {
      const installItems = knownInstall(apkbuild);
      const triggerItems = knownTriggers(apkbuild);
      // no name to find in source
      if (installItems.length === 0 && triggerItems.length === 0) return [];
      const install = new Set(installItems.map((i) => i.value));
      const triggers = new Set(triggerItems.map((i) => i.value.slice(0, Math.max(0, i.value.lastIndexOf('=')))));
      const out: RuleFinding[] = [];
      // knownItems(apkbuild, 'source'), asking whether an item's value is known only of those that would be reported
      for (const item of defOf(apkbuild, 'source')?.items ?? NO_ITEMS) {
        const value = item.value;
        if (value === undefined || value === '' || value.includes('$')) continue;
        const isInstall = install.has(value);
        if (!isInstall && !triggers.has(value.slice(value.lastIndexOf('/') + 1)) && !triggers.has(value.split('::')[0])) continue;
        if (refersToUnassigned(apkbuild, item.text, item.span.start)) continue;
        if (isInstall) out.push({ span: item.span, message: `install script ${value} should not be in source` });
        else out.push({ span: item.span, message: `trigger script ${value} should not be in source` });
      }
      return out;
    },
  },
];
