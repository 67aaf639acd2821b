/**
 * From validated chart values to the resolved app the constructs build: every component merged with
 * `components.default`, names computed once (manifest name, host, port names), env ConfigMaps with
 * placeholders resolved, and runtime fields obtained from a `Runtime` as `Param`s (no callbacks kept).
 */
import { AfcValidationError } from '../errors.js';
import { catalog, cadvisorServiceMonitor, type WorkloadKind } from './defaults/index.js';
import { resolveEnvValue, type EnvContext } from './env.js';
import type { Plain } from './merge.js';
import { hostOf, isEnabled, mergedComponent } from './components.js';
import { resolveNetworkPolicies, type ResolvedNetworkPolicies } from './network-policies.js';
import { rfc1123 } from './names.js';
import type { Guard, Param } from './param.js';
import type { ReleaseLabels, Runtime } from './runtime.js';
import { COMPONENT_KEYS, CONFIGMAP_KEYS, type Component, type ComponentKey, type ConfigMapKey, type Values } from './schema.js';

export interface ResolvedPort {
  /** Key in the values (`fileStorage`). */
  readonly key: string;
  /** Kubernetes port name (`file-storage`). */
  readonly name: string;
  readonly servicePort: number | undefined;
  /** containerPort, else servicePort. */
  readonly containerPort: number | undefined;
  /** Set only when containerPort is given explicitly (the Service then targets it). */
  readonly targetPort: number | undefined;
  /** The Service nodePort (runtime: present only for NodePort Services). */
  readonly nodePort: Param<number> | undefined;
  /** The Service port's appProtocol (1.0.x model). @default - not rendered */
  readonly appProtocol?: string;
}

