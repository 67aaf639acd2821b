/**
 * The dependency graph of the app: who connects to whom, on which port, and why. Pure data from the
 * merged values, validated with them, changing with overlays (a disabled component disappears with its
 * edges), and read by the NetworkPolicy construct and `afc graph`.
 *
 * Edges (all into a component's pods, on the port its container listens on):
 * - env: a component whose envFrom ConfigMaps hold `{{host:X}}` / `{{port:X:P}}` / `{{containerPort:X:P}}`
 *   connects to X on P. Per variable: the ports it names for X, or all of X's Service ports when it
 *   names only the host. A reference to the component itself configures it (its own port), it is no edge.
 * - declared: `networkPolicies.edges`, connections the images configure inside (defaults/network.ts,
 *   each with its evidence).
 * - exposure: from outside the cluster to every port of a NodePort or LoadBalancer Service.
 * - scrape: from the prometheus namespace to the port of each PodMonitor.
 * External egress (`networkPolicies.externalEgress`) is kept beside the edges: it has no pod at the far end.
 */
import { catalog, hasWorkload as entryHasWorkload, type WorkloadKind } from './defaults/index.js';
import { rfc1123 } from './names.js';
import { hostOf, isEnabled, mergedComponent } from './components.js';
import { COMPONENT_KEYS, type ComponentKey, type Values } from './schema.js';

/** Where a connection comes from. */
export type GraphSource =
  | { readonly kind: 'component'; readonly component: ComponentKey }
  | { readonly kind: 'outside' }
  | { readonly kind: 'namespace'; readonly namespace: string };

/** Why an edge exists (an edge may have several reasons). */
export type EdgeReason =
  | { readonly kind: 'env'; readonly configMap: string; readonly variable: string }
  | { readonly kind: 'declared'; readonly name: string; readonly evidence: string }
  | { readonly kind: 'exposure'; readonly serviceType: string }
  | { readonly kind: 'scrape'; readonly podMonitor: string };

export interface GraphEdge {
  readonly from: GraphSource;
  readonly to: ComponentKey;
  /** Port key in the values (`fileStorage`). */
  readonly port: string;
  /** Kubernetes port name (`file-storage`). */
  readonly portName: string;
  /** The port the target's container listens on (what a NetworkPolicy names). */
  readonly targetPort: number;
  readonly reasons: readonly EdgeReason[];
}

export interface GraphPort {
  readonly key: string;
  readonly name: string;
  readonly servicePort: number | undefined;
  readonly targetPort: number;
  readonly nodePort: number | undefined;
}

export interface GraphNode {
  readonly key: ComponentKey;
  /** Workload and component-label name. */
  readonly name: string;
  /** Service name. */
  readonly host: string;
  readonly kind: WorkloadKind;
  /** For pods owned by someone else (prometheus): their namespace and labels. */
  readonly external: { readonly namespace: string; readonly selector: Readonly<Record<string, string>> } | undefined;
  readonly replicas: number;
  readonly hpa: { readonly minReplicas: number; readonly maxReplicas: number } | undefined;
  /** Service type, when the component has a Service. */
  readonly serviceType: string | undefined;
  readonly ports: readonly GraphPort[];
  /** The port its PodMonitor scrapes. */
  readonly metricsPort: string | undefined;
}

export interface GraphExternalEgress {
  readonly name: string;
  readonly from: ComponentKey;
  readonly ports: readonly number[];
  readonly cidr: string;
  readonly evidence: string;
}

export interface DependencyGraph {
  /** networkPolicies.enabled. */
  readonly enabled: boolean;
  /** networkPolicies.egress. */
  readonly egress: boolean;
  /** Namespace of prometheus, the source of scrape edges. */
  readonly monitoringNamespace: string;
  /** Enabled components with pods (ours, and prometheus when an edge leads to it). */
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  readonly externalEgress: readonly GraphExternalEgress[];
}

const PLACEHOLDER = /\{\{(host|port|containerPort):([^{}:]*)(?::([^{}:]*))?\}\}/g;
const EXPOSED = new Set(['NodePort', 'LoadBalancer']);
const DEFAULT_CIDR = '0.0.0.0/0';
const CIDR = /^(\d{1,3}(\.\d{1,3}){3}\/\d{1,2}|[0-9a-fA-F:]+\/\d{1,3})$/;

