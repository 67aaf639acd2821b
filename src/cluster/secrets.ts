/**
 * Preflight for the Secrets the pods mount (pure): where each one comes from, and what must exist for it
 * to arrive. A Secret a pod needs (a secret volume, the 1.0.x `secretFile` mounts, `env` secretKeyRef,
 * `envFrom`: preflight.ts podReferences) is
 *
 * - rendered by afc, or
 * - the target of a rendered ExternalSecret (`spec.target.name`, else its own name), which needs its
 *   store (`spec.secretStoreRef`: a ClusterSecretStore or a SecretStore, rendered or live) and the
 *   store's credential Secrets (every `…SecretRef` under `spec.provider` that names a Secret, e.g.
 *   gcpsm's `auth.secretRef.secretAccessKeySecretRef` → `gcpsm-secret`; without a namespace, a
 *   ClusterSecretStore reads it in the ExternalSecret's namespace, External Secrets' "referent"
 *   authentication, and a SecretStore in its own), and, for a `fake` store afc renders, the key in its data
 *   (External Secrets v0.16.2 with the chart's `deletionPolicy: Delete` calls an ExternalSecret whose key
 *   is missing Ready, reason SecretDeleted, and makes no Secret), or
 * - present in the cluster, checked by name (a table: metadata only, never a Secret's data).
 *
 * The queries live in apply.ts; nothing here starts a process.
 */
import { podReferences } from './pod-references.js';
import { isMap, type K8sObject, type Obj } from '../kit/objects.js';

/** The API group of External Secrets. */
export const ESO_GROUP = 'external-secrets.io';

/** External Secrets' kinds afc renders and the CRD each needs. */
export const ESO_CRDS: Readonly<Record<string, string>> = {
  ExternalSecret: 'externalsecrets.external-secrets.io',
  ClusterSecretStore: 'clustersecretstores.external-secrets.io',
  SecretStore: 'secretstores.external-secrets.io',
};

const isEso = (o: K8sObject, kind: string): boolean => o.kind === kind && o.apiVersion.startsWith(`${ESO_GROUP}/`);

/** A store as an ExternalSecret names it: `ClusterSecretStore/secret-store`, or `SecretStore/<ns>/<name>`. */
export interface StoreRef {
  readonly kind: 'ClusterSecretStore' | 'SecretStore';
  readonly name: string;
  /** The SecretStore's namespace (the ExternalSecret's); undefined for a ClusterSecretStore. */
  readonly namespace?: string;
  /** The apiVersion of the ExternalSecret that names it (the store's API is the same). */
  readonly apiVersion: string;
}

export const storeKey = (s: Pick<StoreRef, 'kind' | 'name' | 'namespace'>): string => (s.kind === 'ClusterSecretStore' ? `ClusterSecretStore/${s.name}` : `SecretStore/${s.namespace ?? ''}/${s.name}`);

/** The Secret a rendered ExternalSecret writes: `spec.target.name`, else its own name. */
export function targetOf(es: K8sObject): string {
  const target = isMap(es.spec) && isMap(es.spec.target) ? es.spec.target : undefined;
  return typeof target?.name === 'string' ? target.name : es.metadata.name;
}

/** The store an ExternalSecret reads from (`spec.secretStoreRef`; External Secrets' default kind is SecretStore). */
export function storeOf(es: K8sObject, namespace: string): StoreRef | undefined {
  const ref = isMap(es.spec) && isMap(es.spec.secretStoreRef) ? es.spec.secretStoreRef : undefined;
  if (typeof ref?.name !== 'string') return undefined;
  const kind = ref.kind === 'ClusterSecretStore' ? 'ClusterSecretStore' : 'SecretStore';
  return { kind, name: ref.name, namespace: kind === 'SecretStore' ? (es.metadata.namespace ?? namespace) : undefined, apiVersion: es.apiVersion };
}

/** A credential Secret a store reads: its name, namespace and the path under spec.provider that names it. */
export interface CredentialRef {
  readonly name: string;
  readonly namespace: string;
  readonly path: string;
}

