import { compareVersions, isValidVersion } from '../apkbuild/version';
import type { IO } from './lint-command';
import { UsageError } from './usage';

/** `version -t A B` prints `<`, `=` or `>`; `version -c V...` names every invalid version, exit 1 if any. */
export function versionCommand(argv: string[], io: IO): number {
  const [mode, ...args] = argv;
  if (mode === '-t' || mode === '--test') {
    if (args.length !== 2) throw new UsageError('version -t takes exactly two versions');
    io.stdout(['<', '=', '>'][compareVersions(args[0], args[1]) + 1] + '\n');
    return 0;
  }
  if (mode === '-c' || mode === '--check') {
    if (args.length === 0) throw new UsageError('version -c takes one or more versions');
    const invalid = args.filter((v) => !isValidVersion(v));
    for (const v of invalid) io.stdout(`${v}\n`);
    return invalid.length ? 1 : 0;
  }
  throw new UsageError('version takes -t A B or -c VERSION...');
}
