/**
 * The live diff: what `afc apply` with the same options would change. Facts come from read-only kubectl
 * queries (run concurrently); the comparison is pure (`comparePlan`).
 *
 * - The new state of each object is the API server's answer to a server-side apply dry run (field
 *   manager `afc`, `--force-conflicts`), so defaults the server fills in are not differences.
 * - Both sides lose what the server and controllers own (status, managedFields, resourceVersion, uid,
 *   generation, creationTimestamp, controller annotations); fields of other managers that afc does not
 *   set are in both and cancel out. A field afc would take from another manager is a conflict: `afc apply`
 *   stops on it unless `--force-conflicts`.
 * - `spec.replicas` of a Deployment that an HPA of the release scales is left out of what afc applies and
 *   reported as managed by the autoscaler, never as a change.
 * - Objects to prune: the members of the release's ApplySet (applyset.ts) that the apply no longer
 *   contains, exactly as kubectl's `--prune --applyset` selects them.
 */
import { existsSync } from 'node:fs';
import { AfcError } from '../errors.js';
import { resolveKubeTarget, type KubeTarget } from '../runner/context.js';
import type { Exec } from '../runner/exec.js';
import type { ClusterCliOptions, DiffCliOptions } from './options.js';
import {
  ANNOTATION_GROUP_KINDS,
  ANNOTATION_NAMESPACES,
  applySetId,
  LABEL_PART_OF,
  parentFor,
  pruneSet,
  splitList,
  type ParentRef,
} from './applyset.js';
import { desiredObjects } from './commands.js';
import { compareChanges, fieldChanges, objectChange, type ObjectChange } from './diff.js';
import { takenFields, type Conflict } from './fields.js';
import { applyPayload, hpaTargets, ownsReplicas, scalingHpa } from './hpa.js';
import { Kubectl } from './kubectl.js';
import { canonical, groupKind, isMap, objectKey, withoutServerFields, type K8sLike, type Obj } from './objects.js';
import { MONITOR_CRDS } from './preflight.js';

export const FIELD_MANAGER = 'afc';

export interface Autoscaled {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly hpa: string;
  readonly replicas: unknown;
}

export interface ObjectConflict extends Conflict {
  readonly object: string;
}

/** What the comparison needs, gathered from the cluster. */
export interface LiveFacts {
  /** Live objects by key: the set's members and the desired objects that exist. */
  readonly live: ReadonlyMap<string, K8sLike>;
  /** Dry-run answers by key (empty when the namespace does not exist yet: everything is created). */
  readonly dryRun: ReadonlyMap<string, K8sLike>;
  /** The ApplySet parent, if it exists. */
  readonly parent?: K8sLike;
}

export interface Plan {
  readonly changes: ObjectChange[];
  readonly autoscaled: Autoscaled[];
  readonly conflicts: ObjectConflict[];
  /** Live HPA-targeted Deployments whose spec.replicas afc still owns: handed over before the apply. */
  readonly handovers: K8sLike[];
}

const key = (o: K8sLike): string => objectKey(o);

/** The pure comparison: desired payload + facts → changes, autoscaled Deployments, conflicts, prunes. */
export function comparePlan(payload: readonly K8sLike[], facts: LiveFacts, scope: { id: string; namespace: string }): Plan {
  const targets = hpaTargets(payload);
  const changes: ObjectChange[] = [];
  const autoscaled: Autoscaled[] = [];
  const conflicts: ObjectConflict[] = [];
  const handovers: K8sLike[] = [];
  for (const d of payload) {
    const k = key(d);
    const live = facts.live.get(k);
    const answer = facts.dryRun.get(k);
    const after = withoutServerFields(answer ?? d);
    if (!live) {
      changes.push(objectChange('create', d, { after: canonical(after) as K8sLike }));
      continue;
    }
    const before = withoutServerFields(live);
    const hpa = scalingHpa(d, targets);
    if (hpa) {
      const replicas = isMap(live.spec) ? live.spec.replicas : undefined;
      autoscaled.push({ kind: d.kind, namespace: d.metadata.namespace ?? '', name: d.metadata.name, hpa, replicas });
      if (isMap(after.spec)) {
        const { replicas: _dropped, ...spec } = after.spec;
        (after as Obj).spec = replicas === undefined ? spec : { ...spec, replicas };
      }
      if (ownsReplicas(live.metadata.managedFields, FIELD_MANAGER)) handovers.push(live);
    }
    const fields = fieldChanges(canonical(before), canonical(after));
    const taken = answer ? takenFields(live, answer, FIELD_MANAGER).filter((c) => !(hpa && c.path === '.spec.replicas')) : [];
    const object = `${d.kind} ${d.metadata.namespace ? `${d.metadata.namespace}/` : ''}${d.metadata.name}`;
    for (const c of taken) conflicts.push({ ...c, object });
    if (fields.length > 0) {
      const notes = taken.map((c) => `conflict: ${c.path} is owned by "${c.manager}" (afc apply stops unless --force-conflicts)`);
      changes.push(objectChange('change', d, { changes: fields, notes, before: canonical(before) as K8sLike, after: canonical(after) as K8sLike }));
    }
  }
  const parentKinds = splitList(facts.parent?.metadata.annotations?.[ANNOTATION_GROUP_KINDS]);
  const parentNamespaces = splitList(facts.parent?.metadata.annotations?.[ANNOTATION_NAMESPACES]);
  const prunes = pruneSet(
    [...facts.live.values()],
    new Set(payload.map(key)),
    {
      id: scope.id,
      groupKinds: new Set([...parentKinds, ...payload.map(groupKind)]),
      namespaces: new Set([scope.namespace, ...parentNamespaces, ...payload.map((o) => o.metadata.namespace ?? scope.namespace)]),
    },
    key,
  );
  for (const p of prunes) changes.push(objectChange('prune', p, { before: canonical(withoutServerFields(p)) as K8sLike }));
  return { changes: changes.sort(compareChanges), autoscaled, conflicts, handovers };
}

