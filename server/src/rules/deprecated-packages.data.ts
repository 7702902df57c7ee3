/**
 * Package names that are deprecated in Alpine, for AL58 deprecated-packages.
 *
 * atools' apkbuild-lint has a deprecated-packages check (AL58) with a list of its own; that
 * list could not be read here (no copy of current atools was available), so this one is
 * restated from aports itself: names that survive only as a compatibility `provides=` of the
 * package that replaced them (`provides="pkgconfig=1"` in main/pkgconf, the `ttf-*` names of the
 * `font-*` packages, `py-setuptools` in main/py3-setuptools, `xf86-video-modesetting` in
 * community/xorg-server), and packages Alpine removed (Python 2, OpenSSL 1.1). Keep it short and
 * certain: every entry must be deprecated for every package that depends on it.
 */
export interface DeprecatedPackage {
  /** what to depend on instead */
  replacement?: string;
  /** the replacement is a drop-in: the fix may swap the name */
  dropIn: boolean;
  why: string;
}

const fonts = ['anonymous-pro', 'cantarell', 'dejavu', 'droid', 'freefont', 'hack', 'inconsolata', 'linux-libertine', 'mononoki', 'opensans', 'tlwg'];

export const DEPRECATED_PACKAGES: ReadonlyMap<string, DeprecatedPackage> = new Map<string, DeprecatedPackage>([
  ['pkgconfig', { replacement: 'pkgconf', dropIn: true, why: 'pkgconf replaced pkg-config; pkgconfig is only a name it provides for compatibility' }],
  ['py-setuptools', { replacement: 'py3-setuptools', dropIn: true, why: 'the py- names date from Python 2 and survive only as compatibility provides' }],
  ['xf86-video-modesetting', { replacement: 'xorg-server', dropIn: true, why: 'the modesetting driver is part of xorg-server' }],
  ...fonts.map((f): [string, DeprecatedPackage] => [`ttf-${f}`, { replacement: `font-${f}`, dropIn: true, why: 'font packages were renamed from ttf-* to font-*' }]),
  ['ttf-font-awesome', { replacement: 'font-awesome', dropIn: true, why: 'font packages were renamed from ttf-* to font-*' }],
  ['ttf-font-awesome-4', { replacement: 'font-fontawesome-4', dropIn: true, why: 'font packages were renamed from ttf-* to font-*' }],
  ['python2', { replacement: 'python3', dropIn: false, why: 'Python 2 is end-of-life and was removed from Alpine' }],
  ['python2-dev', { replacement: 'python3-dev', dropIn: false, why: 'Python 2 is end-of-life and was removed from Alpine' }],
  ['python2-tkinter', { replacement: 'python3-tkinter', dropIn: false, why: 'Python 2 is end-of-life and was removed from Alpine' }],
  ['openssl1.1-compat', { replacement: 'openssl', dropIn: false, why: 'OpenSSL 1.1 is end-of-life and was removed from Alpine' }],
  ['openssl1.1-compat-dev', { replacement: 'openssl-dev', dropIn: false, why: 'OpenSSL 1.1 is end-of-life and was removed from Alpine' }],
]);
