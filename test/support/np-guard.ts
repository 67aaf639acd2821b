/**
 * np-guard's netpol-analyzer (`netpolicy`, v1.3.1), built from the Go module proxy by
 * scripts/install-np-guard.sh into .tools/bin (AFC_NETPOLICY overrides the path), and the translation
 * of the dependency graph into the connections it lists.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DependencyGraph, GraphSource } from '../../src/model/index.js';

export const NETPOLICY = process.env.AFC_NETPOLICY ?? resolve('.tools/bin/netpolicy');
const STANDINS = resolve('test/fixtures/np-guard/standins.yaml');

/** The stand-in pods (test/fixtures/np-guard/standins.yaml) as the analyzer names them. */
export const PROMETHEUS_POD = 'monitoring/prometheus-main-0[Pod]';
export const DNS_POD = 'kube-system/coredns[Pod]';
export const ANYWHERE = '0.0.0.0-255.255.255.255';
const ALL = 'All Connections';

export interface Connection {
  readonly src: string;
  readonly dst: string;
  readonly conn: string;
}

/** `netpolicy list --dirpath DIR -o json` on the given manifests plus the stand-ins. */
export function netpolicyList(manifests: string): Connection[] {
  if (!existsSync(NETPOLICY)) throw new Error(`netpolicy not found at ${NETPOLICY}: run \`bash scripts/install-np-guard.sh netpolicy\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'afc-netpol-'));
  try {
    writeFileSync(join(dir, 'afc-int.k8s.yaml'), manifests);
    copyFileSync(STANDINS, join(dir, 'standins.yaml'));
    const r = spawnSync(NETPOLICY, ['list', '--dirpath', dir, '-o', 'json', '-q'], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`netpolicy failed (${r.status ?? r.signal}): ${r.stderr}`);
    return JSON.parse(r.stdout) as Connection[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `TCP 80,443` / `TCP 4999-5000` / `TCP 53,UDP 53` / `All Connections` → one entry per protocol and port. */
export function expandConn(conn: string): string[] {
  if (conn === ALL) return [ALL];
  return conn.split(/[;,]\s*(?=[A-Z])/).flatMap((part) => {
    const m = /^(TCP|UDP|SCTP) (.+)$/.exec(part.trim());
    if (!m) throw new Error(`unexpected connection "${conn}"`);
    return m[2]!.split(',').flatMap((range) => {
      const [lo, hi = lo] = range.split('-').map(Number) as [number, number?];
      const out: string[] = [];
      for (let p = lo; p <= hi!; p++) out.push(`${m[1]} ${p}`);
      return out;
    });
  });
}

/** Connections as sorted lines `src => dst : PROTO PORT`, one per port. */
export function connectionLines(conns: readonly Connection[]): string[] {
  return conns.flatMap((c) => expandConn(c.conn).map((p) => `${c.src} => ${c.dst} : ${p}`)).sort();
}

/**
 * The connections the graph says the policies allow, as the analyzer names them (`namespace` of the
 * release's pods). Connections with none of the release's pods at either end are not ours to list.
 * With egress unrestricted, each of our pods reaches everything that is not ours (outside, prometheus,
 * DNS) on all ports; with egress restricted, only its graph edges, DNS and its declared external egress.
 */
export function expectedLines(graph: DependencyGraph, namespace = 'default'): string[] {
  const name = new Map(graph.nodes.map((n) => [n.key, n.external ? PROMETHEUS_POD : `${namespace}/${n.name}[${n.kind}]`]));
  const peer = (s: GraphSource): string => (s.kind === 'component' ? name.get(s.component)! : s.kind === 'outside' ? ANYWHERE : PROMETHEUS_POD);
  const ours = graph.nodes.filter((n) => !n.external);
  const lines: string[] = [];
  for (const e of graph.edges) {
    const external = graph.nodes.find((n) => n.key === e.to)?.external;
    if (external && !graph.egress) continue; // covered by "All Connections" below
    lines.push(`${peer(e.from)} => ${name.get(e.to)} : TCP ${e.targetPort}`);
  }
  for (const n of ours) {
    const src = name.get(n.key)!;
    if (!graph.egress) {
      for (const dst of [ANYWHERE, PROMETHEUS_POD, DNS_POD]) lines.push(`${src} => ${dst} : ${ALL}`);
      continue;
    }
    lines.push(`${src} => ${DNS_POD} : TCP 53`, `${src} => ${DNS_POD} : UDP 53`);
    for (const x of graph.externalEgress.filter((x) => x.from === n.key)) {
      if (x.cidr !== '0.0.0.0/0') throw new Error(`expectedLines handles 0.0.0.0/0 only, not ${x.cidr}`);
      for (const p of x.ports) lines.push(`${src} => ${ANYWHERE} : TCP ${p}`);
    }
  }
  return [...new Set(lines)].sort();
}

/** Lines of the analyzer's list that involve at least one of `ours` (analyzer names). */
export function oursOnly(lines: readonly string[], ours: ReadonlySet<string>): string[] {
  return lines.filter((l) => {
    const [src, rest] = l.split(' => ') as [string, string];
    const dst = rest.split(' : ')[0]!;
    return ours.has(src) || ours.has(dst);
  });
}
