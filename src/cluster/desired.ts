/** The release's desired objects: what `afc diff` and `afc apply` compare the cluster with. */
import { versionPlatformList } from '../../platforms/versions.js';
import { synthPlainObjects } from '../synth/plain.js';
import { groupKind, type K8sObject } from '../kit/objects.js';
import type { ClusterCliOptions } from './options.js';

/**
 * The cluster-scoped kinds afc renders, by group-kind (the ClusterSecretStore of the 1.0.x versions, the
 * monitoring stack's ClusterRole and binding). Members of the release's ApplySet like the others: the
 * namespaced parent lists their group-kinds, kubectl's pruner lists them cluster-wide by the part-of label
 * (KEP-3659; kubectl's applyset_pruner.go lists a root-scoped kind once, without a namespace) and never
 * puts their namespace in `additional-namespaces`.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['ClusterRole.rbac.authorization.k8s.io', 'ClusterRoleBinding.rbac.authorization.k8s.io', 'ClusterSecretStore.external-secrets.io']);

/** Whether an object is of a cluster-scoped kind afc renders. */
export const isClusterScoped = (o: Pick<K8sObject, 'apiVersion' | 'kind'>): boolean => CLUSTER_SCOPED.has(groupKind(o));

/**
 * The release's objects as `afc synth` renders them (plain), in install order; a cluster-scoped object
 * without the namespace synth's --namespace sets on every object (the server drops it; the live object
 * has none, and the diff compares by namespace and name).
 */
export function desiredObjects(opts: ClusterCliOptions, namespace: string | undefined): K8sObject[] {
  const objects = synthPlainObjects({
    platforms: versionPlatformList(opts.platform ?? [], opts.openafc),
    valuesFiles: opts.values ?? [],
    openafc: opts.openafc,
    warn: (line) => void process.stderr.write(`afc: warning: ${line}\n`),
    sets: opts.set ?? [],
    release: opts.release,
    namespace,
  }) as K8sObject[];
  const scoped = objects.map((o) => (isClusterScoped(o) && o.metadata.namespace !== undefined ? { ...o, metadata: withoutNamespace(o.metadata) } : o));
  return opts.skipMonitors ? scoped.filter((o) => o.kind !== 'PodMonitor' && o.kind !== 'ServiceMonitor') : scoped;
}

const withoutNamespace = ({ namespace: _dropped, ...rest }: K8sObject['metadata']): K8sObject['metadata'] => rest;
