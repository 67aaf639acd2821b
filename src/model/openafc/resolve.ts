/**
 * From validated 1.0.x values to the resolved app the constructs build (the same ResolvedApp as
 * fc912b4a's model, plus env lists, secret mounts, ExternalSecrets, stores and Ingresses). The
 * catalog holds what upstream's templates encode per component (workload kind, which an empty image
 * disables, prometheus' Service in the monitoring namespace); everything else comes from the values.
 */
import { AfcError } from '../../errors.js';
import { cadvisorServiceMonitor, hasWorkload } from '../defaults/index.js';
import { openafcEnabled } from './catalog.js';
import type { Plain } from '../merge.js';
import { rfc1123 } from '../names.js';
import type { Runtime } from '../runtime.js';
import type { ResolvedApp, ResolvedComponent, ResolvedExternalSecret, ResolvedIngress, ResolvedPort, ResolvedSecretStore, ResolvedService, ResolvedVolume } from '../resolve.js';
import type { ComponentKey } from '../schema.js';
import { componentEnv, externalSecretDef, mergedOpenafcComponent, openafcHostOf, secretMountPath } from './env.js';
import { OPENAFC_INT_APP, type OpenafcAppModel } from './apps.js';
import type { OpenafcComponent, OpenafcComponentKey, OpenafcValues } from './schema.js';
import { openafcDependencyGraph, openafcUnresolvedEdges } from './graph.js';
import { policiesOfGraph, type ResolvedNetworkPolicies } from '../network-policies.js';

// Their home is catalog.ts (the graph reads them without the resolver).
export { openafcCatalog, openafcEnabled } from './catalog.js';

/** The ingress class of upstream's Ingresses (ingress-nginx). */
export const INGRESS_CLASS = 'nginx';
/** The API version upstream's templates write (ESO < 0.17). */
const DEFAULT_ES_API = 'external-secrets.io/v1beta1';

const byName = <T extends { name: string }>(a: T, b: T): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** The keys of a component's mountedSecrets (a list in 1.0.1.0, a map later). */
const mountedSecretNames = (c: OpenafcComponent): string[] =>
  Array.isArray(c.mountedSecrets) ? [...c.mountedSecrets] : Object.keys(c.mountedSecrets ?? {});

/** A secret is mounted only when externalSecrets has a non-empty entry for it (upstream's `if get`). */
const secretDefined = (values: OpenafcValues, name: string): boolean => Object.keys(values.externalSecrets?.[name] ?? {}).length > 0;

function volumesOf(values: OpenafcValues, key: string, c: OpenafcComponent): ResolvedVolume[] {
  const out: ResolvedVolume[] = [];
  for (const [name, mountPath] of Object.entries(c.staticVolumeMounts ?? {})) {
    if (!mountPath) continue;
    const source = values.staticVolumes?.[name];
    if (source === undefined || Object.keys(source).length === 0) {
      throw new AfcError(`staticVolumes.${name} is not set (components.${key} mounts it at ${mountPath}): give its volume source in a values file (e.g. hostPath or nfs), or use a platform that does (-p k3d)`);
    }
    out.push({ name: rfc1123(name), mountPath, source: source as Plain, readOnly: undefined });
  }
  for (const name of mountedSecretNames(c)) {
    if (!secretDefined(values, name)) continue;
    out.push({ name: `${rfc1123(name)}-secret`, mountPath: secretMountPath(values, name), source: { secret: { secretName: rfc1123(name) } }, readOnly: undefined });
  }
  return out.sort(byName);
}

function serviceOf(values: OpenafcValues, key: OpenafcComponentKey, c: OpenafcComponent, ports: ResolvedPort[], runtime: Runtime, app: OpenafcAppModel): ResolvedService | undefined {
  const servicePorts = ports.filter((p) => p.servicePort !== undefined);
  if (servicePorts.length === 0) return undefined;
  const type = c.service?.type ?? 'ClusterIP';
  const external = app.catalog[key]!.externalService;
  if (external && type !== external.onlyWhenServiceType) return undefined;
  let loadBalancerIP: string | undefined;
  const ipKey = c.service?.loadBalancerIpKey;
  if (ipKey) {
    if (!(ipKey in (values.externalIps ?? {}))) throw new AfcError(`components.${key}.service.loadBalancerIpKey: "${ipKey}" is not a key of externalIps: add externalIps.${ipKey}`);
    loadBalancerIP = values.externalIps![ipKey] || undefined;
    if (loadBalancerIP && type !== 'LoadBalancer') throw new AfcError(`components.${key}: externalIps.${ipKey} gives a loadBalancerIP to a ${type} Service: make it a LoadBalancer (components.${key}.service.type) or drop the address`);
  }
  const annotations = c.service?.annotations;
  return {
    name: openafcHostOf(c, key),
    namespace: external?.namespace,
    type: runtime.serviceType(key as ComponentKey, type),
    loadBalancerIP,
    externalSelector: external ? (c.service?.selector ?? {}) : undefined,
    ports: servicePorts,
    annotations: annotations && Object.keys(annotations).length > 0 ? annotations : undefined,
  };
}