/** The live diff failed after the basic facts were known (preflight still reports on them). */
export class GatherError extends AfcError {
  constructor(
    readonly reason: Error,
    readonly namespaceExists: boolean,
    readonly crds: ReadonlySet<string>,
  ) {
    super(reason.message);
    this.name = 'GatherError';
  }
}

/** Everything a diff or apply works from. */
export interface Gathered {
  readonly target: KubeTarget;
  readonly namespace: string;
  readonly parent: ParentRef;
  readonly id: string;
  readonly desired: K8sLike[];
  /** What apply sends: spec.replicas left out for HPA targets (kubectl adds the part-of label). */
  readonly payload: K8sLike[];
  /** The payload as members: with the part-of label (what the dry run applies, to predict the result). */
  readonly members: K8sLike[];
  readonly namespaceExists: boolean;
  /** Namespaces the payload lives in that do not exist. */
  readonly missingNamespaces: string[];
  readonly crds: ReadonlySet<string>;
  readonly facts: LiveFacts;
  readonly plan: Plan;
}

/** `deployment.apps` for kubectl from `Deployment.apps`. */
const resourceArg = (gk: string): string => gk.toLowerCase();

/** The payload labelled as members of the set (what kubectl --applyset makes of it). */
export function payloadOf(desired: readonly K8sLike[], id: string): K8sLike[] {
  return applyPayload(desired).map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [LABEL_PART_OF]: id } } }));
}

/** Runs the read-only queries and compares. `kubectl` must have been made for the resolved target. */
export async function gather(kubectl: Kubectl, opts: ClusterCliOptions, namespace: string): Promise<Gathered> {
  const target = kubectl.target;
  const parent = parentFor(opts.release, namespace);
  // Started before the synth (which takes a while): the target namespace, the parent, the CRDs.
  const basics = kubectl.objects(['get', `namespace/${namespace}`, `secret/${parent.name}`, ...Object.values(MONITOR_CRDS).map((c) => `customresourcedefinition/${c}`), '-n', namespace, '--ignore-not-found']);
  basics.catch(() => undefined);
  const desired = desiredObjects(opts, namespace);
  const id = applySetId(parent);
  const payload = payloadOf(desired, id);
  const namespaces = [...new Set([namespace, ...payload.map((o) => o.metadata.namespace ?? namespace)])].sort();
  const kinds = [...new Set(payload.map(groupKind))].sort();
  const selector = ['-l', `${LABEL_PART_OF}=${id}`, '--show-managed-fields'];
  const members = (kindList: readonly string[], ns: string): Promise<K8sLike[]> =>
    kindList.length === 0 ? Promise.resolve([]) : kubectl.objects(['get', kindList.map(resourceArg).join(','), '-n', ns, ...selector]);
  const file = kubectl.manifest(payload, 'apply');

  // Wave 1, concurrently: the members of the kinds applied now; the dry run (server-side validation is
  // left to the apply itself: the dry run without it takes half the time); other namespaces.
  const others = namespaces.filter((n) => n !== namespace);
  const otherNamespaces = others.length > 0 ? kubectl.objects(['get', ...others.map((n) => `namespace/${n}`), '--ignore-not-found']) : Promise.resolve([]);
  const wave1Members = Promise.all(namespaces.map((ns) => members(kinds, ns).then((l) => l, (e: unknown) => e as Error)));
  const dryRun = kubectl
    .objects(['apply', '--server-side', '--dry-run=server', '--validate=false', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '--show-managed-fields', '-f', file])
    .then((l) => l, (e: unknown) => e as Error);
  const found = [...(await basics), ...(await otherNamespaces)];
  const existingNs = new Set(found.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
  const crds = new Set(found.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name));
  const parentLive = found.find((o) => o.kind === 'Secret');
  const missingNamespaces = namespaces.filter((n) => !existingNs.has(n));
  const missingCrds = [...new Set(payload.map((o) => MONITOR_CRDS[o.kind]).filter((c): c is string => c !== undefined && !crds.has(c)))];
  const explain = (e: Error): Error => {
    if (missingCrds.length > 0) return new AfcError(`CRD ${missingCrds.join(' and ')} not installed (prometheus-operator): install prometheus-operator's CRDs, or pass --skip-monitors`);
    return e;
  };

  const live = new Map<string, K8sLike>();
  const dry = new Map<string, K8sLike>();
  try {
    for (const r of await wave1Members) {
      if (r instanceof Error) throw explain(r);
      for (const o of r) live.set(key(o), o);
    }
    const answers = await dryRun;
    if (answers instanceof Error) {
      // A namespace that does not exist yet: nothing of the release exists; everything is created.
      if (missingNamespaces.length === 0) throw explain(answers);
    } else {
      for (const o of answers) dry.set(key(o), o);
    }

    // Wave 2: members of kinds and namespaces only the parent lists (e.g. StatefulSets no longer rendered),
    // and desired objects that exist without being members (adopted on apply).
    const extraKinds = splitList(parentLive?.metadata.annotations?.[ANNOTATION_GROUP_KINDS]).filter((k) => !kinds.includes(k));
    const extraNamespaces = splitList(parentLive?.metadata.annotations?.[ANNOTATION_NAMESPACES]).filter((n) => !namespaces.includes(n));
    const outsiders = payload.filter((o) => !live.has(key(o)) && !missingNamespaces.includes(o.metadata.namespace ?? namespace));
    const wave2: Promise<K8sLike[]>[] = [
      ...namespaces.filter((ns) => existingNs.has(ns)).map((ns) => members(extraKinds, ns)),
      ...extraNamespaces.map((ns) => members([...new Set([...kinds, ...extraKinds])], ns)),
    ];
    if (outsiders.length > 0) {
      wave2.push(kubectl.objects(['get', '-f', kubectl.manifest(outsiders, 'existing'), '--ignore-not-found', '--show-managed-fields']));
    }
    for (const list of await Promise.all(wave2)) for (const o of list) live.set(key(o), o);
  } catch (e) {
    throw new GatherError(e instanceof Error ? e : new Error(String(e)), existingNs.has(namespace), crds);
  }
  const facts: LiveFacts = { live, dryRun: dry, parent: parentLive };
  return {
    target,
    namespace,
    parent,
    id,
    desired,
    payload: applyPayload(desired),
    members: payload,
    namespaceExists: existingNs.has(namespace),
    missingNamespaces,
    crds,
    facts,
    plan: comparePlan(payload, facts, { id, namespace }),
  };
}

