/**
 * A copy of a string that shares no memory with the text it was cut from. V8 keeps a substring
 * of 13 or more characters as a view of its parent, so a dependency name kept as a key of a
 * long-lived cache would keep the whole APKBUILD it was read from alive (about 14 MB over an
 * aports tree). Shorter strings are always copies already.
 */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