const isComponent = (c: string): c is ComponentKey => (COMPONENT_KEYS as readonly string[]).includes(c);
const hasWorkload = (c: ComponentKey): boolean => entryHasWorkload(catalog[c]);
/** Components whose pods an edge can lead to: our workloads, and pods of an external Service. */
const hasPods = (c: ComponentKey): boolean => hasWorkload(c) || catalog[c].externalService !== undefined;

/** The monitoring namespace: where prometheus (an external Service) runs. */
export const monitoringNamespace = (): string => catalog.prometheus.externalService?.namespace ?? 'monitoring';

function portsOf(values: Values, c: ComponentKey): GraphPort[] {
  const ports = mergedComponent(values, c).ports ?? {};
  return Object.keys(ports)
    .sort()
    .flatMap((key) => {
      const p = ports[key]!;
      const targetPort = p.containerPort ?? p.servicePort;
      if (targetPort === undefined) return [];
      return [{ key, name: rfc1123(key), servicePort: p.servicePort, targetPort, nodePort: p.nodePort }];
    });
}

/** Problems of the declared edges and external egress (unknown components and ports, bad CIDRs). */
export function graphProblems(values: Values): string[] {
  const problems: string[] = [];
  const np = values.networkPolicies;
  const known = `known: ${COMPONENT_KEYS.join(', ')}`;
  for (const [name, edge] of Object.entries(np?.edges ?? {})) {
    const at = `networkPolicies.edges.${name}`;
    if (!isComponent(edge.from)) problems.push(`${at}.from: "${edge.from}" is not a component (${known})`);
    else if (!hasWorkload(edge.from)) problems.push(`${at}.from: "${edge.from}" has no pods of this chart: name the component that opens the connection`);
    if (!isComponent(edge.to)) problems.push(`${at}.to: "${edge.to}" is not a component (${known})`);
    else if (!hasPods(edge.to)) problems.push(`${at}.to: "${edge.to}" has no pods to connect to`);
    else if (!portsOf(values, edge.to).some((p) => p.key === edge.port)) {
      const ports = portsOf(values, edge.to).map((p) => p.key);
      problems.push(`${at}.port: "${edge.port}" is not a port of ${edge.to} (${ports.join(', ') || 'none'}): use one of its port keys`);
    }
  }
  for (const [name, egress] of Object.entries(np?.externalEgress ?? {})) {
    const at = `networkPolicies.externalEgress.${name}`;
    if (!isComponent(egress.from)) problems.push(`${at}.from: "${egress.from}" is not a component (${known})`);
    else if (!hasWorkload(egress.from)) problems.push(`${at}.from: "${egress.from}" has no pods of this chart`);
    if (egress.cidr !== undefined && !CIDR.test(egress.cidr)) problems.push(`${at}.cidr: "${egress.cidr}" is not a CIDR such as 0.0.0.0/0 or 10.0.0.0/8`);
  }
  return problems;
}

const sourceKey = (s: GraphSource): string => (s.kind === 'component' ? `0${String(COMPONENT_KEYS.indexOf(s.component)).padStart(2, '0')}` : s.kind === 'outside' ? '1' : `2${s.namespace}`);