/**
 * The target of `--context`: a context name (kubectl's meaning; EKS names with colons included), or the
 * runner's `KUBECONFIG:CONTEXT` form when the part before the first colon is an existing file.
 */
export function resolveTarget(exec: Exec, arg: string | undefined, namespace?: string): Promise<KubeTarget> {
  if (arg === undefined) return resolveKubeTarget(exec, exec.host, undefined);
  // A context name and a namespace: nothing to read from the kubeconfig (kubectl rejects an unknown context).
  if (namespace !== undefined && !arg.includes(':')) return Promise.resolve({ context: arg, cluster: '', namespace });
  const colon = arg.indexOf(':');
  const file = colon < 0 ? '' : arg.slice(0, colon);
  return resolveKubeTarget(exec, exec.host, file !== '' && existsSync(file) ? arg : `:${arg}`);
}

/** The namespace of the release: --namespace, else the context's. */
export const namespaceOf = (opts: ClusterCliOptions, target: KubeTarget): string => opts.namespace ?? target.namespace;

/** `afc diff` against the live cluster. */
export async function liveDiff(exec: Exec, opts: DiffCliOptions, withTmp: <T>(f: (dir: string) => Promise<T>) => Promise<T>): Promise<{ changes: ObjectChange[]; extra: Record<string, unknown>; remarks: string[] }> {
  const target = await resolveTarget(exec, opts.context, opts.namespace);
  const namespace = namespaceOf(opts, target);
  return withTmp(async (tmp) => {
    const g = await gather(new Kubectl(exec, target, tmp), opts, namespace).catch((e: unknown) => {
      throw e instanceof GatherError ? e.reason : e;
    });
    return {
      changes: g.plan.changes,
      extra: { context: target.context, namespace, applyset: `${g.parent.name} (${g.id})`, autoscaled: g.plan.autoscaled, conflicts: g.plan.conflicts },
      remarks: remarksOf(g.plan),
    };
  });
}

/** Lines about the autoscaled Deployments and conflicts, printed before the summary. */
export function remarksOf(plan: Plan): string[] {
  return [
    ...plan.autoscaled.map((a) => `${a.kind} ${a.namespace}/${a.name}: spec.replicas (${String(a.replicas)}) is managed by HorizontalPodAutoscaler ${a.hpa}; afc leaves it out`),
    ...(plan.conflicts.length > 0 ? [`${plan.conflicts.length} conflict(s) with other field managers: afc apply stops unless --force-conflicts`] : []),
  ];
}
