/**
 * Kubernetes objects as the day-2 commands see them: identity (group, kind, namespace, name), the
 * canonical form used for comparison, and the fields that the API server or controllers own.
 *
 * Canonical form: map keys sorted; a list whose elements are all maps with a string `name` (containers,
 * env, ports, volumes, ...) is a *named list*, sorted by name (its order carries no meaning); every other
 * list keeps its order (args, command).
 */
export type Obj = { [k: string]: unknown };

/**
 * A Kubernetes object: apiVersion, kind, metadata.name, anything else. The one object type of the code
 * base (synth output, manifests read from files or helm, kubectl's answers, the diff's sides); it is
 * the `K8sObject` of the package API.
 */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown };
  [k: string]: unknown;
}

/** `apps/v1` → `apps`; `v1` → `` (the core group). */
export const groupOf = (apiVersion: string): string => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** The ApplySet spelling of a group-kind: `Deployment.apps`, `ConfigMap` (core group). */
export function groupKind(o: Pick<K8sObject, 'apiVersion' | 'kind'>): string {
  const group = groupOf(o.apiVersion);
  return group ? `${o.kind}.${group}` : o.kind;
}

/** Identity of an object: its group-kind, namespace and name (the API version is not part of it). */
export function objectKey(o: K8sObject, defaultNamespace = ''): string {
  return `${groupKind(o)}/${o.metadata.namespace ?? defaultNamespace}/${o.metadata.name}`;
}

/** `Deployment worker` or `Deployment worker (namespace ns)` for messages. */
export function describeObject(o: K8sObject): string {
  return o.metadata.namespace ? `${o.kind} ${o.metadata.namespace}/${o.metadata.name}` : `${o.kind} ${o.metadata.name}`;
}

export const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A list of maps that all have a string `name`, with no name twice. */
export function isNamedList(v: unknown): v is Obj[] {
  if (!Array.isArray(v) || v.length === 0) return false;
  const names = new Set<string>();
  for (const e of v) {
    if (!isMap(e) || typeof e.name !== 'string' || names.has(e.name)) return false;
    names.add(e.name);
  }
  return true;
}

/** The canonical form (see the header): sorted keys, named lists sorted by name. */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    if (isNamedList(items)) items.sort((a, b) => cmp((a as Obj).name as string, (b as Obj).name as string));
    return items;
  }
  if (isMap(v)) {
    const out: Obj = {};
    for (const k of Object.keys(v).sort(cmp)) out[k] = canonical(v[k]);
    return out;
  }
  return v;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Helm's InstallOrder (pkg/releaseutil/kind_sorter.go); kinds not listed come last. */
const INSTALL_ORDER = [
  'PriorityClass', 'Namespace', 'NetworkPolicy', 'ResourceQuota', 'LimitRange', 'PodSecurityPolicy',
  'PodDisruptionBudget', 'ServiceAccount', 'Secret', 'SecretList', 'ConfigMap', 'StorageClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'CustomResourceDefinition', 'ClusterRole',
  'ClusterRoleList', 'ClusterRoleBinding', 'ClusterRoleBindingList', 'Role', 'RoleList', 'RoleBinding',
  'RoleBindingList', 'Service', 'DaemonSet', 'Pod', 'ReplicationController', 'ReplicaSet', 'Deployment',
  'HorizontalPodAutoscaler', 'StatefulSet', 'Job', 'CronJob', 'IngressClass', 'Ingress', 'APIService',
];

const rank = (kind: string): number => {
  const i = INSTALL_ORDER.indexOf(kind);
  return i === -1 ? INSTALL_ORDER.length : i;
};

/** Helm's install order of the kinds, then namespace and name: the order of synth output and of diffs. */
export function compareObjects(a: K8sObject, b: K8sObject): number {
  return (
    rank(a.kind) - rank(b.kind) ||
    cmp(a.kind, b.kind) ||
    cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
    cmp(a.metadata.name, b.metadata.name)
  );
}

/** Metadata fields that the API server sets; never part of what a user (or afc) declares. */
const SERVER_METADATA = ['managedFields', 'resourceVersion', 'uid', 'generation', 'creationTimestamp', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];
/** Annotations written by controllers or by client-side kubectl, not by afc. */
export const CONTROLLER_ANNOTATIONS = ['deployment.kubernetes.io/revision', 'kubectl.kubernetes.io/last-applied-configuration'];

/** A copy without status, server-set metadata and controller annotations (empty annotations removed). */
export function withoutServerFields(o: K8sObject): K8sObject {
  const { status: _status, ...rest } = o;
  const metadata: K8sObject['metadata'] = { ...o.metadata };
  for (const f of SERVER_METADATA) delete metadata[f];
  if (metadata.annotations) {
    const annotations = { ...metadata.annotations };
    for (const a of CONTROLLER_ANNOTATIONS) delete annotations[a];
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
  }
  return { ...rest, metadata } as K8sObject;
}
