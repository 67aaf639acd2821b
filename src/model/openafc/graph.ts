/**
 * The dependency graph of 1.0.x values (the same DependencyGraph as fc912b4a's, src/model/graph.ts),
 * with the env lists as evidence: a component whose `env` or `sharedEnvKeys` groups (following
 * `{{sameAs:G:E}}`) hold `{{host:X}}` / `{{port:X:P}}` / `{{containerPort:X:P}}` connects to X on P (all
 * of X's Service ports when only the host is named); a NodePort or LoadBalancer Service is reached from
 * outside; a PodMonitor's port from the monitoring namespace; the declared edges of network.ts (each
 * with its evidence) add what the images connect to by a literal name. `enabled` and `egress` are the
 * values' `networkPolicies` switches (off unless set).
 */
import type { DependencyGraph, EdgeReason, GraphEdge, GraphNode, GraphPort, GraphSource } from '../graph.js';
import { hasWorkload as entryHasWorkload } from '../defaults/index.js';
import { rfc1123 } from '../names.js';
import type { ComponentKey } from '../schema.js';
import { mergedOpenafcComponent, openafcHostOf } from './env.js';
import { openafcDeclaredEdges, type OpenafcDeclaredEdge } from './network.js';
import { openafcCatalog, openafcEnabled } from './catalog.js';
import { OPENAFC_COMPONENT_KEYS, type OpenafcComponentKey, type OpenafcValues } from './schema.js';

const PLACEHOLDER = /\{\{(host|port|containerPort|sameAs):([^{}:]*)(?::([^{}:]*))?(?::[^{}]*)?\}\}/g;
const EXPOSED = new Set(['NodePort', 'LoadBalancer']);
const monitoring = (): string => openafcCatalog.prometheus.externalService?.namespace ?? 'monitoring';

const isComponent = (c: string): c is OpenafcComponentKey => (OPENAFC_COMPONENT_KEYS as readonly string[]).includes(c);
const hasWorkload = (c: OpenafcComponentKey): boolean => entryHasWorkload(openafcCatalog[c]);
const index = (c: string): string => String(OPENAFC_COMPONENT_KEYS.indexOf(c as OpenafcComponentKey)).padStart(2, '0');

function portsOf(values: OpenafcValues, c: OpenafcComponentKey): GraphPort[] {
  const ports = mergedOpenafcComponent(values, c)?.ports ?? {};
  return Object.keys(ports)
    .sort()
    .flatMap((key) => {
      const p = ports[key]!;
      const targetPort = p.containerPort ?? p.servicePort;
      return targetPort === undefined ? [] : [{ key, name: rfc1123(key), servicePort: p.servicePort, targetPort, nodePort: p.nodePort }];
    });
}

/** The components and ports a raw env value names (sameAs followed), by component. */
function named(values: OpenafcValues, raw: string, into: Map<string, Set<string>>, depth = 0): void {
  for (const [, kind, a = '', b] of raw.matchAll(PLACEHOLDER)) {
    if (kind === 'sameAs') {
      const target = values.sharedEnv?.[a]?.[b ?? ''];
      if (typeof target === 'string' && depth < 8) named(values, target, into, depth + 1);
      continue;
    }
    const set = into.get(a) ?? new Set<string>();
    into.set(a, set);
    if (kind !== 'host' && b) set.add(b);
  }
}

/** The values a component's env list sets (its own env over its sharedEnv groups), by variable. */
function envOf(values: OpenafcValues, c: OpenafcComponentKey): Map<string, unknown> {
  const merged = mergedOpenafcComponent(values, c)!;
  const out = new Map<string, unknown>();
  for (const g of merged.sharedEnvKeys ?? []) for (const [k, v] of Object.entries(values.sharedEnv?.[g] ?? {})) out.set(k, v);
  for (const [k, v] of Object.entries(merged.env ?? {})) out.set(k, v);
  return out;
}

/**
 * The target of a declared edge: a fixed component and port, or the component whose Service name is
 * `sharedEnv.G.host` on its port whose servicePort is `sharedEnv.G.port`; undefined when the literals
 * name no rendered component (see openafcUnresolvedEdges).
 */
export function declaredTarget(values: OpenafcValues, edge: OpenafcDeclaredEdge, enabled: (c: OpenafcComponentKey) => boolean): { to: OpenafcComponentKey; port: string } | undefined {
  if ('component' in edge.to) return { to: edge.to.component, port: edge.to.port };
  const group = values.sharedEnv?.[edge.to.service];
  const host = group?.host;
  const port = Number(group?.port);
  const to = OPENAFC_COMPONENT_KEYS.find((c) => enabled(c) && openafcHostOf(mergedOpenafcComponent(values, c)!, c) === host);
  const key = to && portsOf(values, to).find((p) => p.servicePort === port)?.key;
  return to && key ? { to, port: key } : undefined;
}

/** Whether a declared edge applies: its source is rendered and sets its `when` variable. */
function applies(values: OpenafcValues, edge: OpenafcDeclaredEdge): boolean {
  if (!openafcEnabled(values, edge.from) || !hasWorkload(edge.from)) return false;
  if (edge.when === undefined) return true;
  const v = envOf(values, edge.from).get(edge.when);
  return v !== undefined && v !== null && v !== '';
}

/**
 * Declared edges that apply but whose target the values do not name (sharedEnv.afc-req-service set to a
 * host no rendered component has): one line each, for an error when NetworkPolicies are on.
 */