/**
 * The Secrets a store's provider reads its credentials from: every map under `spec.provider` held by a
 * key ending in `SecretRef` (any case) that names a Secret. `namespace` is where a reference without one
 * is read (the ExternalSecret's namespace for a ClusterSecretStore, the store's own for a SecretStore).
 */
export function credentialRefs(store: K8sObject, namespace: string): CredentialRef[] {
  const out: CredentialRef[] = [];
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    if (!isMap(v)) return;
    for (const [k, x] of Object.entries(v)) {
      const at = `${path}.${k}`;
      if (/secretref$/i.test(k) && isMap(x) && typeof x.name === 'string') out.push({ name: x.name, namespace: typeof x.namespace === 'string' ? x.namespace : namespace, path: at });
      else walk(x, at);
    }
  };
  const provider = isMap(store.spec) ? store.spec.provider : undefined;
  walk(provider, '.spec.provider');
  return out;
}

/** The keys of a `fake` provider's data, or undefined when the store is not a fake one. */
export function fakeKeys(store: K8sObject): ReadonlySet<string> | undefined {
  const provider = isMap(store.spec) && isMap(store.spec.provider) ? store.spec.provider : undefined;
  if (!provider || !isMap(provider.fake)) return undefined;
  return new Set(((provider.fake.data as Obj[] | undefined) ?? []).map((d) => (isMap(d) ? d.key : undefined)).filter((k): k is string => typeof k === 'string'));
}

/** The remote keys an ExternalSecret reads (`spec.data[].remoteRef.key`; `dataFrom` is not checked). */
export function remoteKeys(es: K8sObject): string[] {
  const data = isMap(es.spec) ? ((es.spec.data as Obj[] | undefined) ?? []) : [];
  return data.map((d) => (isMap(d) && isMap(d.remoteRef) ? d.remoteRef.key : undefined)).filter((k): k is string => typeof k === 'string');
}

/** The rendered ExternalSecrets of the namespace by the Secret each writes. */
export function externalSecretsByTarget(desired: readonly K8sObject[], namespace: string): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const o of desired) if (isEso(o, 'ExternalSecret') && (o.metadata.namespace ?? namespace) === namespace) out.set(targetOf(o), o);
  return out;
}

/** The stores afc renders, by storeKey. */
export function renderedStores(desired: readonly K8sObject[], namespace: string): Map<string, K8sObject> {
  const out = new Map<string, K8sObject>();
  for (const o of desired) {
    if (isEso(o, 'ClusterSecretStore')) out.set(storeKey({ kind: 'ClusterSecretStore', name: o.metadata.name }), o);
    if (isEso(o, 'SecretStore')) out.set(storeKey({ kind: 'SecretStore', name: o.metadata.name, namespace: o.metadata.namespace ?? namespace }), o);
  }
  return out;
}

/** A Secret a pod of the release mounts, with the first workload that mounts it. */
export interface MountedSecret {
  readonly name: string;
  /** `Deployment afcserver (namespace afc)`. */
  readonly user: string;
}