export interface ResolvedService {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly type: Param<string>;
  readonly loadBalancerIP: string | undefined;
  /** Selector of pods that are not ours (external services); undefined = the component workload. */
  readonly externalSelector: Readonly<Record<string, string>> | undefined;
  /** The runtime condition of the whole Service. @default - always rendered */
  readonly when?: Guard;
  readonly ports: readonly ResolvedPort[];
  /** Service annotations (1.0.x model). @default - none */
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface ResolvedVolume {
  readonly name: string;
  readonly mountPath: string;
  readonly source: Plain;
  /** Mounted read-only (readOnlyStaticVolumes); undefined = the original's read-write mount. */
  readonly readOnly: true | undefined;
}

/** A PersistentVolumeClaim that backs a static volume (staticVolumeClaims). */
export interface ResolvedVolumeClaim {
  /** Key in staticVolumes. */
  readonly key: string;
  /** Claim name: rfc1123 of the key. */
  readonly name: string;
  readonly accessMode: string;
  readonly storage: string | number;
  readonly storageClassName: string | undefined;
  readonly volumeName: string | undefined;
}

/** The container probes (Kubernetes' shape, named ports resolved), absent unless set in the values. */
export interface ResolvedProbes {
  readonly liveness: Plain | undefined;
  readonly readiness: Plain | undefined;
  readonly startup: Plain | undefined;
}

export interface ResolvedComponent {
  readonly key: ComponentKey;
  /** rfc1123 of the key: workload, container, HPA and PodMonitor name; component label. */
  readonly name: string;
  readonly host: string;
  readonly kind: WorkloadKind;
  readonly image: Param<string>;
  readonly imagePullPolicy: Param<string>;
  readonly replicas: Param<number>;
  readonly serviceAccount: string | undefined;
  readonly podSecurityContext: Plain | undefined;
  readonly containerSecurityContext: Plain | undefined;
  /** automountServiceAccountToken of the pod; undefined = not rendered (the Kubernetes default). */
  readonly automountServiceAccountToken: boolean | undefined;
  readonly probes: ResolvedProbes;
  readonly imagePullSecrets: Param<{ name: string }[]> | undefined;
  /** ConfigMap names, in order. */
  readonly envFrom: readonly string[];
  /** The container env list, in order (1.0.x model: env and sharedEnvKeys). @default - none */
  readonly env?: readonly { readonly name: string; readonly value: string }[];
  /** All ports, sorted by key. */
  readonly ports: readonly ResolvedPort[];
  readonly resources: Plain | undefined;
  /** Static volumes, sorted by name (the original's order was random). */
  readonly volumes: readonly ResolvedVolume[];
  readonly pvc:
    | { readonly name: string; readonly accessMode: string; readonly mountPath: string; readonly resources: Plain | undefined }
    | undefined;
  readonly service: ResolvedService | undefined;
  readonly metrics: Plain | undefined;
  readonly hpa:
    | { readonly minReplicas: Param<number>; readonly maxReplicas: Param<number>; readonly metricType: string; readonly metric: Plain; readonly behavior: Plain | undefined }
    | undefined;
}

export interface ResolvedConfigMap {
  readonly key: ConfigMapKey;
  readonly name: string;
  readonly data: Readonly<Record<string, string>>;
}

/** A SecretStore or ClusterSecretStore of the External Secrets Operator (1.0.x model). */
export interface ResolvedSecretStore {
  readonly name: string;
  /** Set: a namespaced SecretStore; undefined: a ClusterSecretStore. */
  readonly namespace: string | undefined;
  readonly refreshInterval: number | undefined;
  readonly provider: Plain;
}

/** An ExternalSecret (1.0.x model): the Secret it makes and where its data comes from. */
export interface ResolvedExternalSecret {
  readonly name: string;
  readonly store: { readonly name: string; readonly kind: 'SecretStore' | 'ClusterSecretStore' };
  readonly refreshInterval: string | number | undefined;
  readonly template: Plain | undefined;
  /** `spec.data` entries, or undefined for `dataFrom` of the whole remote secret. */
  readonly data: readonly Plain[] | undefined;
  /** The remote secret read whole (`dataFrom`), when there is no data. */
  readonly dataFromKey: string | undefined;
}

/** An Ingress of a component's Service (1.0.x model). */
export interface ResolvedIngress {
  /** Component key. */
  readonly key: string;
  readonly name: string;
  readonly annotations: Readonly<Record<string, string>> | undefined;
  readonly className: string;
  readonly paths: readonly { readonly path: string; readonly pathType: string; readonly service: string; readonly port: number }[];
}

export interface ResolvedApp {
  readonly appName: string;
  readonly chart: { readonly name: string; readonly version: string; readonly appVersion: string };
  /** Labels that depend on the release and the tool. */
  readonly releaseLabels: ReleaseLabels;
  readonly components: readonly ResolvedComponent[];
  readonly configMaps: readonly ResolvedConfigMap[];
  /** Claims backing static volumes, sorted by name (none unless staticVolumeClaims is set). */
  readonly volumeClaims: readonly ResolvedVolumeClaim[];
  /** The NetworkPolicies; undefined when none is rendered. */
  readonly networkPolicies?: ResolvedNetworkPolicies;
  /** External Secrets Operator stores (1.0.x model). @default - none */
  readonly secretStores?: readonly ResolvedSecretStore[];
  /** ExternalSecrets (1.0.x model). @default - none */
  readonly externalSecrets?: readonly ResolvedExternalSecret[];
  /** API version of the External Secrets objects. @default - none rendered */
  readonly externalSecretsApiVersion?: string;
  /** Ingresses (1.0.x model). @default - none */
  readonly ingresses?: readonly ResolvedIngress[];
  /** The cadvisor ServiceMonitor (afc-int). @default - none (afc-ext renders none) */
  readonly serviceMonitor?: {
    readonly name: string;
    readonly component: string;
    readonly extraLabels: Readonly<Record<string, string>>;
    readonly spec: Plain;
  };
}

/** Pod-level fields of a security context; the others (readOnlyRootFilesystem, capabilities...) are per container. */
const POD_SECURITY_FIELDS = new Set([
  'fsGroup',
  'fsGroupChangePolicy',
  'runAsGroup',
  'runAsNonRoot',
  'runAsUser',
  'seLinuxOptions',
  'seccompProfile',
  'supplementalGroups',
  'sysctls',
  'windowsOptions',
]);

const nonEmpty = (o: Plain | undefined | null): Plain | undefined =>
  o && Object.keys(o).length > 0 ? o : undefined;

/** Env placeholders answered from the values. */
export function envContext(values: Values): EnvContext {
  const known = (c: string): c is ComponentKey => (COMPONENT_KEYS as readonly string[]).includes(c);
  return {
    hostOf: (c) => (known(c) ? hostOf(values, c) : undefined),
    portOf: (c, p, which) => {
      if (!known(c)) return undefined;
      const port = mergedComponent(values, c).ports?.[p];
      if (!port) return undefined;
      return (which === 'service' ? port.servicePort : (port.containerPort ?? port.servicePort)) ?? null;
    },
    mountOf: (c, v) => (known(c) ? (mergedComponent(values, c).staticVolumeMounts?.[v] ?? null) : undefined),
    volumeExists: (v) => values.staticVolumes?.[v] !== undefined,
  };
}

/** Resolves the env ConfigMaps; problems are appended to `problems`. */
export function resolveConfigMaps(values: Values, problems: string[]): ResolvedConfigMap[] {
  const ctx = envContext(values);
  const out: ResolvedConfigMap[] = [];
  for (const key of CONFIGMAP_KEYS) {
    const vars = values.configmaps?.[key];
    if (!vars) continue;
    const data: Record<string, string> = {};
    for (const [rawKey, raw] of Object.entries(vars)) {
      if (raw === null || raw === undefined) continue;
      const result = resolveEnvValue(key, rawKey, raw, ctx);
      if ('error' in result) problems.push(result.error);
      else if ('value' in result) data[rawKey.replace(/@[IS]$/, '')] = result.value;
    }
    out.push({ key, name: rfc1123(key), data });
  }
  return out;
}

function resolvePorts(c: ComponentKey, merged: Component, serviceType: string, runtime: Runtime): ResolvedPort[] {
  return Object.keys(merged.ports ?? {})
    .sort()
    .map((key) => {
      const p = merged.ports![key]!;
      return {
        key,
        name: rfc1123(key),
        servicePort: p.servicePort,
        containerPort: p.containerPort ?? p.servicePort,
        targetPort: p.containerPort,
        nodePort: p.nodePort === undefined ? undefined : runtime.nodePort(c, serviceType, p.nodePort),
      };
    });
}

/** The claim that backs a static volume, if staticVolumeClaims has one for it. */
function volumeClaim(values: Values, key: string): ResolvedVolumeClaim | undefined {
  const claim = values.staticVolumeClaims?.[key];
  if (!claim) return undefined;
  return {
    key,
    name: rfc1123(key),
    accessMode: claim.accessMode ?? 'ReadOnlyMany',
    storage: claim.storage,
    storageClassName: claim.storageClassName,
    volumeName: claim.volumeName,
  };
}

/**
 * A copy with object keys sorted, deeply: the typed hardening fragments come out of validation in the
 * schema's key order and out of static overlays in their own; sorted, both render the same bytes.
 */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortedKeys(o[k])]));
}

