/**
 * np-guard's cluster-topology-analyzer (`nettop`, v2.3.0, built by scripts/install-np-guard.sh) on our
 * plain output, compared with the dependency graph: it guesses connections from env values that name a
 * Service (host, host:port, URLs), where our graph knows them from typed references and declared edges.
 * Connections are compared as `client -> server:servicePort` between the release's workloads.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { DependencyGraph, EdgeReason } from '../../src/model/index.js';

export const NETTOP = process.env.AFC_NETTOP ?? resolve('.tools/bin/nettop');

interface NettopResource {
  readonly resource?: { readonly name?: string; readonly network?: readonly { readonly port: number }[] };
}
interface NettopConnection {
  readonly source?: NettopResource;
  readonly target?: NettopResource;
  readonly link?: NettopResource;
}

/** `nettop -dirpath DIR` on the manifests: its connections. */
export function nettop(manifests: string): NettopConnection[] {
  if (!existsSync(NETTOP)) throw new Error(`nettop not found at ${NETTOP}: run \`bash scripts/install-np-guard.sh nettop\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'afc-nettop-'));
  try {
    writeFileSync(join(dir, 'afc-int.k8s.yaml'), manifests);
    const r = spawnSync(NETTOP, ['-dirpath', dir, '-q'], { encoding: 'utf8', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
    if (r.status !== 0) throw new Error(`nettop failed (${r.status ?? r.signal}): ${r.stderr}`);
    return JSON.parse(r.stdout) as NettopConnection[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TopologyComparison {
  /** `client -> server:port` found by both. */
  readonly both: readonly string[];
  /** Ours, not found by nettop, with why we have them. */
  readonly missed: readonly string[];
  /** Found by nettop, not in our graph. */
  readonly added: readonly string[];
  /** Service ports nettop lists without a client (it assumes they are entry points). */
  readonly noClient: readonly string[];
  /** Our edges nettop cannot express: from outside, scraping, to prometheus in its namespace. */
  readonly beyond: readonly string[];
}

const why = (reasons: readonly EdgeReason[]): string =>
  reasons.map((r) => (r.kind === 'declared' ? `declared: ${r.evidence.split(/[\s;]/)[0]}` : r.kind === 'env' ? r.variable : r.kind)).join(', ');

export function compareTopology(graph: DependencyGraph, conns: readonly NettopConnection[]): TopologyComparison {
  const node = new Map(graph.nodes.map((n) => [n.key, n]));
  const ours = new Map<string, string>();
  const beyond: string[] = [];
  for (const e of graph.edges) {
    const to = node.get(e.to)!;
    const port = to.ports.find((p) => p.key === e.port)!;
    const target = `${to.name}:${port.servicePort ?? port.targetPort}`;
    if (e.from.kind !== 'component' || to.external) {
      const from = e.from.kind === 'component' ? node.get(e.from.component)!.name : e.from.kind === 'outside' ? 'outside' : `namespace ${e.from.namespace}`;
      beyond.push(`${from} -> ${target}`);
      continue;
    }
    ours.set(`${node.get(e.from.component)!.name} -> ${target}`, why(e.reasons));
  }
  const theirs = new Set<string>();
  const noClient = new Set<string>();
  for (const c of conns) {
    const dst = c.target?.resource?.name;
    if (!dst) continue;
    for (const p of c.link?.resource?.network ?? []) {
      const src = c.source?.resource?.name;
      if (src) theirs.add(`${src} -> ${dst}:${p.port}`);
      else noClient.add(`${dst}:${p.port}`);
    }
  }
  const sort = (xs: Iterable<string>): string[] => [...xs].sort();
  return {
    both: sort([...ours.keys()].filter((k) => theirs.has(k))),
    missed: sort([...ours].filter(([k]) => !theirs.has(k)).map(([k, reason]) => `${k} (${reason})`)),
    added: sort([...theirs].filter((k) => !ours.has(k))),
    noClient: sort(noClient),
    beyond: sort(beyond),
  };
}