/** Every Secret the release's pods mount in the namespace, each once (first user), sorted by name. */
export function mountedSecrets(desired: readonly K8sObject[], namespace: string): MountedSecret[] {
  const out = new Map<string, MountedSecret>();
  for (const o of desired) {
    if ((o.metadata.namespace ?? namespace) !== namespace) continue;
    for (const r of podReferences(o)) if (r.kind === 'Secret' && !out.has(r.name)) out.set(r.name, { name: r.name, user: r.user });
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The stores that rendered ExternalSecrets (of mounted Secrets) name and afc does not render: their
 * existence (and their provider, for the credential check) is asked of the cluster by name.
 */
export function unrenderedStores(desired: readonly K8sObject[], namespace: string): StoreRef[] {
  const rendered = renderedStores(desired, namespace);
  const byTarget = externalSecretsByTarget(desired, namespace);
  const out = new Map<string, StoreRef>();
  for (const m of mountedSecrets(desired, namespace)) {
    const es = byTarget.get(m.name);
    const store = es ? storeOf(es, namespace) : undefined;
    if (store && !rendered.has(storeKey(store)) && !out.has(storeKey(store))) out.set(storeKey(store), store);
  }
  return [...out.values()];
}

/** kubectl's fully specified type of a store (`clustersecretstore.v1beta1.external-secrets.io`). */
export const storeTypeArg = (s: StoreRef): string => `${s.kind.toLowerCase()}.${s.apiVersion.slice(s.apiVersion.indexOf('/') + 1)}.${ESO_GROUP}`;

/** The mounted Secrets that are not rendered and come from no rendered ExternalSecret: asked of the cluster by name. */
export function unproducedSecrets(desired: readonly K8sObject[], namespace: string): string[] {
  const rendered = new Set(desired.filter((o) => o.kind === 'Secret' && (o.metadata.namespace ?? namespace) === namespace).map((o) => o.metadata.name));
  const byTarget = externalSecretsByTarget(desired, namespace);
  return mountedSecrets(desired, namespace).map((m) => m.name).filter((n) => !rendered.has(n) && !byTarget.has(n));
}

/** The credential Secrets of the stores the mounted Secrets need (rendered stores and the live ones given), by `namespace/name`. */
export function neededCredentials(desired: readonly K8sObject[], namespace: string, liveStores: ReadonlyMap<string, K8sObject>): Map<string, { ref: CredentialRef; store: string }> {
  const stores = new Map([...liveStores, ...renderedStores(desired, namespace)]);
  const byTarget = externalSecretsByTarget(desired, namespace);
  const out = new Map<string, { ref: CredentialRef; store: string }>();
  for (const m of mountedSecrets(desired, namespace)) {
    const es = byTarget.get(m.name);
    const ref = es ? storeOf(es, namespace) : undefined;
    const store = ref ? stores.get(storeKey(ref)) : undefined;
    if (!ref || !store) continue;
    for (const c of credentialRefs(store, ref.namespace ?? (es!.metadata.namespace ?? namespace))) {
      const k = `${c.namespace}/${c.name}`;
      if (!out.has(k)) out.set(k, { ref: c, store: `${ref.kind} "${ref.name}"` });
    }
  }
  return out;
}

/** What the cluster has, for the Secret checks. */
export interface SecretFacts {
  /** Secrets present, as `namespace/name` (the target namespace's mounted ones and the stores' credentials). */
  readonly secrets: ReadonlySet<string>;
  /** The live stores of those the rendered ExternalSecrets name and afc does not render, by storeKey. */
  readonly liveStores: ReadonlyMap<string, K8sObject>;
}

/**
 * The problems of the mounted Secrets that rendered ExternalSecrets make (the others are preflight.ts's), one line each naming the Secret, the pod and the fix, in the order
 * of the Secrets' names (a store's or credential's problem once, at the first Secret that needs it).
 */
export function secretProblems(desired: readonly K8sObject[], facts: SecretFacts, namespace: string): string[] {
  const rendered = new Set(desired.filter((o) => o.kind === 'Secret' && (o.metadata.namespace ?? namespace) === namespace).map((o) => o.metadata.name));
  const byTarget = externalSecretsByTarget(desired, namespace);
  const stores = new Map([...facts.liveStores, ...renderedStores(desired, namespace)]);
  const problems: string[] = [];
  const said = new Set<string>();
  for (const m of mountedSecrets(desired, namespace)) {
    if (rendered.has(m.name)) continue;
    const es = byTarget.get(m.name);
    // Not from an ExternalSecret: preflight.ts says it (present by name, or the line with its fix).
    if (!es) continue;
    const ref = storeOf(es, namespace);
    if (!ref) {
      problems.push(`Secret "${m.name}" (mounted by ${m.user}) comes from ExternalSecret "${es.metadata.name}", which names no store (spec.secretStoreRef): fix the ExternalSecret's values`);
      continue;
    }
    const store = stores.get(storeKey(ref));
    if (!store) {
      if (said.has(storeKey(ref))) continue;
      said.add(storeKey(ref));
      const where = ref.kind === 'SecretStore' ? ` in namespace "${ref.namespace ?? namespace}"` : '';
      problems.push(`Secret "${m.name}" (mounted by ${m.user}) comes from ExternalSecret "${es.metadata.name}", whose ${ref.kind} "${ref.name}" is neither rendered nor in the cluster${where}: give it in the values (secretStores.${ref.name}, e.g. the upstream fake-secrets.yaml) or create it`);
      continue;
    }
    for (const c of credentialRefs(store, ref.namespace ?? (es.metadata.namespace ?? namespace))) {
      const k = `${c.namespace}/${c.name}`;
      if (facts.secrets.has(k) || said.has(`credential ${k}`)) continue;
      said.add(`credential ${k}`);
      const key = typeof (findMap(store, c.path)?.key) === 'string' ? String(findMap(store, c.path)!.key) : 'KEY';
      problems.push(`Secret "${c.name}" (the credentials of ${ref.kind} "${ref.name}", ${c.path}) does not exist in namespace "${c.namespace}", so Secret "${m.name}" (mounted by ${m.user}) cannot arrive: create it (kubectl create secret generic ${c.name} -n ${c.namespace} --from-file=${key}=…)`);
    }
    // Only a rendered fake store: its data is afc's input; a live store's keys are its owner's (--wait says what is missing).
    const keys = renderedStores(desired, namespace).has(storeKey(ref)) ? fakeKeys(store) : undefined;
    const missing = keys ? remoteKeys(es).filter((k) => !keys.has(k)) : [];
    if (missing.length > 0) {
      problems.push(`Secret "${m.name}" (mounted by ${m.user}) comes from ExternalSecret "${es.metadata.name}", whose key ${missing.map((k) => `"${k}"`).join(', ')} the fake ${ref.kind} "${ref.name}" does not hold (External Secrets makes no Secret then): add it to the store's data (secretStores.${ref.name}.provider.fake.data)`);
    }
  }
  return problems;
}

/** The map at a `.a.b[0].c` path of an object. */
function findMap(o: K8sObject, path: string): Obj | undefined {
  let v: unknown = o;
  for (const part of path.split(/\.|\[|\]/).filter((p) => p !== '')) {
    if (Array.isArray(v)) v = v[Number(part)];
    else if (isMap(v)) v = v[part];
    else return undefined;
  }
  return isMap(v) ? v : undefined;
}

/** The Ready condition of a live ExternalSecret. */
function readyOf(es: K8sObject | undefined): Obj | undefined {
  const conditions = es && isMap(es.status) && Array.isArray(es.status.conditions) ? (es.status.conditions as Obj[]) : [];
  return conditions.find((c) => isMap(c) && c.type === 'Ready');
}

/**
 * Why a mounted Secret is missing after `--wait` (kwok, and a real kubelet for a while, report pods Ready
 * whatever their Secrets), one line naming the Secret, the workload and the fix; `final` when waiting
 * longer cannot help: its ExternalSecret is Ready (External Secrets v0.16.2 calls one whose key the store
 * lacks Ready, reason SecretDeleted, under the chart's deletionPolicy Delete, and makes no Secret).
 */
export function missingSecretLine(m: MountedSecret, namespace: string, rendered: K8sObject | undefined, live: K8sObject | undefined): { line: string; final: boolean } {
  const head = `Secret "${m.name}" (mounted by ${m.user}) does not exist after the wait`;
  if (!rendered) return { line: `${head}: create it (kubectl create secret generic ${m.name} -n ${namespace} …)`, final: false };
  const es = `ExternalSecret "${rendered.metadata.name}"`;
  if (!live) return { line: `${head}: ${es} does not exist either: run afc apply again`, final: false };
  const ready = readyOf(live);
  const why = ready ? `${String(ready.reason ?? '')}${ready.message ? `: ${String(ready.message)}` : ''}` : 'no Ready condition yet: is the External Secrets controller running?';
  if (ready?.status === 'True') {
    const keys = remoteKeys(rendered).map((k) => `"${k}"`).join(', ');
    return { line: `${head}: ${es} is Ready (${why}), so its store has no value for ${keys} (with deletionPolicy Delete External Secrets makes no Secret then): add the key to the store`, final: true };
  }
  return { line: `${head}: ${es} is not Ready (${why}): see kubectl describe externalsecret ${rendered.metadata.name} -n ${namespace}`, final: false };
}
