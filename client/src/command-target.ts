// Which APKBUILD an editor command acts on, and why it cannot when it cannot: the messages for
// untitled documents, git: and other virtual views, files that are not APKBUILDs, read-only files.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TargetCandidate {
  readonly scheme: string;
  readonly fsPath: string;
  readonly languageId?: string;
}

export type TargetCheck = { readonly ok: true } | { readonly ok: false; readonly message: string };

export function checkTarget(action: string, c: TargetCandidate | undefined): TargetCheck {
  if (!c) return { ok: false, message: `${action}: open an APKBUILD first.` };
  if (c.scheme === 'untitled') return { ok: false, message: `${action}: save this APKBUILD in its package directory first.` };
  if (c.scheme !== 'file') {
    return { ok: false, message: `${action}: this is a ${c.scheme}: view of the file, not the file itself. Open the APKBUILD from the workspace.` };
  }
  if (path.basename(c.fsPath) !== 'APKBUILD' && c.languageId !== 'apkbuild') {
    return { ok: false, message: `${action}: ${path.basename(c.fsPath)} is not an APKBUILD.` };
  }
  return { ok: true };
}

/** A file nobody may write, even root: no write bit at all, or access(W_OK) refused. */
export function isReadOnlyFile(fsPath: string): boolean {
  try {
    if ((fs.statSync(fsPath).mode & 0o222) === 0) return true;
    fs.accessSync(fsPath, fs.constants.W_OK);
    return false;
  } catch {
    return true;
  }
}
