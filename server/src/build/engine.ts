// A container engine endpoint (local or remote) and how to address it on a command line.
import { Command } from './process';

export type EngineKind = 'podman' | 'docker';

export interface Endpoint {
  engine: EngineKind;
  /** podman: `--url` (unix:///run/podman.sock, ssh://user@host/run/podman/podman.sock) */
  url?: string;
  /** podman: `--connection` (a `podman system connection`) */
  connection?: string;
  /** docker: `--context` */
  context?: string;
  /** docker: DOCKER_HOST for this process (unix://, tcp://, ssh://) */
  host?: string;
  /** the binary, when not the engine's name on PATH */
  binary?: string;
  /** force copying sources and packages in and out instead of bind mounts (or force mounts) */
  remote?: boolean;
}

/** Settings text for an endpoint: `podman`, `docker`, `podman --url URL`, `podman --connection NAME`,
 * `docker --context NAME`, `docker DOCKER_HOST=URL`, or `podman+URL` / `docker+URL` shorthands. */
export function parseEndpoint(spec: string): Endpoint | undefined {
  const words = spec.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const plus = /^(podman|docker)\+(.+)$/.exec(words[0]);
  if (plus && words.length === 1) {
    return plus[1] === 'podman' ? { engine: 'podman', url: plus[2] } : { engine: 'docker', host: plus[2] };
  }
  if (words[0] !== 'podman' && words[0] !== 'docker') return undefined;
  const endpoint: Endpoint = { engine: words[0] };
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    const value = (name: string): string | undefined => {
      if (w === name) return words[++i];
      if (w.startsWith(name + '=')) return w.slice(name.length + 1);
      return undefined;
    };
    let v: string | undefined;
    if (endpoint.engine === 'podman' && (v = value('--url')) !== undefined) endpoint.url = v;
    else if (endpoint.engine === 'podman' && (v = value('--connection')) !== undefined) endpoint.connection = v;
    else if (endpoint.engine === 'docker' && (v = value('--context')) !== undefined) endpoint.context = v;
    else if (endpoint.engine === 'docker' && w.startsWith('DOCKER_HOST=')) endpoint.host = w.slice('DOCKER_HOST='.length);
    else if (endpoint.engine === 'docker' && (v = value('--host')) !== undefined) endpoint.host = v;
    else return undefined;
  }
  return endpoint;
}

export function describeEndpoint(e: Endpoint): string {
  if (e.url) return `${e.engine} --url ${e.url}`;
  if (e.connection) return `${e.engine} --connection ${e.connection}`;
  if (e.context) return `${e.engine} --context ${e.context}`;
  if (e.host) return `${e.engine} (DOCKER_HOST=${e.host})`;
  return e.engine;
}

/**
 * Whether the engine may be on another machine, so that host paths cannot be bind-mounted and
 * sources and packages are copied in and out instead. A unix socket is on this machine.
 */
export function isRemote(e: Endpoint, env: NodeJS.ProcessEnv = process.env): boolean {
  if (e.remote !== undefined) return e.remote;
  const address = e.url ?? e.host ?? (e.engine === 'docker' && !e.context ? env.DOCKER_HOST : undefined);
  if (address) return !address.startsWith('unix://');
  // a named connection or context may point anywhere: treat it as remote
  return !!(e.connection || e.context);
}

/** The command line for `engine <args>` against this endpoint. */
export function engineCommand(e: Endpoint, args: readonly string[]): Command {
  const command = e.binary ?? e.engine;
  const global: string[] = [];
  let env: Record<string, string> | undefined;
  if (e.engine === 'podman') {
    if (e.url) global.push('--url', e.url);
    else if (e.connection) global.push('--connection', e.connection);
  } else {
    if (e.context) global.push('--context', e.context);
    else if (e.host) env = { DOCKER_HOST: e.host };
  }
  return { command, args: [...global, ...args], env };
}

export function endpointKey(e: Endpoint): string {
  return JSON.stringify([e.engine, e.binary ?? '', e.url ?? '', e.connection ?? '', e.context ?? '', e.host ?? '']);
}

/** Force-removes a container without waiting for a stop timeout (docker's `rm -f` kills at once; podman waits unless `-t 0`). */
export function removeArgs(e: Endpoint, container: string): string[] {
  return e.engine === 'podman' ? ['rm', '-f', '-t', '0', container] : ['rm', '-f', container];
}
