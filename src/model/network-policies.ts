/**
 * From the dependency graph to the NetworkPolicies the constructs build: per component, the ingress rules
 * of its inbound edges (one rule per source, its target ports), the egress rules of its outbound edges
 * when `networkPolicies.egress` is on (DNS, the graph, declared external egress), and the ingress from
 * outside of a NodePort/LoadBalancer Service, kept apart because the Service type is a runtime value in
 * the Helm chart. Whether anything is rendered is asked of the Runtime (a Guard in chart output).
 */
import { dependencyGraph, type DependencyGraph, type GraphSource } from './graph.js';
import { rfc1123 } from './names.js';
import type { Guard } from './param.js';
import { mergedComponent } from './components.js';
import type { Runtime } from './runtime.js';
import type { ComponentKey, Values } from './schema.js';

/** Who a rule allows. */
export type PolicyPeer =
  /** The pods of one of our components (selected like its Service). */
  | { readonly kind: 'component'; readonly component: string }
  /** Pods of another namespace (prometheus in monitoring). */
  | { readonly kind: 'pods'; readonly namespace: string; readonly selector: Readonly<Record<string, string>> }
  /** Every pod of a namespace (selected by kubernetes.io/metadata.name). */
  | { readonly kind: 'namespace'; readonly namespace: string }
  | { readonly kind: 'cidr'; readonly cidr: string };

export interface PolicyPort {
  readonly protocol: 'TCP' | 'UDP';
  readonly port: number;
}

export interface PolicyRule {
  readonly peer: PolicyPeer;
  readonly ports: readonly PolicyPort[];
}

export interface ComponentPolicy {
  /** Component (and policy) name. */
  readonly component: string;
  readonly ingress: readonly PolicyRule[];
  /** Undefined when egress is not restricted. */
  readonly egress: readonly PolicyRule[] | undefined;
  /** Ingress from outside the cluster (any address) on these ports, rendered when `exists` holds. */
  readonly outside: { readonly ports: readonly PolicyPort[]; readonly exists: true | Guard } | undefined;
}

export interface ResolvedNetworkPolicies {
  /** Rendered always (true), or under the guard (the chart's runtime switch). */
  readonly exists: true | Guard;
  readonly egress: boolean;
  readonly components: readonly ComponentPolicy[];
}

/** Where cluster DNS runs (kube-dns / CoreDNS both carry k8s-app: kube-dns). */
export const DNS_PEER: PolicyPeer = { kind: 'pods', namespace: 'kube-system', selector: { 'k8s-app': 'kube-dns' } };
export const DNS_PORTS: readonly PolicyPort[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 53 },
];

const tcp = (ports: Iterable<number>): PolicyPort[] => [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: 'TCP', port }));

/** The peer of an edge source; outside traffic has a policy of its own. */
function peerOf(s: GraphSource): PolicyPeer | undefined {
  if (s.kind === 'component') return { kind: 'component', component: rfc1123(s.component) };
  if (s.kind === 'namespace') return { kind: 'namespace', namespace: s.namespace };
  return undefined;
}

/** Groups (peer, port) pairs into one rule per peer, in first-seen order. */
function rules(pairs: readonly { peer: PolicyPeer; port: number }[]): PolicyRule[] {
  const byPeer = new Map<string, { peer: PolicyPeer; ports: number[] }>();
  for (const { peer, port } of pairs) {
    const key = JSON.stringify(peer);
    const entry = byPeer.get(key) ?? { peer, ports: [] };
    byPeer.set(key, entry);
    entry.ports.push(port);
  }
  return [...byPeer.values()].map((e) => ({ peer: e.peer, ports: tcp(e.ports) }));
}

/** The policies of merged, validated values, or undefined when none is rendered. */
export function resolveNetworkPolicies(values: Values, runtime: Runtime): ResolvedNetworkPolicies | undefined {
  const exists = runtime.networkPolicies(values.networkPolicies?.enabled ?? false);
  if (exists === false) return undefined;
  return policiesOfGraph(dependencyGraph(values), exists, (c) => mergedComponent(values, c).serviceType ?? 'ClusterIP', runtime);
}

/**
 * The policies of a dependency graph (of either model): `exists` is the runtime's answer for the
 * switch, `serviceTypeOf` a component's Service type in the values (for the outside policy).
 */
export function policiesOfGraph(graph: DependencyGraph, exists: true | Guard, serviceTypeOf: (c: ComponentKey) => string, runtime: Runtime): ResolvedNetworkPolicies {
  const ours = graph.nodes.filter((n) => n.external === undefined);
  const components = ours.flatMap((node): ComponentPolicy[] => {
    const inbound = graph.edges.filter((e) => e.to === node.key && e.from.kind !== 'outside');
    const ingress = rules(inbound.flatMap((e) => {
      const peer = peerOf(e.from);
      return peer ? [{ peer, port: e.targetPort }] : [];
    }));
    let egress: PolicyRule[] | undefined;
    if (graph.egress) {
      const outbound = graph.edges.filter((e) => e.from.kind === 'component' && e.from.component === node.key);
      const nodeOf = (c: ComponentKey) => graph.nodes.find((n) => n.key === c)!;
      egress = [
        { peer: DNS_PEER, ports: DNS_PORTS },
        ...rules(outbound.map((e) => {
          const target = nodeOf(e.to);
          const peer: PolicyPeer = target.external
            ? { kind: 'pods', namespace: target.external.namespace, selector: target.external.selector }
            : { kind: 'component', component: target.name };
          return { peer, port: e.targetPort };
        })),
        ...rules(graph.externalEgress.filter((x) => x.from === node.key).flatMap((x) => x.ports.map((port) => ({ peer: { kind: 'cidr', cidr: x.cidr } as PolicyPeer, port })))),
      ];
    }
    const servicePorts = node.ports.filter((p) => p.servicePort !== undefined);
    const outsideExists = servicePorts.length > 0 ? runtime.networkExposure(node.key, serviceTypeOf(node.key), graph.enabled) : false;
    const outside = outsideExists === false ? undefined : { ports: tcp(servicePorts.map((p) => p.targetPort)), exists: outsideExists };
    if (ingress.length === 0 && egress === undefined && outside === undefined) return [];
    return [{ component: node.name, ingress, egress, outside }];
  });
  return { exists, egress: graph.egress, components };
}
