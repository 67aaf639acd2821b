/**
 * Node ports and host port mappings.
 *
 * Known node ports are every `components.C.ports.P.nodePort` of the chart values, named by the port
 * key P (`http` → 30080 of dispatcher); a name that two components use for a node port is ambiguous and
 * left out. `--expose` items are `NODEPORT[:HOSTPORT]` (a number or a known name); a host port given
 * twice is an error, one already in use a warning; items without a host port get the lowest unused
 * port from 30000 up, after the explicit ones are reserved.
 */
import { readFileSync } from 'node:fs';
import { AfcError } from '../errors.js';
import type { Values } from '../model/index.js';
import { ToolMissingError, type Exec } from '../kit/exec.js';

export interface KnownNodePort {
  readonly name: string;
  readonly component: string;
  readonly nodePort: number;
}

export interface NodePortCatalog {
  /** Known node ports by port name. */
  readonly byName: ReadonlyMap<string, KnownNodePort>;
  /** Names excluded because two components use them. */
  readonly ambiguous: readonly string[];
}

export function nodePortCatalog(values: Values): NodePortCatalog {
  const byName = new Map<string, KnownNodePort>();
  const ambiguous = new Set<string>();
  for (const [component, def] of Object.entries(values.components ?? {})) {
    if (component === 'default' || !def) continue;
    for (const [name, port] of Object.entries(def.ports ?? {})) {
      if (port?.nodePort === undefined || port.nodePort === null) continue;
      if (byName.has(name)) ambiguous.add(name);
      else byName.set(name, { name, component, nodePort: port.nodePort });
    }
  }
  for (const name of ambiguous) byName.delete(name);
  return { byName, ambiguous: [...ambiguous].sort() };
}

/** The known port owning a node port number, if any. */
export function nodePortName(catalog: NodePortCatalog, nodePort: number): KnownNodePort | undefined {
  return [...catalog.byName.values()].find((k) => k.nodePort === nodePort);
}

const knownList = (catalog: NodePortCatalog): string => [...catalog.byName.keys()].sort().join(', ');

/** A known node port by name, or an AfcError listing the known names. */
export function knownNodePort(catalog: NodePortCatalog, name: string, flag = '--expose'): KnownNodePort {
  const known = catalog.byName.get(name);
  if (known) return known;
  const why = catalog.ambiguous.includes(name) ? 'is used by several components' : 'is not a known node port name';
  throw new AfcError(`${flag}: "${name}" ${why}: use one of ${knownList(catalog)}, or give the node port as a number`);
}

export interface ExposeRequest {
  readonly nodePort: number;
  readonly hostPort?: number;
  /** Set when the node port was given by name. */
  readonly known?: KnownNodePort;
}

function portNumber(text: string, what: string, item: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 65535) {
    throw new AfcError(`--expose "${item}": ${what} ${text} is not a port number (1-65535)`);
  }
  return n;
}

/** `--expose` values (each a comma-separated list of `NODEPORT[:HOSTPORT]`) as requests, in order. */
export function parseExpose(values: readonly string[], catalog: NodePortCatalog): ExposeRequest[] {
  const out: ExposeRequest[] = [];
  for (const item of values.flatMap((v) => v.split(','))) {
    const m = /^([^:]+)(?::(.*))?$/.exec(item);
    if (!m) throw new AfcError(`--expose "${item}" is not NODEPORT[:HOSTPORT]: e.g. http, http:8080 or 31432:5432`);
    const [, port, host] = m;
    const hostPort = host === undefined ? undefined : portNumber(host, 'host port', item);
    if (/^\d+$/.test(port!)) out.push({ nodePort: portNumber(port!, 'node port', item), hostPort });
    else {
      const known = knownNodePort(catalog, port!);
      out.push({ nodePort: known.nodePort, hostPort, known });
    }
  }
  return out;
}

export interface PortMapping {
  readonly hostPort: number;
  readonly nodePort: number;
  readonly known?: KnownNodePort;
}

export interface Allocation {
  readonly mappings: readonly PortMapping[];
  /** Explicit host ports that something already listens on. */
  readonly inUse: readonly number[];
}

export const FIRST_HOST_PORT = 30000;

/** Host ports for the requests: explicit ones checked (twice = error), the rest allocated from 30000. */
export function allocateHostPorts(requests: readonly ExposeRequest[], used: ReadonlySet<number>): Allocation {
  const taken = new Set<number>();
  const inUse: number[] = [];
  for (const r of requests) {
    if (r.hostPort === undefined) continue;
    if (taken.has(r.hostPort)) {
      throw new AfcError(`host port ${r.hostPort} is mapped more than once in --expose: give each mapping its own host port`);
    }
    taken.add(r.hostPort);
    if (used.has(r.hostPort)) inUse.push(r.hostPort);
  }
  let next = FIRST_HOST_PORT;
  const mappings = requests.map((r): PortMapping => {
    let hostPort = r.hostPort;
    if (hostPort === undefined) {
      while (next <= 65535 && (used.has(next) || taken.has(next))) next++;
      if (next > 65535) throw new AfcError(`no unused host port left from ${FIRST_HOST_PORT} up: give host ports in --expose`);
      hostPort = next;
      taken.add(hostPort);
    }
    return { hostPort, nodePort: r.nodePort, known: r.known };
  });
  return { mappings, inUse };
}

/** Local ports in a `netstat -latn` or `ss -latn` listing (the fourth column's `...:PORT`). */
export function parseListeningPorts(text: string): Set<number> {
  const out = new Set<number>();
  for (const line of text.split('\n')) {
    const m = /^\s*\S+\s+\S+\s+\S+\s+\S+:(\d+)\s+/.exec(line);
    if (m) out.add(Number(m[1]));
  }
  return out;
}

/** Local ports in /proc/net/tcp format (`sl local_address rem_address ...`, hex port). */
export function parseProcNetTcp(text: string): Set<number> {
  const out = new Set<number>();
  for (const line of text.split('\n')) {
    const m = /^\s*\d+:\s+[0-9A-Fa-f]+:([0-9A-Fa-f]{4})\s/.exec(line);
    if (m) out.add(parseInt(m[1]!, 16));
  }
  return out;
}

/**
 * Host ports in use: `netstat -latn` like the original; where netstat is not installed, `ss -latn`;
 * where neither is, /proc/net/tcp and tcp6.
 */
export async function usedHostPorts(exec: Exec): Promise<Set<number>> {
  for (const tool of ['netstat', 'ss']) {
    try {
      return parseListeningPorts(await exec.query(tool, ['-latn']));
    } catch (e) {
      if (!(e instanceof ToolMissingError)) throw e;
    }
  }
  const out = new Set<number>();
  let read = false;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    try {
      for (const p of parseProcNetTcp(readFileSync(file, 'utf8'))) out.add(p);
      read = true;
    } catch {
      // try the next source
    }
  }
  if (!read) throw new AfcError('cannot list the host ports in use (no netstat, no ss, no /proc/net/tcp): install net-tools or iproute2');
  return out;
}

/** `30002 -> 30080 (http of dispatcher)`, or `HOST -> NODE` for node ports given by number. */
export function describeMapping(m: PortMapping): string {
  return `${m.hostPort} -> ${m.nodePort}${m.known ? ` (${m.known.name} of ${m.known.component})` : ''}`;
}
