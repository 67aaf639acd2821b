/**
 * The two-cluster topology (src/model/openafc/topology.ts) as text: Mermaid (Markdown), Graphviz DOT,
 * JSON. Two subgraphs - the outer cluster (afc-ext: the dispatcher, exposed to the outside) and the
 * inner one (afc-int: the ends of its external IPs) - and one edge per external IP the dispatcher
 * forwards to, labelled with the key, its address, the ports and the env variables that hold it.
 */
import type { ClusterTopology, InnerEnd, TopologyEdge } from '../model/openafc/topology.js';

const endId = (e: TopologyEdge): string => `int_${e.ip.replace(/[^A-Za-z0-9_]/g, '_')}`;
const DISPATCHER = 'ext_dispatcher';

function endLabel(e: TopologyEdge): string {
  const at = `externalIps.${e.ip} ${e.address || '(no address)'}`;
  return e.to.kind === 'component' ? `${e.to.component} (its Service: loadBalancerIpKey ${e.ip})\\n${at}` : `ingress controller (Ingresses: ${e.to.ingresses.join(', ') || 'none'})\\n${at}`;
}

const edgeLabel = (e: TopologyEdge): string => `${e.ports.length > 0 ? `:${e.ports.join(', :')} ` : ''}(${e.variables.join(', ')})`;

function dispatcherLabel(t: ClusterTopology): string {
  return `dispatcher (${t.outer.serviceType} Service${t.outer.loadBalancerIP ? ` ${t.outer.loadBalancerIP}` : ''})`;
}

const outsidePorts = (t: ClusterTopology): string => t.outer.ports.map((p) => `${p.name} ${p.port}`).join(', ');

export function topologyToMermaid(t: ClusterTopology): string {
  const br = (s: string): string => s.replace(/\\n/g, '<br/>');
  const lines = ['flowchart LR', '  outside((outside))', `  subgraph afc_ext["afc-ext: outer cluster (OpenAFC ${t.version})"]`, `    ${DISPATCHER}["${dispatcherLabel(t)}"]`, '  end', `  subgraph afc_int["afc-int: inner cluster"]`];
  for (const e of t.edges) lines.push(`    ${endId(e)}["${br(endLabel(e))}"]`);
  lines.push('  end');
  if (t.outer.ports.length > 0) lines.push(`  outside -->|"${outsidePorts(t)}"| ${DISPATCHER}`);
  for (const e of t.edges) lines.push(`  ${DISPATCHER} -->|"${edgeLabel(e)}"| ${endId(e)}`);
  return `${lines.join('\n')}\n`;
}

export function topologyToDot(t: ClusterTopology): string {
  const q = (s: string): string => `"${s.replace(/"/g, '\\"')}"`;
  const lines = [
    'digraph afc_clusters {',
    '  rankdir=LR;',
    '  outside [shape=circle, label="outside"];',
    '  subgraph cluster_afc_ext {',
    `    label=${q(`afc-ext: outer cluster (OpenAFC ${t.version})`)};`,
    `    ${DISPATCHER} [shape=box, label=${q(dispatcherLabel(t))}];`,
    '  }',
    '  subgraph cluster_afc_int {',
    '    label="afc-int: inner cluster";',
  ];
  for (const e of t.edges) lines.push(`    ${endId(e)} [shape=box, label=${q(endLabel(e))}];`);
  lines.push('  }');
  if (t.outer.ports.length > 0) lines.push(`  outside -> ${DISPATCHER} [label=${q(outsidePorts(t))}];`);
  for (const e of t.edges) lines.push(`  ${DISPATCHER} -> ${endId(e)} [label=${q(edgeLabel(e))}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function topologyToJson(t: ClusterTopology): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

export type { ClusterTopology, InnerEnd };
