// One line (or a short paragraph) per APKBUILD variable, from APKBUILD(5) and abuild's own use of
// it. Shared by completion (item documentation) and hover.

export type VariableKind = 'metadata' | 'dependency' | 'list' | 'abuild' | 'environment';

export interface VariableDoc {
  name: string;
  kind: VariableKind;
  doc: string;
  /** a whitespace-separated list of entries */
  list?: boolean;
  /** entries are package names (dependency completion applies) */
  packages?: boolean;
}

const m = (name: string, doc: string, extra: Partial<VariableDoc> = {}): VariableDoc => ({ name, kind: 'metadata', doc, ...extra });
const dep = (name: string, doc: string): VariableDoc => ({ name, kind: 'dependency', doc, list: true, packages: true });
const set = (name: string, doc: string): VariableDoc => ({ name, kind: 'abuild', doc });
const env = (name: string, doc: string): VariableDoc => ({ name, kind: 'environment', doc });

const TABLE: VariableDoc[] = [
  m('maintainer', 'The maintainer: one `Name <email>` (RFC 822). Newer aports use this variable, older ones a `# Maintainer:` comment; exactly one of them.'),
  m('pkgname', 'The package name: letters, digits and `._+-`, starting with a letter or digit, lower case by convention. Must match the directory name in aports. Never quoted.'),
  m('pkgver', 'The upstream version in apk format: `number{.number}{letter}{_suffix{number}}{~hash}` (suffixes alpha beta pre rc cvs svn git hg p). No `-r` release part.'),
  m('pkgrel', 'The release number: a non-negative integer. Bump it on every change that alters the package; reset it to 0 when pkgver changes.'),
  m('pkgdesc', 'One-line description of the package, at most 128 characters.'),
  m('url', 'The upstream project homepage.'),
  m('arch', 'Architectures to build for: `all` or `noarch`, optionally with `!arch` exclusions, or an explicit list. `noarch` is for architecture-independent packages. Empty means not built anywhere.', { list: true }),
  m('license', 'The license as an SPDX expression: ids joined by `AND`, `OR`, `WITH` (exceptions), parentheses; `LicenseRef-*` for others.'),
  dep('depends', 'Run-time dependencies of the package (shared-library dependencies are found automatically). `!name` declares a conflict; entries may carry a version constraint (`name>=1.2`).'),
  dep('depends_dev', 'Run-time dependencies added to the -dev subpackage.'),
  dep('depends_doc', 'Dependencies added to the -doc subpackage.'),
  dep('depends_lang', 'Dependencies added to the -lang subpackage.'),
  dep('depends_libs', 'Dependencies added to the -libs subpackage.'),
  dep('depends_static', 'Dependencies added to the -static subpackage.'),
  dep('depends_openrc', 'Dependencies added to the -openrc subpackage.'),
  dep('depends_systemd', 'Dependencies added to the -systemd subpackage.'),
  dep('depends_udev', 'Dependencies added to the -udev subpackage.'),
  dep('makedepends', 'Packages needed to build (installed into the build root before the build).'),
  dep('makedepends_build', 'Build dependencies for the build machine when cross-compiling.'),
  dep('makedepends_host', 'Build dependencies for the host (target) machine when cross-compiling.'),
  dep('checkdepends', 'Packages needed only by check(); skipped when tests are disabled.'),
  dep('install_if', 'Install this package automatically when all of these are installed (e.g. `$pkgname=$pkgver-r$pkgrel bash-completion`).'),
  dep('provides', 'Names this package also provides (virtual packages, `cmd:`, `so:`, `pc:` names), optionally with `=version`. Must not contain pkgname.'),
  dep('replaces', 'Packages whose files this package may overwrite.'),
  m('provider_priority', 'Priority (digits only) among packages providing the same virtual name.'),
  m('replaces_priority', 'Priority (digits only) used when packages replace files of each other.'),
  m('pkgusers', 'System users the package needs; created in the build root before the build.', { list: true }),
  m('pkggroups', 'System groups the package needs; created in the build root before the build.', { list: true }),
  m('install', 'Install scripts: `$pkgname.pre-install`, `.post-install`, `.pre-upgrade`, `.post-upgrade`, `.pre-deinstall`, `.post-deinstall` (per package or subpackage); each file must exist and be listed here.', { list: true }),
  m('triggers', 'Triggers: `name.trigger=/path/one:/path/two` runs the script when files change in those directories.', { list: true }),
  m('subpackages', 'Subpackages: `name[:splitfunc[:arch]]`. Without a split function abuild calls the function named after the last `-` (`$pkgname-doc` → doc()); dev doc dbg lang static libs openrc ... are built in.', { list: true }),
  m('source', 'Source files: URLs (http, https, ftp), `newname::URL` to rename a download, and local files (patches, init scripts) in the package directory. Every entry needs a sha512sums line.', { list: true }),
  m('builddir', 'The directory build(), check() and package() start in. Defaults to `$srcdir/$pkgname-$pkgver`; set it only when it differs.'),
  m('options', 'Build options: !archcheck bigdocs charset.alias !check checkroot !dbg !fhs keepdirs ldpath-recursive lib64 libtool net setcap sover-namecheck !spdx !strip suid textrels toolchain !tracedeps !usrmerge; `subpkg::option` for one subpackage.', { list: true }),
  m('ldpath', 'Extra library directories searched when tracing shared-library dependencies.', { list: true }),
  m('sonameprefix', 'Prefix for the `so:` names the package provides (for libraries that clash with others).'),
  m('pcprefix', 'Prefix for the `pc:` names the package provides.'),
  m('somask', 'Shared libraries not to be traced as provided `so:` names.', { list: true }),
  m('langdir', 'Where the -lang split function looks for translations (default /usr/share/locale).'),
  m('giturl', 'Git repository used by the snapshot() function.'),
  m('disturl', 'Where snapshot() uploads the generated archive.'),
  m('reporev', 'Revision of the snapshot.'),
  m('patch_args', 'Arguments default_prepare passes to patch (default `-p1`).'),
  m('sha512sums', 'Checksums of the sources: `<sha512>  <file name>`, one line per source, in source order. Maintained by `abuild checksum`; must stay last in the file.', { list: true }),
  m('sha256sums', 'Legacy checksums; abuild now uses sha512sums.', { list: true }),
  m('md5sums', 'Obsolete checksums; abuild now uses sha512sums.', { list: true }),
  m('sha1sums', 'Obsolete checksums; abuild now uses sha512sums.', { list: true }),
  set('srcdir', 'Set by abuild: where sources are unpacked (`$startdir/src`).'),
  set('pkgdir', 'Set by abuild: the root package() installs into (`$startdir/pkg/$pkgname`).'),
  set('subpkgdir', 'Set by abuild in split functions: the root of the subpackage being split.'),
  set('subpkgname', 'Set by abuild in split functions: the name of the subpackage being split.'),
  set('subpkgarch', 'Set by abuild in split functions: the arch of the subpackage being split.'),
  set('startdir', 'Set by abuild: the directory holding the APKBUILD.'),
  set('tmpdir', 'Set by abuild: a temporary directory under the build directory.'),
  set('APKBUILD', 'Set by abuild: the path of the APKBUILD being built.'),
  set('CARCH', 'Set by abuild: the architecture the package is built for (x86_64, aarch64, ...).'),
  set('CBUILD', 'Set by abuild: the triplet of the machine doing the build.'),
  set('CHOST', 'Set by abuild: the triplet of the machine the package runs on.'),
  set('CTARGET', 'Set by abuild: the target triplet for cross compilers (toolchains).'),
  set('CBUILD_ARCH', 'Set by abuild: the arch of CBUILD.'),
  set('CTARGET_ARCH', 'Set by abuild: the arch of CTARGET.'),
  set('CLIBC', 'Set by abuild: the C library of CHOST (musl).'),
  set('CTARGET_LIBC', 'Set by abuild: the C library of CTARGET.'),
  set('CROSS_COMPILE', 'Set by abuild when cross compiling: the `$CHOST-` tool prefix.'),
  set('BOOTSTRAP', 'Set when bootstrapping a new architecture (`nocc`, `nolibc`, ...).'),
  set('SOURCE_DATE_EPOCH', 'Set by abuild for reproducible builds: the timestamp to embed.'),
  set('JOBS', 'Set by abuild: the number of parallel jobs (also in MAKEFLAGS).'),
  set('SRCDEST', 'Where downloaded sources are cached (default /var/cache/distfiles).'),
  set('REPODEST', 'Where built packages are written.'),
  set('PACKAGER', 'The packager identity from abuild.conf.'),
  set('repo', 'Set by abuild: the repository name (the parent directory of the package).'),
  env('CFLAGS', 'C compiler flags from abuild.conf; extend them (`CFLAGS="$CFLAGS -O2"`), do not overwrite.'),
  env('CXXFLAGS', 'C++ compiler flags from abuild.conf; extend them, do not overwrite.'),
  env('CPPFLAGS', 'Preprocessor flags from abuild.conf.'),
  env('LDFLAGS', 'Linker flags from abuild.conf; extend them, do not overwrite.'),
  env('MAKEFLAGS', 'Flags for make from abuild.conf (`-j$JOBS`).'),
  env('GOFLAGS', 'Flags for the go tool.'),
  env('RUSTFLAGS', 'Flags for rustc.'),
  env('CC', 'The C compiler.'),
  set('subpkgtriplet', 'Set by abuild in split functions: the target triplet of the subpackage being split.'),
  set('CBUILDROOT', 'Set by abuild when cross compiling: the sysroot of the target.'),
  env('DFLAGS', 'Flags for the D compiler from abuild.conf.'),
  env('SAMUFLAGS', 'Flags for samurai (ninja) from abuild.conf (`-j$JOBS`).'),
  env('CARGO_BUILD_JOBS', 'Parallel jobs for cargo, set from JOBS.'),
  env('CMAKE_BUILD_PARALLEL_LEVEL', 'Parallel jobs for `cmake --build`, set from JOBS.'),
  env('CTEST_PARALLEL_LEVEL', 'Parallel jobs for ctest, set from JOBS.'),
  env('CMAKE_GENERATOR', 'The build system cmake generates for (Ninja in abuild.conf).'),
  env('CTEST_OUTPUT_ON_FAILURE', 'Makes ctest print the output of failing tests.'),
  env('CTEST_NO_TESTS_ACTION', 'What ctest does when it finds no tests (error).'),
  env('PERL_MM_USE_DEFAULT', 'Makes Perl\'s MakeMaker take default answers instead of prompting.'),
  env('CPP', 'The C preprocessor.'),
  env('LD', 'The linker.'),
  env('AR', 'The archiver for static libraries.'),
  env('NM', 'The symbol lister.'),
  env('RANLIB', 'The static library indexer.'),
  env('STRIP', 'The strip tool (abuild strips binaries itself unless `!strip`).'),
  env('OBJCOPY', 'The objcopy tool.'),
  env('HOSTCC', 'The C compiler for the build machine when cross compiling.'),
  env('HOSTCXX', 'The C++ compiler for the build machine when cross compiling.'),
  env('HOSTLD', 'The linker for the build machine when cross compiling.'),
  env('GOCACHE', 'Go build cache directory.'),
  env('GOMODCACHE', 'Go module cache directory (abuild can keep it between builds).'),
  env('GOTMPDIR', 'Temporary directory for the go tool.'),
  env('GOPATH', 'Go workspace directory.'),
  env('CARGO_HOME', 'Cargo home (registry and git caches).'),
  env('HARECACHE', 'Hare build cache directory.'),
  env('CLEANUP', 'What abuild removes after a successful build (abuild.conf: srcdir bldroot pkgdir deps).'),
  env('ERROR_CLEANUP', 'What abuild removes after a failed build (abuild.conf).'),
  env('USE_CCACHE', 'Set to 1 in abuild.conf to build with ccache.'),
  env('DEBUG', 'Makes abuild keep debug symbols (-dbg subpackages) and run the build with `set -x`.'),
  env('PATH', 'The command search path.'),
  env('HOME', 'The build user\'s home directory.'),
  env('LANG', 'The locale.'),
  env('LC_ALL', 'Overrides every locale category.'),
  env('TZ', 'The time zone.'),
  env('CXX', 'The C++ compiler.'),
];

const BY_NAME = new Map(TABLE.map((d) => [d.name, d]));

export function variableDoc(name: string): VariableDoc | undefined {
  return BY_NAME.get(name);
}

export function variableDocs(kind?: VariableKind): readonly VariableDoc[] {
  return kind ? TABLE.filter((d) => d.kind === kind) : TABLE;
}

/** Variables abuild sets or the environment provides: readable inside functions. */
export function readableVariables(): readonly VariableDoc[] {
  return TABLE.filter((d) => d.kind === 'abuild' || d.kind === 'environment');
}
