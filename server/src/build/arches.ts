// Alpine architecture names and the OCI platforms that run them. Container engines read
// `arm/v7` for Debian's armhf, so an Alpine name must never be passed to --platform as is.

export interface AlpineArch {
  /** Alpine's name, as in `arch=` and `$CARCH`. */
  readonly name: string;
  /** The OCI platform for `--platform`. */
  readonly platform: string;
  /** The qemu-user binfmt_misc entry that runs it on a foreign host. */
  readonly qemu: string;
  /** What `uname -m` prints inside such a container (after `linux32` for 32-bit ones). */
  readonly machine: string;
  /** A 32-bit userland run on a 64-bit kernel needs `linux32` so `uname -m` and abuild agree. */
  readonly linux32: boolean;
}

export const ALPINE_ARCHES: readonly AlpineArch[] = [
  { name: 'x86_64', platform: 'linux/amd64', qemu: 'qemu-x86_64', machine: 'x86_64', linux32: false },
  { name: 'x86', platform: 'linux/386', qemu: 'qemu-i386', machine: 'i686', linux32: true },
  { name: 'aarch64', platform: 'linux/arm64', qemu: 'qemu-aarch64', machine: 'aarch64', linux32: false },
  { name: 'armv7', platform: 'linux/arm/v7', qemu: 'qemu-arm', machine: 'armv7l', linux32: true },
  { name: 'armhf', platform: 'linux/arm/v6', qemu: 'qemu-arm', machine: 'armv6l', linux32: true },
  { name: 'ppc64le', platform: 'linux/ppc64le', qemu: 'qemu-ppc64le', machine: 'ppc64le', linux32: false },
  { name: 's390x', platform: 'linux/s390x', qemu: 'qemu-s390x', machine: 's390x', linux32: false },
  { name: 'riscv64', platform: 'linux/riscv64', qemu: 'qemu-riscv64', machine: 'riscv64', linux32: false },
  { name: 'loongarch64', platform: 'linux/loong64', qemu: 'qemu-loongarch64', machine: 'loongarch64', linux32: false },
];

export function alpineArch(name: string): AlpineArch | undefined {
  return ALPINE_ARCHES.find((a) => a.name === name);
}

/** The Alpine name of the machine `uname -m` (or Node's process.arch) describes. */
export function alpineArchOfMachine(machine: string): string | undefined {
  const byNode: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64', ia32: 'x86', arm: 'armv7', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loongarch64' };
  if (byNode[machine]) return byNode[machine];
  if (/^i[3-6]86$/.test(machine)) return 'x86';
  if (machine === 'armv8l' || machine === 'armv7l') return 'armv7';
  if (machine === 'armv6l') return 'armhf';
  return ALPINE_ARCHES.find((a) => a.machine === machine || a.name === machine)?.name;
}

/** Arches a host runs without emulation: its own, and the 32-bit one its kernel also runs. */
export function nativeArches(hostArch: string): string[] {
  if (hostArch === 'x86_64') return ['x86_64', 'x86'];
  if (hostArch === 'aarch64') return ['aarch64'];
  return [hostArch];
}