/** The dependency graph of merged, validated values. */
export function dependencyGraph(values: Values): DependencyGraph {
  const enabled = (c: ComponentKey): boolean => isEnabled(values, c) && hasPods(c);
  const ports = new Map<ComponentKey, GraphPort[]>();
  const portsOfC = (c: ComponentKey): GraphPort[] => {
    let p = ports.get(c);
    if (!p) ports.set(c, (p = portsOf(values, c)));
    return p;
  };
  const edges = new Map<string, { from: GraphSource; to: ComponentKey; port: GraphPort; reasons: EdgeReason[] }>();
  const add = (from: GraphSource, to: ComponentKey, portKey: string, reason: EdgeReason): void => {
    if (!enabled(to)) return;
    const port = portsOfC(to).find((p) => p.key === portKey);
    if (!port) return;
    const id = `${sourceKey(from)}|${String(COMPONENT_KEYS.indexOf(to)).padStart(2, '0')}|${portKey}`;
    const edge = edges.get(id) ?? { from, to, port, reasons: [] };
    edges.set(id, edge);
    if (!edge.reasons.some((r) => JSON.stringify(r) === JSON.stringify(reason))) edge.reasons.push(reason);
  };

  const workloads = COMPONENT_KEYS.filter((c) => hasWorkload(c) && isEnabled(values, c));
  for (const c of workloads) {
    const from: GraphSource = { kind: 'component', component: c };
    const merged = mergedComponent(values, c);
    // env references
    for (const configMap of merged.envConfigmapKeys ?? []) {
      const vars = values.configmaps?.[configMap as keyof NonNullable<Values['configmaps']>] ?? {};
      for (const [rawKey, raw] of Object.entries(vars)) {
        if (typeof raw !== 'string' || /@[IS]$/.test(rawKey)) continue;
        const named = new Map<string, Set<string>>();
        for (const m of raw.matchAll(PLACEHOLDER)) {
          const [, kind, target = '', port] = m;
          if (!isComponent(target) || target === c) continue;
          const set = named.get(target) ?? new Set<string>();
          named.set(target, set);
          if (kind !== 'host' && port) set.add(port);
        }
        for (const [target, portKeys] of named) {
          const to = target as ComponentKey;
          const keys = portKeys.size > 0 ? [...portKeys] : portsOfC(to).filter((p) => p.servicePort !== undefined).map((p) => p.key);
          for (const p of keys) add(from, to, p, { kind: 'env', configMap, variable: rawKey });
        }
      }
    }
    // exposure
    const serviceType = merged.serviceType ?? 'ClusterIP';
    if (EXPOSED.has(serviceType)) {
      for (const p of portsOfC(c).filter((p) => p.servicePort !== undefined)) add({ kind: 'outside' }, c, p.key, { kind: 'exposure', serviceType });
    }
    // scrape
    if (merged.metrics?.port) {
      add({ kind: 'namespace', namespace: monitoringNamespace() }, c, merged.metrics.port, { kind: 'scrape', podMonitor: rfc1123(c) });
    }
  }
  // declared edges
  for (const [name, edge] of Object.entries(values.networkPolicies?.edges ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!isComponent(edge.from) || !isComponent(edge.to) || !isEnabled(values, edge.from) || !hasWorkload(edge.from)) continue;
    add({ kind: 'component', component: edge.from }, edge.to, edge.port, { kind: 'declared', name, evidence: edge.evidence });
  }

  const sortedEdges = [...edges.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({ from: e.from, to: e.to, port: e.port.key, portName: e.port.name, targetPort: e.port.targetPort, reasons: e.reasons }));

  const targets = new Set(sortedEdges.map((e) => e.to));
  const nodes: GraphNode[] = COMPONENT_KEYS.filter((c) => enabled(c) && (hasWorkload(c) || targets.has(c))).map((c) => {
    const merged = mergedComponent(values, c);
    const portList = portsOfC(c);
    const external = catalog[c].externalService;
    const hasService = portList.some((p) => p.servicePort !== undefined);
    return {
      key: c,
      name: rfc1123(c),
      host: hostOf(values, c),
      kind: catalog[c].kind,
      external: external ? { namespace: external.namespace, selector: external.selector } : undefined,
      replicas: merged.initialReplicas ?? 1,
      hpa: merged.hpa ? { minReplicas: merged.hpa.minReplicas ?? 1, maxReplicas: merged.hpa.maxReplicas ?? 1 } : undefined,
      serviceType: hasService ? (merged.serviceType ?? 'ClusterIP') : undefined,
      ports: portList,
      metricsPort: hasWorkload(c) ? merged.metrics?.port : undefined,
    };
  });

  const externalEgress = Object.entries(values.networkPolicies?.externalEgress ?? {})
    .filter(([, e]) => isComponent(e.from) && hasWorkload(e.from) && isEnabled(values, e.from))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, e]) => ({ name, from: e.from as ComponentKey, ports: [...e.ports].sort((a, b) => a - b), cidr: e.cidr ?? DEFAULT_CIDR, evidence: e.evidence }));

  return {
    enabled: values.networkPolicies?.enabled ?? false,
    egress: values.networkPolicies?.egress ?? false,
    monitoringNamespace: monitoringNamespace(),
    nodes,
    edges: sortedEdges,
    externalEgress,
  };
}
