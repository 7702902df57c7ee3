import { KNOWN_ARCHES } from '../rules/arch';

/** The arches Alpine builds packages for: what `--arch all` means. */
export const ALPINE_BUILD_ARCHES: readonly string[] = ['x86_64', 'x86', 'aarch64', 'armhf', 'armv7', 'ppc64le', 's390x', 'riscv64', 'loongarch64'];

/** The Alpine name of the arch Node runs on (`process.arch`). */
export function hostArch(nodeArch: string = process.arch): string | undefined {
  const names: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'x86', arm: 'armv7', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loongarch64' };
  return names[nodeArch];
}

/** `--arch a,b` (repeatable; `all` for every Alpine arch) → the arches, in the order given; throws on an unknown name. */
export function parseArchList(values: readonly string[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    for (const word of value.split(',').map((w) => w.trim()).filter(Boolean)) {
      const names = word === 'all' ? ALPINE_BUILD_ARCHES : [word];
      for (const name of names) {
        if (!KNOWN_ARCHES.has(name)) throw new RangeError(`unknown arch "${name}" (known: all, ${ALPINE_BUILD_ARCHES.join(', ')})`);
        if (!out.includes(name)) out.push(name);
      }
    }
  }
  return out;
}