function resolveComponent(values: OpenafcValues, key: OpenafcComponentKey, runtime: Runtime, appVersion: string, app: OpenafcAppModel): ResolvedComponent {
  const c = mergedOpenafcComponent(values, key)!;
  const ck = key as ComponentKey;
  const repositoryKey = c.imageRepositoryKeyOverride || c.imageRepositoryKey || '';
  const repository = values.imageRepositories?.[repositoryKey];
  const entry = app.catalog[key]!;
  const workload = hasWorkload(entry);
  if (workload && !repository) throw new AfcError(`components.${key}: image repository "${repositoryKey}" is not in imageRepositories: add it or fix imageRepositoryKey`);
  const serviceType = c.service?.type ?? 'ClusterIP';
  const ports: ResolvedPort[] = Object.keys(c.ports ?? {})
    .sort()
    .map((p) => {
      const port = c.ports![p]!;
      return {
        key: p,
        name: rfc1123(p),
        servicePort: port.servicePort,
        containerPort: port.containerPort ?? port.servicePort,
        targetPort: port.containerPort,
        nodePort: port.nodePort === undefined ? undefined : runtime.nodePort(ck, serviceType, port.nodePort),
        appProtocol: port.appProtocol,
      };
    });
  const securityContext = (values.securityContexts?.[c.securityContextKey ?? ''] ?? {}) as Plain;
  let env;
  try {
    env = workload ? componentEnv(values, key, c) : [];
  } catch (e) {
    throw new AfcError((e as Error).message);
  }
  const hpa = c.hpa;
  const metricType = Object.keys(hpa?.metric ?? {})[0] ?? '';
  const nonEmpty = (o: unknown): Plain | undefined => (o && typeof o === 'object' && Object.keys(o).length > 0 ? (o as Plain) : undefined);
  return {
    key: ck,
    name: rfc1123(key),
    host: openafcHostOf(c, key),
    kind: entry.kind,
    image: runtime.image(ck, { repositoryKey, path: repository?.path ?? undefined, name: c.imageName ?? '', tag: String(c.imageTag ?? appVersion) }),
    imagePullPolicy: runtime.imagePullPolicy(ck, c.imagePullPolicy ?? 'IfNotPresent'),
    replicas: runtime.replicas(ck, c.initialReplicas ?? 1),
    serviceAccount: c.serviceAccount || undefined,
    podSecurityContext: undefined,
    containerSecurityContext: nonEmpty(securityContext),
    automountServiceAccountToken: undefined,
    probes: { liveness: nonEmpty(c.livenessProbe), readiness: nonEmpty(c.readinessProbe), startup: nonEmpty(c.startupProbe) },
    imagePullSecrets: runtime.imagePullSecrets(ck, (repository?.pullSecrets ?? []).map(rfc1123)),
    envFrom: [],
    env: env.length > 0 ? env : undefined,
    ports,
    resources: nonEmpty(c.containerResources),
    volumes: workload ? volumesOf(values, key, c) : [],
    pvc: c.pvc?.name
      ? { name: rfc1123(c.pvc.name), accessMode: c.pvc.accessMode ?? 'ReadWriteOnce', mountPath: c.pvc.mountPath ?? '', resources: nonEmpty(c.pvc.resources) }
      : undefined,
    service: serviceOf(values, key, c, ports, runtime, app),
    metrics: workload ? (c.metrics as Plain | undefined) : undefined,
    hpa:
      hpa && workload
        ? {
            minReplicas: runtime.hpaMinReplicas(ck, hpa.minReplicas ?? 1),
            maxReplicas: runtime.hpaMaxReplicas(ck, hpa.maxReplicas ?? 1),
            metricType: metricType.charAt(0).toUpperCase() + metricType.slice(1),
            metric: { [metricType]: hpa.metric![metricType] },
            behavior: nonEmpty(hpa.behavior),
          }
        : undefined,
  };
}

function ingressOf(key: OpenafcComponentKey, c: OpenafcComponent): ResolvedIngress | undefined {
  const rules = c.ingress?.rules ?? [];
  if (rules.length === 0 || c.noIngress) return undefined;
  return {
    key,
    name: rfc1123(key),
    annotations: c.ingress?.annotations && Object.keys(c.ingress.annotations).length > 0 ? c.ingress.annotations : undefined,
    className: INGRESS_CLASS,
    paths: rules.map((r) => {
      const port = c.ports?.[r.portKey]?.servicePort;
      if (port === undefined) throw new AfcError(`components.${key}.ingress.rules: portKey "${r.portKey}" is not a port of ${key} with a servicePort: use one of ${Object.keys(c.ports ?? {}).join(', ') || '(none)'}`);
      return { path: r.path, pathType: r.pathType ?? 'Prefix', service: openafcHostOf(c, key), port };
    }),
  };
}

/** The object name of a store: its `name` (an afc field), else its key; RFC 1123 either way. */
const storeObjectName = (key: string, store: { name?: string }): string => rfc1123(store.name ?? key);

/**
 * The stores, and the warnings of what is not rendered: a store whose provider is empty (upstream's
 * defaults, which the External Secrets CRD rejects: `provider: {}`) is left out with a warning.
 */
