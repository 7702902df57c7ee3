import * as fs from 'node:fs';
import * as path from 'node:path';

/** Writes a report next to its destination and renames it into place: never half-written. */
export function writeOutput(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
