// The files around an open APKBUILD (patches, init scripts, the directory listing), read once
// and kept between keystrokes: rules such as AL56 read every patch on each lint, which would
// otherwise cost a directory's worth of reads per edit. Entries expire after `ttlMs` and on
// invalidate() (a save, a watched-file change), so edits to those files show up.
import { readInside, safeList } from '../lint';

interface Cached {
  at: number;
  listing: string[] | undefined;
  contents: Map<string, string | undefined>;
}

export class PackageFilesCache {
  private readonly dirs = new Map<string, Cached>();

  constructor(private readonly ttlMs = 5000, private readonly now: () => number = Date.now) {}

  private entry(dir: string): Cached {
    let e = this.dirs.get(dir);
    if (!e || this.now() - e.at > this.ttlMs) {
      e = { at: this.now(), listing: undefined, contents: new Map() };
      this.dirs.set(dir, e);
    }
    return e;
  }

  list(dir: string): string[] {
    const e = this.entry(dir);
    e.listing ??= safeList(dir);
    return e.listing;
  }

  /** A file of the package directory as text; undefined when missing, unreadable, binary or outside it. */
  read(dir: string, name: string): string | undefined {
    const e = this.entry(dir);
    if (e.contents.has(name)) return e.contents.get(name);
    const text = readInside(dir, name);
    e.contents.set(name, text);
    return text;
  }

  invalidate(dir?: string): void {
    if (dir === undefined) this.dirs.clear();
    else this.dirs.delete(dir);
  }
}