function storesOf(values: OpenafcValues, warnings: string[]): ResolvedSecretStore[] {
  if (Object.keys(values.externalSecrets ?? {}).length === 0) return [];
  const out: ResolvedSecretStore[] = [];
  for (const [key, store] of Object.entries(values.secretStores ?? {})) {
    if (Object.keys(store.provider ?? {}).length === 0) {
      warnings.push(`secretStores.${key} has no provider, so its ${store.namespace === undefined ? 'ClusterSecretStore' : 'SecretStore'} is not rendered (upstream renders provider: {}, which the External Secrets CRD rejects) and the ExternalSecrets stay unsynced: give secretStores.${key}.provider (e.g. -f fake-secrets.yaml, or gcpsm)`);
      continue;
    }
    out.push({ name: storeObjectName(key, store), namespace: store.namespace, refreshInterval: store.refreshInterval, provider: store.provider! });
  }
  return out.sort(byName);
}

function externalSecretsOf(values: OpenafcValues, enabled: ReadonlySet<string>): ResolvedExternalSecret[] {
  const mountedByEnabled = new Set(
    [...enabled].flatMap((k) => mountedSecretNames(mergedOpenafcComponent(values, k) ?? {})),
  );
  const out: ResolvedExternalSecret[] = [];
  for (const name of Object.keys(values.externalSecrets ?? {})) {
    if (name === 'default') continue;
    const def = externalSecretDef(values, name)!;
    // A property secret is always rendered; a data secret (server-cert) only with a component that mounts it.
    if (def.property === undefined && !(def.data !== undefined && mountedByEnabled.has(name))) continue;
    const storeName = def.secretStore;
    if (!storeName) throw new AfcError(`externalSecrets.${name}: no secretStore: set it (or externalSecrets.default.secretStore)`);
    const store = values.secretStores?.[storeName];
    if (!store) throw new AfcError(`externalSecrets.${name}: secret store "${storeName}" is not in secretStores: define it, or use -p no_secrets for no External Secrets`);
    const remote = rfc1123(def.remoteSecretName ?? name);
    out.push({
      name: rfc1123(name),
      store: { name: storeObjectName(storeName, store), kind: store.namespace === undefined ? 'ClusterSecretStore' : 'SecretStore' },
      refreshInterval: def.refreshInterval,
      template: def.template as Plain | undefined,
      data:
        def.data !== undefined
          ? (def.data as Plain[])
          : def.property
            ? [{ secretKey: def.property, remoteRef: { key: remote, ...(store.structured ? { property: def.remoteProperty ?? def.property } : {}) } }]
            : undefined,
      dataFromKey: def.data === undefined && !def.property ? remote : undefined,
    });
  }
  return out.sort(byName);
}

/**
 * The NetworkPolicies of 1.0.x values (`networkPolicies.enabled`), from the same graph `afc graph
 * --openafc` prints; a declared edge whose target the values do not name is an error, since the
 * policies would cut that connection.
 */
function networkPoliciesOf(values: OpenafcValues, runtime: Runtime): ResolvedNetworkPolicies | undefined {
  const exists = runtime.networkPolicies(values.networkPolicies?.enabled ?? false);
  if (exists === false) return undefined;
  const unresolved = openafcUnresolvedEdges(values);
  if (unresolved.length > 0) throw new AfcError(unresolved.join('\n'));
  const serviceType = (c: ComponentKey): string => mergedOpenafcComponent(values, c)?.service?.type ?? 'ClusterIP';
  return policiesOfGraph(openafcDependencyGraph(values), exists, serviceType, runtime);
}

/** The resolved app of 1.0.x values; `warnings` receives what the user should know (one line each). */
export function resolveOpenafcApp(values: OpenafcValues, runtime: Runtime, warnings: string[] = [], app: OpenafcAppModel = OPENAFC_INT_APP): ResolvedApp {
  const chart = values.chart ?? { name: app.app, version: '0.0.0', appVersion: '' };
  const keys = app.componentKeys.filter((k) => openafcEnabled(values, k, app.catalog));
  const components = keys.map((k) => resolveComponent(values, k, runtime, chart.appVersion, app));
  const ingresses = keys.flatMap((k) => ingressOf(k, mergedOpenafcComponent(values, k)!) ?? []);
  const workloads = new Set(keys.filter((k) => hasWorkload(app.catalog[k]!)));
  return {
    appName: rfc1123(values.appNameOverride || chart.name),
    chart,
    releaseLabels: runtime.releaseLabels,
    components,
    configMaps: [],
    volumeClaims: [],
    secretStores: storesOf(values, warnings),
    externalSecrets: externalSecretsOf(values, workloads),
    externalSecretsApiVersion: values.externalSecretsApiVersion ?? DEFAULT_ES_API,
    ingresses,
    networkPolicies: app.networkPolicies ? app.networkPolicies(values) : networkPoliciesOf(values, runtime),
    serviceMonitor: app.cadvisorMonitor ? { ...cadvisorServiceMonitor, component: 'cadvisor' } : undefined,
  };
}