export function openafcUnresolvedEdges(values: OpenafcValues): string[] {
  const enabled = (c: OpenafcComponentKey): boolean => openafcEnabled(values, c) && hasWorkload(c);
  return Object.entries(openafcDeclaredEdges).flatMap(([name, edge]) => {
    if (!applies(values, edge) || 'component' in edge.to || declaredTarget(values, edge, enabled)) return [];
    const g = values.sharedEnv?.[edge.to.service];
    return [`networkPolicies: ${edge.from} connects to sharedEnv.${edge.to.service} (${String(g?.host)}:${String(g?.port)}; ${name}), which is no rendered component's Service name and servicePort: set sharedEnv.${edge.to.service}.host and .port to a component's (afcserver:80 or msghnd:80), or turn networkPolicies off`];
  });
}

/** The dependency graph of merged, validated 1.0.x values. */
export function openafcDependencyGraph(values: OpenafcValues): DependencyGraph {
  const MONITORING = monitoring();
  const enabled = (c: OpenafcComponentKey): boolean => openafcEnabled(values, c) && (hasWorkload(c) || openafcCatalog[c].externalService !== undefined);
  const edges = new Map<string, { from: GraphSource; to: OpenafcComponentKey; port: GraphPort; reasons: EdgeReason[] }>();
  const add = (from: GraphSource, fromKey: string, to: OpenafcComponentKey, portKey: string, reason: EdgeReason): void => {
    if (!enabled(to)) return;
    const port = portsOf(values, to).find((p) => p.key === portKey);
    if (!port) return;
    const id = `${fromKey}|${index(to)}|${portKey}`;
    const edge = edges.get(id) ?? { from, to, port, reasons: [] };
    edges.set(id, edge);
    if (!edge.reasons.some((r) => JSON.stringify(r) === JSON.stringify(reason))) edge.reasons.push(reason);
  };
  const workloads = OPENAFC_COMPONENT_KEYS.filter((c) => hasWorkload(c) && openafcEnabled(values, c));
  for (const c of workloads) {
    const from: GraphSource = { kind: 'component', component: c as ComponentKey };
    const merged = mergedOpenafcComponent(values, c)!;
    const sources: [string, Readonly<Record<string, unknown>> | undefined][] = [
      [`components.${c}.env`, merged.env],
      ...(merged.sharedEnvKeys ?? []).map((g): [string, Readonly<Record<string, unknown>> | undefined] => [`sharedEnv.${g}`, values.sharedEnv?.[g]]),
    ];
    for (const [where, env] of sources) {
      for (const [variable, raw] of Object.entries(env ?? {})) {
        if (typeof raw !== 'string' || /@[IS]$/.test(variable)) continue;
        const refs = new Map<string, Set<string>>();
        named(values, raw, refs);
        for (const [target, portKeys] of refs) {
          if (!isComponent(target) || target === c) continue;
          const keys = portKeys.size > 0 ? [...portKeys] : portsOf(values, target).filter((p) => p.servicePort !== undefined).map((p) => p.key);
          for (const p of keys) add(from, `0${index(c)}`, target, p, { kind: 'env', configMap: where, variable });
        }
      }
    }
    const serviceType = merged.service?.type ?? 'ClusterIP';
    if (EXPOSED.has(serviceType)) {
      for (const p of portsOf(values, c).filter((p) => p.servicePort !== undefined)) add({ kind: 'outside' }, '1', c, p.key, { kind: 'exposure', serviceType });
    }
    if (merged.metrics?.port) add({ kind: 'namespace', namespace: MONITORING }, `2${MONITORING}`, c, merged.metrics.port, { kind: 'scrape', podMonitor: rfc1123(c) });
  }
  for (const [name, edge] of Object.entries(openafcDeclaredEdges).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!applies(values, edge)) continue;
    const target = declaredTarget(values, edge, enabled);
    if (target) add({ kind: 'component', component: edge.from as ComponentKey }, `0${index(edge.from)}`, target.to, target.port, { kind: 'declared', name, evidence: edge.evidence });
  }
  const sorted: GraphEdge[] = [...edges.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, e]) => ({ from: e.from, to: e.to as ComponentKey, port: e.port.key, portName: e.port.name, targetPort: e.port.targetPort, reasons: e.reasons }));
  const targets = new Set<string>(sorted.map((e) => e.to));
  const nodes: GraphNode[] = OPENAFC_COMPONENT_KEYS.filter((c) => enabled(c) && (hasWorkload(c) || targets.has(c))).map((c) => {
    const merged = mergedOpenafcComponent(values, c)!;
    const ports = portsOf(values, c);
    const external = openafcCatalog[c].externalService;
    return {
      key: c as ComponentKey,
      name: rfc1123(c),
      host: openafcHostOf(merged, c),
      kind: openafcCatalog[c].kind,
      external: external ? { namespace: external.namespace, selector: merged.service?.selector ?? {} } : undefined,
      replicas: merged.initialReplicas ?? 1,
      hpa: merged.hpa ? { minReplicas: merged.hpa.minReplicas ?? 1, maxReplicas: merged.hpa.maxReplicas ?? 1 } : undefined,
      serviceType: ports.some((p) => p.servicePort !== undefined) ? (merged.service?.type ?? 'ClusterIP') : undefined,
      ports,
      metricsPort: hasWorkload(c) ? merged.metrics?.port : undefined,
    };
  });
  const np = values.networkPolicies;
  return { enabled: np?.enabled ?? false, egress: np?.egress ?? false, monitoringNamespace: MONITORING, nodes, edges: sorted, externalEgress: [] };
}
