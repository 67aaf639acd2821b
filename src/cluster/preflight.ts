/**
 * Preflight of `afc apply` (pure): from the facts gathered by read-only queries and the objects to be
 * applied, the problems that must stop the apply before anything changes, one line each naming what is
 * missing and the fix. The queries live in apply.ts and live.ts; nothing here starts a process.
 */
import { describeObject, isMap, type K8sObject, type Obj } from '../kit/objects.js';
import { podReferences } from './pod-references.js';
import { externalSecretsByTarget, secretProblems, type SecretFacts } from './secrets.js';

export { podReferences };

/** The oldest Kubernetes the output is valid for: autoscaling/v2 HorizontalPodAutoscaler is GA in 1.23. */
export const MIN_SERVER = { major: 1, minor: 23 } as const;

/** The API that sets MIN_SERVER: a server that serves it is new enough. */
export const isMinServerApi = (o: K8sObject): boolean => o.apiVersion === 'autoscaling/v2' && o.kind === 'HorizontalPodAutoscaler';

/**
 * Whether the server's own answers (the objects a server-side dry run accepted) prove that it answers and
 * is at least MIN_SERVER: it accepted an object of the API that sets MIN_SERVER. Then `afc apply` does not
 * ask for the version (one kubectl start less).
 */
export function provesMinServer(answers: Iterable<K8sObject>): boolean {
  for (const o of answers) if (isMinServerApi(o)) return true;
  return false;
}

/** Monitor kinds and the CRD each needs. */
export const MONITOR_CRDS: Readonly<Record<string, string>> = {
  PodMonitor: 'podmonitors.monitoring.coreos.com',
  ServiceMonitor: 'servicemonitors.monitoring.coreos.com',
};

/** The missing-CRD problem of the monitors (preflight adds how to apply without them; a failed live diff says it as is). */
export const missingCrdsMessage = (crds: readonly string[]): string =>
  `CRD ${crds.join(' and ')} not installed (prometheus-operator): install prometheus-operator's CRDs, or pass --skip-monitors`;

/**
 * The namespaces other than the target that objects of the payload name and that do not exist (the
 * target's own is `preflightProblems`'s): each a problem unless --create-namespace.
 */
export function missingNamespaceProblems(payload: readonly K8sObject[], missing: readonly string[], opts: { readonly namespace: string; readonly createNamespace?: boolean }): string[] {
  if (opts.createNamespace) return [];
  return missing
    .filter((n) => n !== opts.namespace)
    .map((ns) => `namespace "${ns}" (of ${payload.filter((o) => o.metadata.namespace === ns).map((o) => `${o.kind} ${o.metadata.name}`).join(', ')}) does not exist: create it or pass --create-namespace`);
}

export interface ClusterFacts {
  readonly context: string;
  /** `v1.34.4`, or undefined when the server did not answer or was not asked (minServerProven). */
  readonly serverVersion?: string;
  /** The dry run proved the server answers and is at least MIN_SERVER (provesMinServer): version not asked. */
  readonly minServerProven?: boolean;
  /** Why the context did not answer. */
  readonly contextError?: string;
  readonly namespaceExists: boolean;
  /** Names of the CRDs installed (of those asked for). */
  readonly crds: ReadonlySet<string>;
  /** `Secret/<name>` and `ConfigMap/<name>` of the target namespace. */
  readonly namespaceObjects: ReadonlySet<string>;
  readonly defaultStorageClass: boolean;
  /** nodePort → `namespace/name` of every Service of the cluster that has one. */
  readonly nodePorts: ReadonlyMap<number, readonly string[]>;
  /** Helm release names found in the target namespace. */
  readonly helmReleases: ReadonlySet<string>;
  /**
   * What the Secrets that rendered ExternalSecrets make need (secrets.ts): the live stores and the
   * credential Secrets present. @default none present (only read when the output has ExternalSecrets)
   */
  readonly secretFacts?: SecretFacts;
}

export interface PreflightOptions {
  readonly namespace: string;
  readonly release: string;
  readonly createNamespace?: boolean;
}

/** The facts of ClusterFacts that listings give. */
export type ListedFacts = Pick<ClusterFacts, 'namespaceObjects' | 'helmReleases' | 'defaultStorageClass' | 'nodePorts'>;

const HELM_RELEASE_SECRET = /^sh\.helm\.release\.v1\.(.+)\.v\d+$/;
/** The annotation Helm 3 writes on every object of a release (with `meta.helm.sh/release-namespace`). */
export const HELM_RELEASE_NAME = 'meta.helm.sh/release-name';

/**
 * The Secrets and ConfigMaps the workloads need that afc does not render, as kubectl `kind/name`
 * arguments (their existence is asked for by name: no listing of the namespace, no Secret's data).
 */
