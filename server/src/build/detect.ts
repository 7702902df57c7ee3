// Which container engines are here and usable, and the exact command that fixes what is missing.
import { describeEndpoint, Endpoint, engineCommand, EngineKind, isRemote } from './engine';
import { run } from './process';

export interface Fix {
  message: string;
  /** a command the user can run as is */
  command: string;
}

export interface EngineStatus {
  endpoint: Endpoint;
  /** the client binary ran */
  installed: boolean;
  clientVersion?: string;
  /** the engine answered (daemon, service or local podman storage) */
  reachable: boolean;
  serverVersion?: string;
  rootless?: boolean;
  remote: boolean;
  /** the engine's own machine, as `uname -m` prints it (x86_64, aarch64) */
  serverArch?: string;
  /** docker contexts or podman connections that are configured, by name */
  namedEndpoints: string[];
  fix?: Fix;
}

const GOARCH_TO_MACHINE: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', '386': 'i686', arm: 'armv7l', ppc64le: 'ppc64le', s390x: 's390x', riscv64: 'riscv64', loong64: 'loongarch64' };

function installFix(engine: EngineKind, platform: NodeJS.Platform): Fix {
  if (platform === 'darwin') {
    return engine === 'podman'
      ? { message: 'podman is not installed', command: 'brew install podman && podman machine init && podman machine start' }
      : { message: 'docker is not installed', command: 'brew install --cask docker' };
  }
  return engine === 'podman'
    ? { message: 'podman is not installed', command: 'sudo apt-get install podman  # Fedora: sudo dnf install podman; Alpine: doas apk add podman' }
    : { message: 'docker is not installed', command: 'sudo apt-get install docker.io  # or Docker Engine from docs.docker.com' };
}

function unreachableFix(s: EngineStatus, stderr: string, platform: NodeJS.Platform): Fix {
  const e = s.endpoint;
  const why = stderr.trim().split('\n').pop() ?? '';
  if (s.remote || e.url || e.connection || e.context || e.host) {
    return { message: `${describeEndpoint(e)} does not answer: ${why}`, command: e.engine === 'podman' ? 'podman system connection list  # and on the remote host: systemctl --user enable --now podman.socket' : 'docker context ls  # check the endpoint and that dockerd runs there' };
  }
  if (e.engine === 'podman') {
    if (platform === 'darwin' || platform === 'win32') return { message: `the podman machine is not running: ${why}`, command: 'podman machine start' };
    return { message: `podman does not work: ${why}`, command: 'podman system migrate  # then: podman info' };
  }
  if (/permission denied/i.test(stderr)) return { message: `no permission to use the docker daemon: ${why}`, command: 'sudo usermod -aG docker "$USER"  # then log in again' };
  if (platform === 'darwin' || platform === 'win32') return { message: `Docker Desktop is not running: ${why}`, command: 'open -a Docker' };
  return { message: `the docker daemon is not running: ${why}`, command: 'sudo systemctl start docker' };
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Asks one endpoint what it is; never throws. */
export async function probeEngine(endpoint: Endpoint, platform: NodeJS.Platform = process.platform): Promise<EngineStatus> {
  const status: EngineStatus = { endpoint, installed: false, reachable: false, remote: isRemote(endpoint), namedEndpoints: [] };
  if (endpoint.engine === 'podman') {
    const version = await run(engineCommand({ engine: 'podman', binary: endpoint.binary }, ['version', '--format', '{{.Client.Version}}']));
    if (version.spawnError) return { ...status, fix: installFix('podman', platform) };
    status.installed = true;
    status.clientVersion = version.stdout.trim() || undefined;
    const info = await run(engineCommand(endpoint, ['info', '--format', 'json']));
    const parsed = info.code === 0 ? parseJson(info.stdout) : undefined;
    if (parsed) {
      status.reachable = true;
      status.serverVersion = parsed.version?.Version;
      status.rootless = parsed.host?.security?.rootless;
      status.serverArch = GOARCH_TO_MACHINE[parsed.host?.arch] ?? parsed.host?.arch;
    } else {
      status.fix = unreachableFix(status, info.stderr, platform);
    }
    const connections = await run(engineCommand({ engine: 'podman', binary: endpoint.binary }, ['system', 'connection', 'list', '--format', '{{.Name}}']));
    status.namedEndpoints = connections.code === 0 ? connections.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
    return status;
  }
  const version = await run(engineCommand(endpoint, ['version', '--format', '{{json .}}']));
  if (version.spawnError) return { ...status, fix: installFix('docker', platform) };
  status.installed = true;
  const parsed = parseJson(version.stdout);
  status.clientVersion = parsed?.Client?.Version;
  if (parsed?.Server) {
    status.reachable = true;
    status.serverVersion = parsed.Server.Version;
    status.serverArch = GOARCH_TO_MACHINE[parsed.Server.Arch] ?? parsed.Server.Arch;
    const info = await run(engineCommand(endpoint, ['info', '--format', '{{json .SecurityOptions}}']));
    status.rootless = /rootless/.test(info.stdout);
  } else {
    status.fix = unreachableFix(status, version.stderr, platform);
  }
  const contexts = await run(engineCommand({ engine: 'docker', binary: endpoint.binary }, ['context', 'ls', '--format', '{{.Name}}']));
  status.namedEndpoints = contexts.code === 0 ? contexts.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
  return status;
}

export interface EngineChoice {
  /** the endpoint to use, when one works */
  chosen?: EngineStatus;
  /** everything that was looked at, in order */
  checked: EngineStatus[];
}

/**
 * Finds a working engine: the one asked for, or with `auto` podman then docker (docker first when
 * DOCKER_HOST is set, since the user pointed it somewhere on purpose).
 */
export async function chooseEngine(preference: 'auto' | EngineKind | Endpoint, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): Promise<EngineChoice> {
  const candidates: Endpoint[] = typeof preference === 'object'
    ? [preference]
    : preference === 'auto'
      ? (env.DOCKER_HOST ? [{ engine: 'docker' }, { engine: 'podman' }] : [{ engine: 'podman' }, { engine: 'docker' }])
      : [{ engine: preference }];
  const checked: EngineStatus[] = [];
  for (const endpoint of candidates) {
    const status = await probeEngine(endpoint, platform);
    checked.push(status);
    if (status.reachable) return { chosen: status, checked };
  }
  return { checked };
}

/** Human-readable lines: what was found, what is missing and how to fix it. */
export function describeEngineChoice(choice: EngineChoice): string[] {
  const lines: string[] = [];
  for (const s of choice.checked) {
    const name = describeEndpoint(s.endpoint);
    if (s.reachable) {
      const named = s.namedEndpoints.length ? `; ${s.endpoint.engine === 'podman' ? 'connections' : 'contexts'}: ${s.namedEndpoints.join(', ')}` : '';
      lines.push(`${name}: ${s.serverVersion ?? s.clientVersion ?? ''}${s.rootless === undefined ? '' : s.rootless ? ', rootless' : ', rootful'}${s.remote ? ', remote' : ''}${s.serverArch ? `, ${s.serverArch}` : ''}${named}`);
    } else if (s.fix) {
      lines.push(`${name}: ${s.fix.message}. Fix: ${s.fix.command}`);
    }
  }
  if (!choice.chosen) lines.push('No container engine is usable: install and start podman or docker (see above).');
  return lines;
}
