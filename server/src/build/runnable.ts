// Which Alpine arches an engine can run: natively, through a QEMU binfmt_misc entry, or (for a
// remote engine, whose binfmt we cannot read) because a probe container printed the right machine.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { alpineArch, nativeArches } from './arches';
import { Endpoint, engineCommand } from './engine';
import { run } from './process';

export interface Runnability {
  arch: string;
  runnable: boolean;
  how?: 'native' | 'binfmt' | 'probe';
  /** why not, and how to make it work */
  guidance?: string;
}

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** `enabled` when the entry exists and is on; `disabled`; or `absent`. */
export function binfmtEntryState(entry: string, dir = BINFMT_DIR): 'enabled' | 'disabled' | 'absent' {
  try {
    const first = readFileSync(path.join(dir, entry), 'utf8').split('\n')[0].trim();
    return first === 'enabled' ? 'enabled' : 'disabled';
  } catch {
    return 'absent';
  }
}

export function qemuGuidance(arch: string, platform: NodeJS.Platform = process.platform): string {
  const a = alpineArch(arch);
  const qemu = a?.qemu ?? `qemu-${arch}`;
  if (platform === 'darwin' || platform === 'win32') {
    return `${arch} needs QEMU emulation in the Docker Desktop / podman machine VM: docker run --privileged --rm tonistiigi/binfmt --install ${a?.platform.replace('linux/', '') ?? arch}`;
  }
  return `${arch} is not runnable here: no enabled ${qemu} entry in ${BINFMT_DIR}. Register QEMU user emulation: sudo apt-get install qemu-user-static (Debian/Ubuntu; it registers ${qemu}), or: docker run --privileged --rm tonistiigi/binfmt --install ${a?.platform.replace('linux/', '') ?? arch}` +
    `; if the entry is there but disabled: echo 1 | sudo tee ${BINFMT_DIR}/${qemu}`;
}

/** Local engine: the host's own arches, or an enabled binfmt entry. */
export function localRunnability(arch: string, hostArch: string, binfmtDir = BINFMT_DIR, platform: NodeJS.Platform = process.platform): Runnability {
  const a = alpineArch(arch);
  if (!a) return { arch, runnable: false, guidance: `${arch} is not an Alpine architecture this runner knows` };
  if (nativeArches(hostArch).includes(arch)) return { arch, runnable: true, how: 'native' };
  const state = binfmtEntryState(a.qemu, binfmtDir);
  if (state === 'enabled') return { arch, runnable: true, how: 'binfmt' };
  return { arch, runnable: false, guidance: qemuGuidance(arch, platform) + (state === 'disabled' ? ` (${a.qemu} is registered but disabled)` : '') };
}

/** Remote engine: run `uname -m` in a container of that platform (from an image it has). */
export async function probeRunnability(endpoint: Endpoint, arch: string, image: string, signal?: AbortSignal): Promise<Runnability> {
  const a = alpineArch(arch);
  if (!a) return { arch, runnable: false, guidance: `${arch} is not an Alpine architecture this runner knows` };
  const args = ['run', '--rm', '--network', 'none', '--platform', a.platform, image, ...(a.linux32 ? ['linux32'] : []), 'uname', '-m'];
  const result = await run(engineCommand(endpoint, args), { signal });
  const machine = result.stdout.trim().split('\n').pop();
  if (result.code === 0 && machine === a.machine) return { arch, runnable: true, how: 'probe' };
  const detail = result.code === 0 ? `it printed ${machine}, not ${a.machine}` : (result.stderr.trim().split('\n').pop() ?? `exit ${result.code}`);
  return { arch, runnable: false, guidance: `${arch} does not run on that engine (${detail}). On the engine's host: docker run --privileged --rm tonistiigi/binfmt --install ${a.platform.replace('linux/', '')}, or install qemu-user-static there` };
}
