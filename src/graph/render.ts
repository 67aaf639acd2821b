/**
 * The dependency graph as text for people and tools: Mermaid (Markdown), Graphviz DOT, JSON. One diagram
 * edge per pair of peers, labelled with its ports and why it exists (the env variables, the evidence of a
 * declared edge, the Service type that exposes it, the PodMonitor that scrapes it).
 */
import type { DependencyGraph, EdgeReason, GraphEdge, GraphNode, GraphSource } from '../model/index.js';

const OUTSIDE = 'outside';
const namespaceId = (ns: string): string => `ns_${ns.replace(/[^A-Za-z0-9_]/g, '_')}`;
/** A node id Mermaid and DOT take unquoted: a component key with `-` (the 1.0.x keys) gets `_`. */
const nodeId = (key: string): string => key.replace(/-/g, '_');
const sourceId = (s: GraphSource): string => (s.kind === 'component' ? nodeId(s.component) : s.kind === 'outside' ? OUTSIDE : namespaceId(s.namespace));

/** The first path of a declared edge's evidence (`config/ratapi.conf`). */
const evidenceFile = (evidence: string): string => evidence.split(/[\s;]/)[0] ?? evidence;

function reasonText(r: EdgeReason): string {
  switch (r.kind) {
    case 'env':
      return r.variable.replace(/@[IS]$/, '');
    case 'declared':
      return `declared: ${evidenceFile(r.evidence)}`;
    case 'exposure':
      return r.serviceType;
    case 'scrape':
      return `PodMonitor ${r.podMonitor}`;
  }
}

/** Edges grouped by (from, to), in graph order: ports and reasons of each pair. */
export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly ports: readonly string[];
  readonly reasons: readonly string[];
  readonly kind: 'env' | 'declared' | 'exposure' | 'scrape' | 'mixed';
}

export function diagramEdges(graph: DependencyGraph): DiagramEdge[] {
  const byPair = new Map<string, { from: string; to: string; edges: GraphEdge[] }>();
  for (const e of graph.edges) {
    const from = sourceId(e.from);
    const key = `${from}\u0000${e.to}`;
    const entry = byPair.get(key) ?? { from, to: nodeId(e.to), edges: [] };
    byPair.set(key, entry);
    entry.edges.push(e);
  }
  return [...byPair.values()].map(({ from, to, edges }) => {
    const kinds = new Set(edges.flatMap((e) => e.reasons.map((r) => r.kind)));
    return {
      from,
      to,
      ports: edges.map((e) => `${e.portName} ${e.targetPort}`),
      reasons: [...new Set(edges.flatMap((e) => e.reasons.map(reasonText)))],
      kind: kinds.size === 1 ? ([...kinds][0] as DiagramEdge['kind']) : 'mixed',
    };
  });
}

/** What a node is: kind, replicas or autoscaling, Service type and ports. */
export function nodeLines(n: GraphNode): string[] {
  if (n.external) return [n.name, `${n.kind === 'service-only' ? 'pods of' : ''} namespace ${n.external.namespace}`.trim()];
  const scale = n.hpa ? `HPA ${n.hpa.minReplicas}-${n.hpa.maxReplicas}` : `x${n.replicas}`;
  const lines = [n.name, `${n.kind} ${scale}`];
  const servicePorts = n.ports.filter((p) => p.servicePort !== undefined);
  if (n.serviceType && servicePorts.length > 0) {
    lines.push(`${n.serviceType} ${n.host}: ${servicePorts.map((p) => `${p.servicePort}${p.nodePort !== undefined && n.serviceType === 'NodePort' ? `/${p.nodePort}` : ''}`).join(', ')}`);
  }
  return lines;
}

const mermaidText = (s: string): string => s.replace(/"/g, '#quot;');

/** A Mermaid flowchart (left to right). */
export function toMermaid(graph: DependencyGraph): string {
  const out = ['flowchart LR'];
  const sources = new Set(graph.edges.map((e) => sourceId(e.from)));
  if (sources.has(OUTSIDE)) out.push(`  ${OUTSIDE}(("outside the cluster"))`);
  for (const ns of new Set(graph.edges.flatMap((e) => (e.from.kind === 'namespace' ? [e.from.namespace] : [])))) {
    out.push(`  ${namespaceId(ns)}{{"namespace ${ns}"}}`);
  }
  for (const n of graph.nodes) {
    const label = mermaidText(nodeLines(n).join('<br/>'));
    const [open, close] = n.external ? ['[/', '/]'] : n.kind === 'StatefulSet' ? ['[(', ')]'] : ['[', ']'];
    out.push(`  ${nodeId(n.key)}${open}"${label}"${close}`);
  }
  for (const e of diagramEdges(graph)) {
    const arrow = e.kind === 'declared' ? '-.->' : e.kind === 'scrape' ? '-.->' : '-->';
    out.push(`  ${e.from} ${arrow}|"${mermaidText(`${e.ports.join(', ')}<br/>${e.reasons.join(', ')}`)}"| ${e.to}`);
  }
  return `${out.join('\n')}\n`;
}

const dotText = (s: string): string => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** Graphviz DOT. */
export function toDot(graph: DependencyGraph): string {
  const out = ['digraph afc {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=8];'];
  const sources = new Set(graph.edges.map((e) => sourceId(e.from)));
  if (sources.has(OUTSIDE)) out.push(`  ${OUTSIDE} [label="outside the cluster", shape=doublecircle];`);
  for (const ns of new Set(graph.edges.flatMap((e) => (e.from.kind === 'namespace' ? [e.from.namespace] : [])))) {
    out.push(`  ${namespaceId(ns)} [label="namespace ${dotText(ns)}", shape=hexagon];`);
  }
  for (const n of graph.nodes) {
    const shape = n.external ? 'parallelogram' : n.kind === 'StatefulSet' ? 'cylinder' : 'box';
    out.push(`  ${nodeId(n.key)} [label="${nodeLines(n).map(dotText).join('\\n')}", shape=${shape}];`);
  }
  for (const e of diagramEdges(graph)) {
    const style = e.kind === 'declared' || e.kind === 'scrape' ? ', style=dashed' : '';
    out.push(`  ${e.from} -> ${e.to} [label="${dotText(`${e.ports.join(', ')}\n${e.reasons.join(', ')}`).replace(/\n/g, '\\n')}"${style}];`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** The graph as JSON (the model's DependencyGraph). */
export const toJson = (graph: DependencyGraph): string => `${JSON.stringify(graph, null, 2)}\n`;
