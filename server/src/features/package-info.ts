// The package an APKBUILD builds, as the VS Code status bar shows it: `pkgname pkgver-rpkgrel`.
// Served as the custom request `apkbuild/packageInfo` ({ textDocument: { uri } } → PackageInfo | null).
import type { Apkbuild } from '../apkbuild/apkbuild';
import type { FeatureDocument } from './document';

export const PACKAGE_INFO_METHOD = 'apkbuild/packageInfo';

export interface PackageInfo {
  readonly pkgname: string | null;
  readonly pkgver: string | null;
  readonly pkgrel: string | null;
  /** `pkgname pkgver-rpkgrel`, with `?` for what cannot be read without running the file. */
  readonly label: string;
}

export function packageInfo(doc: Pick<FeatureDocument, 'apkbuild'>): PackageInfo | null {
  return packageInfoOf(doc.apkbuild);
}

export function packageInfoOf(apkbuild: Pick<Apkbuild, 'env'>): PackageInfo | null {
  const read = (name: string): string | null => {
    const value = apkbuild.env.get(name);
    return value && !value.symbolic && value.value !== undefined && value.value !== '' ? value.value : null;
  };
  const pkgname = read('pkgname');
  const pkgver = read('pkgver');
  const pkgrel = read('pkgrel');
  if (pkgname === null && pkgver === null && pkgrel === null) return null;
  return { pkgname, pkgver, pkgrel, label: `${pkgname ?? '?'} ${pkgver ?? '?'}-r${pkgrel ?? '?'}` };
}
