/**
 * The two-cluster topology of OpenAFC 1.0.x (upstream's GCP deployment): the outer cluster (afc-ext,
 * the dispatcher alone) and the inner one (afc-int), joined by `externalIps`. Pure data from the
 * values: every env variable of the outer dispatcher holding `{{ip:KEY}}` is a connection to the
 * address externalIps.KEY, on the port its paired variable names (X_NAME / X_HOST / X_FQDN ->
 * X_PORT); the inner cluster's end of KEY is the afc-int component whose Service takes that address
 * (service.loadBalancerIpKey), else the ingress controller in front of afc-int's Ingresses. Read by
 * `afc graph --app afc-ext` and by afc-ext's NetworkPolicies (the dispatcher's egress).
 */
import { AfcError } from '../../errors.js';
import { DNS_PEER, DNS_PORTS, type ComponentPolicy, type PolicyPort, type PolicyRule, type ResolvedNetworkPolicies } from '../network-policies.js';
import { mergedOpenafcComponent } from './env.js';
import { OPENAFC_COMPONENT_KEYS, type OpenafcExtNetworkPolicies, type OpenafcValues } from './schema.js';

/** A port of the outer dispatcher's Service. */
export interface TopologyPort {
  readonly name: string;
  readonly port: number;
}

/** The inner cluster's end of an external IP. */
export type InnerEnd =
  /** An afc-int component whose Service takes the address (loadBalancerIpKey). */
  | { readonly kind: 'component'; readonly component: string }
  /** The ingress controller (ingress-nginx) in front of afc-int's Ingresses. */
  | { readonly kind: 'ingress'; readonly ingresses: readonly string[] };

/** A connection from the outer dispatcher to the inner cluster. */
export interface TopologyEdge {
  /** The externalIps key. */
  readonly ip: string;
  /** Its address ('' = not given yet). */
  readonly address: string;
  /** The ports the paired variables name (sorted); empty when no variable names one. */
  readonly ports: readonly number[];
  /** The env variables that hold the address. */
  readonly variables: readonly string[];
  readonly to: InnerEnd;
}

export interface ClusterTopology {
  readonly version: string;
  readonly outer: {
    readonly app: 'afc-ext';
    readonly component: 'dispatcher';
    readonly serviceType: string;
    /** externalIps.<loadBalancerIpKey>, when given. */
    readonly loadBalancerIP: string | undefined;
    readonly ports: readonly TopologyPort[];
  };
  readonly inner: { readonly app: 'afc-int'; readonly ends: readonly InnerEnd[] };
  readonly edges: readonly TopologyEdge[];
}

const IP = /\{\{ip:([^:}]+)(?::[a-z]+)?\}\}/g;
/** The port variable paired with a host variable: AFC_MSGHND_NAME -> AFC_MSGHND_PORT, BROKER_FQDN -> BROKER_PORT. */
export const portVariableOf = (variable: string): string | undefined => {
  const m = /^(.*)_(NAME|HOST|FQDN)$/.exec(variable);
  return m ? `${m[1]}_PORT` : undefined;
};

/** The raw (unresolved) env of a merged component: its env, then its sharedEnvKeys groups. */
function rawEnv(values: OpenafcValues, key: string): Record<string, unknown> {
  const c = mergedOpenafcComponent(values, key) ?? {};
  const out: Record<string, unknown> = {};
  for (const group of c.sharedEnvKeys ?? []) Object.assign(out, values.sharedEnv?.[group] ?? {});
  return { ...out, ...(c.env ?? {}) };
}

/** The inner end of an external IP key, from afc-int's values. */
function innerEnd(inner: OpenafcValues, ip: string): InnerEnd {
  for (const key of OPENAFC_COMPONENT_KEYS) {
    const c = mergedOpenafcComponent(inner, key);
    if (c?.imageName && c.service?.loadBalancerIpKey === ip) return { kind: 'component', component: key };
  }
  const ingresses = OPENAFC_COMPONENT_KEYS.filter((key) => {
    const c = mergedOpenafcComponent(inner, key);
    return Boolean(c?.imageName) && (c?.ingress?.rules?.length ?? 0) > 0;
  });
  return { kind: 'ingress', ingresses };
}

/** The outer dispatcher's connections by external IP key: the variables holding it and the ports they pair with. */
function outerConnections(outer: OpenafcValues): Map<string, { variables: string[]; ports: Set<number> }> {
  const env = rawEnv(outer, 'dispatcher');
  const byIp = new Map<string, { variables: string[]; ports: Set<number> }>();
  for (const variable of Object.keys(env).sort()) {
    const raw = env[variable];
    if (typeof raw !== 'string') continue;
    for (const m of raw.matchAll(IP)) {
      const entry = byIp.get(m[1]!) ?? { variables: [], ports: new Set<number>() };
      byIp.set(m[1]!, entry);
      if (!entry.variables.includes(variable)) entry.variables.push(variable);
      const portVar = portVariableOf(variable);
      const port = portVar === undefined ? undefined : Number(env[portVar]);
      if (port !== undefined && Number.isInteger(port) && port > 0) entry.ports.add(port);
    }
  }
  return byIp;
}

