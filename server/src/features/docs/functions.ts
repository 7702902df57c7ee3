// The APKBUILD functions abuild calls (phases, split functions) and the helpers it provides to
// them, from abuild's functions.sh and APKBUILD(5). Shared by completion and hover.

export type FunctionKind = 'phase' | 'split' | 'helper';

export interface FunctionDoc {
  name: string;
  kind: FunctionKind;
  doc: string;
  /** a usage line for helpers */
  usage?: string;
}

const phase = (name: string, doc: string): FunctionDoc => ({ name, kind: 'phase', doc });
const split = (name: string, doc: string): FunctionDoc => ({ name, kind: 'split', doc });
const helper = (name: string, usage: string, doc: string): FunctionDoc => ({ name, kind: 'helper', usage, doc });

const TABLE: FunctionDoc[] = [
  phase('prepare', 'Runs after unpack, in `$builddir`: apply patches and adjust the sources. A custom prepare() must call `default_prepare` (which applies every `*.patch` of source).'),
  phase('build', 'Compiles the package, starting in `$builddir`. Runs as the build user; `set -e` is in effect.'),
  phase('check', 'Runs the test suite after build(), starting in `$builddir`. Skipped with `options="!check"` (give the reason in a comment).'),
  phase('package', 'Installs the files into `$pkgdir`, starting in `$builddir`. Runs under fakeroot.'),
  phase('unpack', 'Extracts the archives of source into `$srcdir`; rarely overridden (call `default_unpack`).'),
  phase('snapshot', 'Creates a source archive from `$giturl` for packages built from a repository snapshot.'),
  split('dev', 'Built-in split function for `-dev`: moves headers, pkg-config files, static libraries and .so links into the subpackage.'),
  split('doc', 'Built-in split function for `-doc`: moves man pages, info pages and /usr/share/doc.'),
  split('dbg', 'Built-in split function for `-dbg`: the detached debug symbols. List it first in subpackages.'),
  split('lang', 'Built-in split function for `-lang`: moves translations from `$langdir`.'),
  split('static', 'Built-in split function for `-static`: moves static libraries. List it before `-dev`.'),
  split('libs', 'Built-in split function for `-libs`: moves the shared libraries.'),
  split('openrc', 'Built-in split function for `-openrc`: moves init.d and conf.d files.'),
  split('systemd', 'Built-in split function for `-systemd`: moves systemd units.'),
  split('udev', 'Built-in split function for `-udev`: moves udev rules.'),
  split('devhelp', 'Built-in split function for `-devhelp`: moves devhelp books.'),
  split('pyc', 'Built-in split function for `-pyc`: moves compiled Python bytecode.'),
  split('bashcomp', 'Built-in split function for `-bash-completion`.'),
  split('zshcomp', 'Built-in split function for `-zsh-completion`.'),
  split('fishcomp', 'Built-in split function for `-fish-completion`.'),
  split('nftrules', 'Built-in split function for `-nftrules`: moves nftables rules.'),
  helper('default_prepare', 'default_prepare', 'Applies every `*.patch`, `*.patch.gz`, `*.patch.xz` of source (with `patch ${patch_args:--p1}`) and updates config.sub/config.guess.'),
  helper('default_unpack', 'default_unpack', 'Extracts every archive of source into `$srcdir`.'),
  helper('default_dev', 'default_dev', 'The built-in -dev split (call it from a custom dev() and add to it).'),
  helper('default_doc', 'default_doc', 'The built-in -doc split.'),
  helper('default_dbg', 'default_dbg', 'The built-in -dbg split.'),
  helper('default_lang', 'default_lang', 'The built-in -lang split.'),
  helper('default_static', 'default_static', 'The built-in -static split.'),
  helper('default_libs', 'default_libs', 'The built-in -libs split.'),
  helper('default_openrc', 'default_openrc', 'The built-in -openrc split.'),
  helper('default_pyc', 'default_pyc', 'The built-in -pyc split.'),
  helper('amove', 'amove PATH...', 'Moves paths (relative to `$pkgdir`, globs allowed) from the main package into `$subpkgdir`, keeping their directories.'),
  helper('msg', 'msg TEXT', 'Prints a progress message (`>>> pkgname: TEXT`).'),
  helper('msg2', 'msg2 TEXT', 'Prints an indented progress message.'),
  helper('warning', 'warning TEXT', 'Prints a warning.'),
  helper('error', 'error TEXT', 'Prints an error (does not stop the build; use `die` for that).'),
  helper('die', 'die TEXT', 'Prints an error and stops the build.'),
  helper('options_has', 'options_has OPTION', 'True when options contains OPTION.'),
  helper('depends_has', 'depends_has NAME', 'True when depends contains NAME.'),
  helper('want_check', 'want_check', 'True unless tests are disabled (`!check` or ABUILD_BOOTSTRAP).'),
  helper('update_config_sub', 'update_config_sub', 'Replaces outdated config.sub files with the system one (default_prepare does it).'),
  helper('update_config_guess', 'update_config_guess', 'Replaces outdated config.guess files with the system one (default_prepare does it).'),
];

const BY_NAME = new Map(TABLE.map((d) => [d.name, d]));

export function functionDoc(name: string): FunctionDoc | undefined {
  return BY_NAME.get(name);
}

export function functionDocs(kind?: FunctionKind): readonly FunctionDoc[] {
  return kind ? TABLE.filter((d) => d.kind === kind) : TABLE;
}