/** A probe with its string ports (port keys) replaced by their Kubernetes port names, keys sorted. */
function resolveProbe(probe: Component['livenessProbe']): Plain | undefined {
  if (!probe) return undefined;
  const named = (port: string | number): string | number => (typeof port === 'string' ? rfc1123(port) : port);
  const out: Plain = { ...probe };
  if (probe.httpGet) out.httpGet = { ...probe.httpGet, port: named(probe.httpGet.port) };
  if (probe.tcpSocket) out.tcpSocket = { ...probe.tcpSocket, port: named(probe.tcpSocket.port) };
  return sortedKeys(out) as Plain;
}

function resolveComponent(values: Values, key: ComponentKey, runtime: Runtime, appVersion: string): ResolvedComponent {
  const merged = mergedComponent(values, key);
  const entry = catalog[key];
  const repositoryKey = merged.imageRepositoryKeyOverride || merged.imageRepositoryKey || '';
  const repository = values.imageRepositories?.[repositoryKey];
  const serviceType = merged.serviceType ?? 'ClusterIP';
  const ports = resolvePorts(key, merged, serviceType, runtime);
  const securityContext = values.securityContexts?.[merged.securityContextKey ?? ''] ?? {};
  const split = (pod: boolean): Plain | undefined =>
    nonEmpty(Object.fromEntries(Object.entries(securityContext).filter(([k]) => POD_SECURITY_FIELDS.has(k) === pod)));
  const mounts = merged.staticVolumeMounts ?? {};
  const readOnly = new Set(merged.readOnlyStaticVolumes ?? []);
  const volumes = Object.keys(mounts)
    .filter((v) => mounts[v])
    .map((v): ResolvedVolume => {
      const claim = volumeClaim(values, v);
      const ro = readOnly.has(v) || claim?.accessMode === 'ReadOnlyMany' ? true : undefined;
      const source: Plain = claim
        ? { persistentVolumeClaim: { claimName: claim.name, readOnly: ro } }
        : values.staticVolumes![v]!;
      return { name: rfc1123(v), mountPath: mounts[v]!, source, readOnly: ro };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const servicePorts = ports.filter((p) => p.servicePort !== undefined);
  const external = entry.externalService;
  const exists = external ? runtime.existsWhenServiceType(key, serviceType, external.onlyWhenServiceType) : true;
  const service: ResolvedService | undefined =
    servicePorts.length === 0 || exists === false
      ? undefined
      : {
          name: hostOf(values, key),
          namespace: external?.namespace,
          type: runtime.serviceType(key, serviceType),
          loadBalancerIP: merged.loadBalancerIP ?? undefined,
          externalSelector: external?.selector,
          when: exists === true ? undefined : exists,
          ports: servicePorts,
        };
  const hpa = merged.hpa;
  const metricType = Object.keys(hpa?.metric ?? {})[0] ?? '';
  return {
    key,
    name: rfc1123(key),
    host: hostOf(values, key),
    kind: entry.kind,
    image: runtime.image(key, {
      repositoryKey,
      path: repository?.path ?? undefined,
      name: merged.imageName ?? '',
      tag: String(merged.imageTag ?? appVersion),
    }),
    imagePullPolicy: runtime.imagePullPolicy(key, merged.imagePullPolicy ?? 'IfNotPresent'),
    replicas: runtime.replicas(key, merged.initialReplicas ?? 1, hpa ? { kind: entry.kind, name: rfc1123(key) } : undefined),
    serviceAccount: merged.serviceAccount || undefined,
    podSecurityContext: merged.podSecurityContext
      ? nonEmpty(sortedKeys({ ...split(true), ...(merged.podSecurityContext as Plain) }) as Plain)
      : split(true),
    containerSecurityContext: split(false),
    automountServiceAccountToken: merged.automountServiceAccountToken ?? undefined,
    probes: {
      liveness: resolveProbe(merged.livenessProbe),
      readiness: resolveProbe(merged.readinessProbe),
      startup: resolveProbe(merged.startupProbe),
    },
    imagePullSecrets: runtime.imagePullSecrets(key, repository?.pullSecrets ?? []),
    envFrom: (merged.envConfigmapKeys ?? []).map(rfc1123),
    ports,
    resources: nonEmpty(merged.containerResources as Plain | undefined),
    volumes,
    pvc: merged.pvc?.name
      ? {
          name: rfc1123(merged.pvc.name),
          accessMode: merged.pvc.accessMode ?? 'ReadWriteOnce',
          mountPath: merged.pvc.mountPath ?? '',
          resources: nonEmpty(merged.pvc.resources as Plain | undefined),
        }
      : undefined,
    service,
    metrics: merged.metrics as Plain | undefined,
    hpa: hpa
      ? {
          minReplicas: runtime.hpaMinReplicas(key, hpa.minReplicas ?? 1),
          maxReplicas: runtime.hpaMaxReplicas(key, hpa.maxReplicas ?? 1),
          metricType: metricType.charAt(0).toUpperCase() + metricType.slice(1),
          metric: { [metricType]: hpa.metric![metricType] },
          behavior: nonEmpty(hpa.behavior),
        }
      : undefined,
  };
}

/** The resolved app; throws AfcValidationError if a ConfigMap reference cannot be resolved. */
export function resolveApp(values: Values, runtime: Runtime): ResolvedApp {
  const chart = values.chart ?? { name: 'afc-int', version: '0.0.0', appVersion: '' };
  const problems: string[] = [];
  const configMaps = resolveConfigMaps(values, problems);
  if (problems.length > 0) throw new AfcValidationError(problems);
  return {
    appName: rfc1123(values.appNameOverride || chart.name),
    chart,
    releaseLabels: runtime.releaseLabels,
    components: COMPONENT_KEYS.filter((key) => isEnabled(values, key)).map((key) =>
      resolveComponent(values, key, runtime, chart.appVersion),
    ),
    configMaps,
    volumeClaims: Object.keys(values.staticVolumeClaims ?? {})
      .sort()
      .map((key) => volumeClaim(values, key)!)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    networkPolicies: resolveNetworkPolicies(values, runtime),
    serviceMonitor: { ...cadvisorServiceMonitor, component: rfc1123(cadvisorServiceMonitor.component) },
  };
}