/** The topology of afc-ext values `outer` and afc-int values `inner` (both of `version`). */
export function clusterTopology(outer: OpenafcValues, inner: OpenafcValues, version: string): ClusterTopology {
  const key = 'dispatcher' as const;
  const dispatcher = mergedOpenafcComponent(outer, key) ?? {};
  const byIp = outerConnections(outer);
  const edges = [...byIp.keys()].sort().map((ip): TopologyEdge => {
    const e = byIp.get(ip)!;
    return { ip, address: outer.externalIps?.[ip] ?? '', ports: [...e.ports].sort((a, b) => a - b), variables: e.variables, to: innerEnd(inner, ip) };
  });
  const ipKey = dispatcher.service?.loadBalancerIpKey;
  return {
    version,
    outer: {
      app: 'afc-ext',
      component: key,
      serviceType: dispatcher.service?.type ?? 'ClusterIP',
      loadBalancerIP: (ipKey && outer.externalIps?.[ipKey]) || undefined,
      ports: Object.entries(dispatcher.ports ?? {})
        .filter(([, p]) => p.servicePort !== undefined)
        .map(([name, p]) => ({ name, port: p.servicePort! }))
        .sort((a, b) => a.port - b.port),
    },
    inner: { app: 'afc-int', ends: edges.map((e) => e.to) },
    edges,
  };
}

/** An IPv4 address as a number, or undefined. */
function ipv4(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Whether an IPv4 address lies in an IPv4 CIDR (undefined when either is not IPv4). */
function inRange(address: string, cidr: string): boolean | undefined {
  const [base = '', bits = ''] = cidr.split('/');
  const a = ipv4(address);
  const b = ipv4(base);
  if (a === undefined || b === undefined) return undefined;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(a / size) === Math.floor(b / size);
}

/**
 * afc-ext's NetworkPolicies (`networkPolicies.enabled`): the dispatcher admits any address on its
 * Service ports, nothing else reaches the release's pods; with `networkPolicies.egress` it reaches
 * only DNS and the inner cluster - `egressRange` when given (every forwarded address must lie in it),
 * else the /32 of each external IP - on the ports its env names.
 */
export function extNetworkPolicies(outer: OpenafcValues): ResolvedNetworkPolicies | undefined {
  const np = (outer as { networkPolicies?: OpenafcExtNetworkPolicies }).networkPolicies;
  if (!np?.enabled) {
    if (np?.egress || np?.egressRange) throw new AfcError('networkPolicies.egress and networkPolicies.egressRange need networkPolicies.enabled: true (afc-ext): set it, or drop them');
    return undefined;
  }
  const dispatcher = mergedOpenafcComponent(outer, 'dispatcher') ?? {};
  const servicePorts = Object.values(dispatcher.ports ?? {}).filter((p) => p.servicePort !== undefined).map((p) => p.containerPort ?? p.servicePort!);
  const tcp = (ports: Iterable<number>): PolicyPort[] => [...new Set(ports)].sort((a, b) => a - b).map((port) => ({ protocol: 'TCP', port }));
  let egress: PolicyRule[] | undefined;
  if (np.egress) {
    const connections = [...outerConnections(outer).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const inner: PolicyRule[] = [];
    if (np.egressRange && np.egressRange.length > 0) {
      for (const [ip] of connections) {
        const address = outer.externalIps?.[ip] ?? '';
        const fits = np.egressRange.map((cidr) => inRange(address, cidr));
        if (fits.every((f) => f === false)) throw new AfcError(`networkPolicies.egressRange: externalIps.${ip} (${address}) is in none of ${np.egressRange.join(', ')}: widen the range or fix the address`);
      }
      const ports = tcp(connections.flatMap(([, c]) => [...c.ports]));
      for (const cidr of np.egressRange) inner.push({ peer: { kind: 'cidr', cidr }, ports });
    } else {
      for (const [ip, c] of connections) {
        const address = outer.externalIps?.[ip] ?? '';
        if (!address) throw new AfcError(`networkPolicies.egress: externalIps.${ip} has no address: set it, or give networkPolicies.egressRange`);
        inner.push({ peer: { kind: 'cidr', cidr: address.includes(':') ? `${address}/128` : `${address}/32` }, ports: tcp(c.ports) });
      }
    }
    egress = [{ peer: DNS_PEER, ports: DNS_PORTS }, ...inner];
  }
  const policy: ComponentPolicy = { component: 'dispatcher', ingress: [], egress, outside: servicePorts.length > 0 ? { ports: tcp(servicePorts), exists: true } : undefined };
  return { exists: true, egress: Boolean(np.egress), components: [policy] };
}