export function unrenderedReferences(desired: readonly K8sObject[], namespace: string): string[] {
  const rendered = new Set(desired.filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap').map((o) => `${o.kind}/${o.metadata.name}`));
  // A Secret a rendered ExternalSecret makes is checked through its store (secrets.ts), not asked for.
  for (const target of externalSecretsByTarget(desired, namespace).keys()) rendered.add(`Secret/${target}`);
  const out = new Set<string>();
  for (const o of desired) {
    if ((o.metadata.namespace ?? namespace) !== namespace) continue;
    for (const r of podReferences(o)) if (!rendered.has(`${r.kind}/${r.name}`)) out.add(`${r.kind.toLowerCase()}/${r.name}`);
  }
  return [...out].sort();
}

/**
 * The objects named in kubectl's table output with `--show-kind --no-headers` (`secret/notifier-mail
 * Opaque 1 5m`), as stubs: the server sends a table (metadata only), never a Secret's data.
 */
export function parseTableNames(text: string): K8sObject[] {
  const kinds: Record<string, string> = { secret: 'Secret', configmap: 'ConfigMap' };
  const out: K8sObject[] = [];
  for (const line of text.split('\n')) {
    const word = line.trim().split(/\s+/)[0] ?? '';
    const slash = word.indexOf('/');
    if (slash < 0) continue;
    const kind = kinds[word.slice(0, slash).split('.')[0]!];
    if (kind) out.push({ apiVersion: 'v1', kind, metadata: { name: word.slice(slash + 1) } });
  }
  return out;
}

/**
 * What of the cluster beyond the target namespace the checks of these objects need (afc apply asks only
 * for that: each query is a kubectl start).
 */
export function clusterNeeds(desired: readonly K8sObject[]): { readonly storageClasses: boolean; readonly nodePorts: boolean } {
  const spec = (o: K8sObject): Obj | undefined => (isMap(o.spec) ? o.spec : undefined);
  return {
    // A volume claim template that names no StorageClass needs a default one.
    storageClasses: desired.some((o) => ((spec(o)?.volumeClaimTemplates as Obj[] | undefined) ?? []).some((t) => !isMap(t.spec) || t.spec.storageClassName === undefined)),
    // A fixed nodePort must not be taken by another Service of the cluster.
    nodePorts: desired.some((o) => o.kind === 'Service' && ((spec(o)?.ports as Obj[] | undefined) ?? []).some((p) => typeof p.nodePort === 'number')),
  };
}

/** The preflight facts read from listed objects: the namespace's Secrets, ConfigMaps and Helm releases; a default StorageClass; nodePorts. */
export function listedFacts(namespaceListing: readonly K8sObject[], services: readonly K8sObject[]): ListedFacts {
  const namespaceObjects = new Set<string>();
  const helmReleases = new Set<string>();
  let defaultStorageClass = false;
  for (const o of namespaceListing) {
    if (o.kind === 'Secret' || o.kind === 'ConfigMap') namespaceObjects.add(`${o.kind}/${o.metadata.name}`);
    const helm = o.kind === 'Secret' ? HELM_RELEASE_SECRET.exec(o.metadata.name) : null;
    if (helm) helmReleases.add(helm[1]!);
    // An object of a Helm release (afc reads the release's own names, not Helm's release Secrets).
    const release = o.metadata.annotations?.[HELM_RELEASE_NAME];
    if (release !== undefined) helmReleases.add(release);
    const a = o.metadata.annotations ?? {};
    if (o.kind === 'StorageClass' && (a['storageclass.kubernetes.io/is-default-class'] === 'true' || a['storageclass.beta.kubernetes.io/is-default-class'] === 'true')) defaultStorageClass = true;
  }
  const nodePorts = new Map<number, string[]>();
  for (const o of services) {
    if (o.kind !== 'Service' || !isMap(o.spec)) continue;
    for (const p of (o.spec.ports as Obj[] | undefined) ?? []) {
      if (typeof p.nodePort === 'number') nodePorts.set(p.nodePort, [...(nodePorts.get(p.nodePort) ?? []), `${o.metadata.namespace}/${o.metadata.name}`]);
    }
  }
  return { namespaceObjects, helmReleases, defaultStorageClass, nodePorts };
}

/** Local clusters: k3d, kind, minikube and the testbed. Anything else needs --yes or a confirmation. */
export function isLocalContext(context: string): boolean {
  return /^k3d-/.test(context) || /^kind-/.test(context) || context === 'minikube' || context === 'testbed';
}

/**
 * Whether an apply must be confirmed: something changes, it is not a dry run, the context is not local and
 * --yes was not given. Without a terminal to ask on, the answer is an error naming --yes.
 */
export function needsConfirmation(context: string, opts: { readonly changes: boolean; readonly dryRun?: boolean; readonly yes?: boolean }): boolean {
  return opts.changes && !opts.dryRun && !opts.yes && !isLocalContext(context);
}

/** `v1.34.4` → [1, 34]; `v1.27.3-gke.100` → [1, 27]; undefined when it is not a version. */
export function parseVersion(v: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** The problems that stop an apply, in a fixed order (empty: go ahead). */
export function preflightProblems(desired: readonly K8sObject[], facts: ClusterFacts, opts: PreflightOptions): string[] {
  if (facts.contextError !== undefined || (facts.serverVersion === undefined && !facts.minServerProven)) {
    return [`context "${facts.context}" does not answer (${facts.contextError ?? 'no server version'}): check it with kubectl --context ${facts.context} cluster-info, or pick another with --context`];
  }
  const problems: string[] = [];
  const version = facts.serverVersion === undefined ? undefined : parseVersion(facts.serverVersion);
  if (facts.serverVersion !== undefined && (!version || version[0] < MIN_SERVER.major || (version[0] === MIN_SERVER.major && version[1] < MIN_SERVER.minor))) {
    problems.push(`server version ${facts.serverVersion} is older than v${MIN_SERVER.major}.${MIN_SERVER.minor}, the oldest the output is valid for (autoscaling/v2 HorizontalPodAutoscaler): upgrade the cluster`);
  }
  if (facts.helmReleases.has(opts.release)) {
    problems.push(`namespace "${opts.namespace}" holds a Helm release "${opts.release}": manage it with afc install or helm (helm upgrade ${opts.release}), or apply with another --release or --namespace`);
  }
  if (!facts.namespaceExists && !opts.createNamespace) {
    problems.push(`namespace "${opts.namespace}" does not exist: create it (kubectl create namespace ${opts.namespace}) or pass --create-namespace`);
  }
  const missingCrds = [...new Set(desired.map((o) => MONITOR_CRDS[o.kind]).filter((c): c is string => c !== undefined && !facts.crds.has(c)))].sort();
  if (missingCrds.length > 0) {
    problems.push(`${missingCrdsMessage(missingCrds)} to apply without the PodMonitors and ServiceMonitors`);
  }
  const rendered = new Set(desired.filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap').map((o) => `${o.kind}/${o.metadata.name}`));
  const made = externalSecretsByTarget(desired, opts.namespace);
  for (const target of made.keys()) rendered.add(`Secret/${target}`);
  const seen = new Set<string>();
  for (const o of desired) {
    if ((o.metadata.namespace ?? opts.namespace) !== opts.namespace) continue;
    for (const r of podReferences(o)) {
      const key = `${r.kind}/${r.name}`;
      if (rendered.has(key) || facts.namespaceObjects.has(key) || seen.has(key)) continue;
      seen.add(key);
      const hint = r.kind === 'Secret' && r.name === 'notifier-mail' ? ', or use --platform no_secrets (uls_downloader without the mail notifier)' : '';
      problems.push(`${r.kind} "${r.name}" (used by ${r.user}) does not exist in namespace "${opts.namespace}": create it (kubectl create ${r.kind.toLowerCase()} ${r.kind === 'Secret' ? 'generic ' : ''}${r.name} -n ${opts.namespace} …)${hint}`);
    }
  }
  if (made.size > 0) problems.push(...secretProblems(desired, facts.secretFacts ?? { secrets: new Set(), liveStores: new Map() }, opts.namespace));
  if (!facts.defaultStorageClass) {
    for (const o of desired) {
      const templates = isMap(o.spec) ? ((o.spec.volumeClaimTemplates as Obj[] | undefined) ?? []) : [];
      if (templates.some((t) => !isMap(t.spec) || t.spec.storageClassName === undefined)) {
        problems.push(`no default StorageClass for the volume claims of ${describeObject(o)} (they name none): mark one default (annotation storageclass.kubernetes.io/is-default-class=true) or set storageClassName in the claim template`);
      }
    }
  }
  for (const o of desired) {
    if (o.kind !== 'Service' || !isMap(o.spec)) continue;
    const self = `${o.metadata.namespace ?? opts.namespace}/${o.metadata.name}`;
    for (const p of (o.spec.ports as Obj[] | undefined) ?? []) {
      if (typeof p.nodePort !== 'number') continue;
      const others = (facts.nodePorts.get(p.nodePort) ?? []).filter((s) => s !== self);
      if (others.length > 0) {
        problems.push(`nodePort ${p.nodePort} of Service ${self} is taken by Service ${others.join(', ')}: free it, or set another nodePort (--set components.<name>.ports.<port>.nodePort=…)`);
      }
    }
  }
  return problems;
}
