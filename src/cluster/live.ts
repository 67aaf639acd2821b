/**
 * The live diff: what `afc apply` with the same options would change. Facts come from read-only kubectl
 * queries (run concurrently); the comparison is pure (`comparePlan`).
 *
 * - The new state of each object is the API server's answer to a server-side apply dry run (field
 *   manager `afc`, `--force-conflicts`), so defaults the server fills in are not differences.
 * - Both sides lose what the server and controllers own (status, managedFields, resourceVersion, uid,
 *   generation, creationTimestamp, controller annotations); fields of other managers that afc does not
 *   set are in both and cancel out. A field afc would take from another manager (kit/fields.ts) is drift when
 *   an imperative kubectl command (`kubectl scale`, `label`, `edit`, ...) wrote it last: `afc apply`
 *   restores it. Taken from any other manager, it is a conflict: `afc apply` stops on it unless
 *   `--force-conflicts`.
 * - `spec.replicas` of a Deployment that an HPA of the release scales is left out of what afc applies and
 *   reported as managed by the autoscaler, never as a change.
 * - Objects to prune: the members of the release's ApplySet (applyset.ts) that the apply no longer
 *   contains, exactly as kubectl's `--prune --applyset` selects them.
 */
import { existsSync } from 'node:fs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import { AfcError, AfcValidationError } from '../errors.js';
import { resolveKubeTarget, type KubeTarget } from '../kit/context.js';
import { InterruptedError } from '../kit/interrupt.js';
import type { Exec } from '../kit/exec.js';
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
} from '../kit/applyset.js';
import { CLUSTER_SCOPED, desiredObjects } from './desired.js';
import { compareChanges, fieldChanges, objectChange, type ObjectChange } from '../kit/diff.js';
import { addedListItems, isDrift, listItemAt, removalPatch, takenFields, type Conflict, type Taken } from '../kit/fields.js';
import { applyPayload, hpaTargets, ownsReplicas, scalingHpa } from './hpa.js';
import { immutableProblems, integrityProblems, keepReason, keptLine, pruneClaimed, statefulSetClaimProblems, unknownPruneClaims } from './keep.js';
import { Kubectl } from '../kit/kubectl.js';
import { canonical, describeObject, groupKind, groupOf, isMap, objectKey, withoutServerFields, type K8sObject, type Obj } from '../kit/objects.js';
import { missingCrdsMessage, MONITOR_CRDS } from './preflight.js';
import { ESO_CRDS, ESO_GROUP } from './secrets.js';
import { PodMonitor, Prometheus, ServiceMonitor } from '../imports/monitoring.coreos.com.js';

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
  readonly live: ReadonlyMap<string, K8sObject>;
  /** Dry-run answers by key (empty when the namespace does not exist yet: everything is created). */
  readonly dryRun: ReadonlyMap<string, K8sObject>;
  /** The ApplySet parent, if it exists. */
  readonly parent?: K8sObject;
}

export interface Plan {
  readonly changes: ObjectChange[];
  readonly autoscaled: Autoscaled[];
  /** Fields afc would take from a declarative manager (an Apply, helm, a controller...): a plain apply stops. */
  readonly conflicts: ObjectConflict[];
  /**
   * Fields an imperative kubectl command changed (kit/fields.ts isDrift) on members of this release's
   * ApplySet: a plain apply restores them. On any other object they are conflicts.
   */
  readonly drift: ObjectConflict[];
  /** The drifted objects as the restoring apply sends them, each with the resourceVersion read. */
  readonly driftObjects: K8sObject[];
  /** Live HPA-targeted Deployments whose spec.replicas afc still owns: handed over before the apply. */
  readonly handovers: K8sObject[];
  /**
   * Members no longer rendered that are kept, not pruned (keep.ts: volume claims, resource-policy keep):
   * they leave the set before the pruning apply. Live objects, with the resourceVersion read.
   */
  readonly kept: K8sObject[];
  /** Members the apply prunes (live objects). */
  readonly pruned: K8sObject[];
  /** Kept objects of an earlier apply that the release renders again: adopted back (live objects). */
  readonly adoptions: K8sObject[];
  /** Items kubectl's imperative commands added to afc's lists on members: removed by apply. */
  readonly listRemovals: ListRemoval[];
}

/** A JSON patch removing drifted list items from a live member. */
export interface ListRemoval {
  readonly object: K8sObject;
  readonly patch: Obj[];
}

/** How the plan treats what the release no longer renders. */
export interface PruneScope {
  readonly id: string;
  readonly namespace: string;
  /** Values of --prune-claim (NAME or KIND/NAME, keep.ts namesObject): kept objects they name are pruned after all. */
  readonly pruneClaims?: readonly string[];
  /** The parent is missing and is rebuilt from the members found (--rebuild-applyset). */
  readonly rebuild?: boolean;
}

const key = (o: K8sObject): string => objectKey(o);

/** The pure comparison: desired payload + facts → changes, autoscaled Deployments, conflicts, drift, prunes. */
export function comparePlan(payload: readonly K8sObject[], facts: LiveFacts, scope: PruneScope): Plan {
  const targets = hpaTargets(payload);
  const changes: ObjectChange[] = [];
  const autoscaled: Autoscaled[] = [];
  const conflicts: ObjectConflict[] = [];
  const drift: ObjectConflict[] = [];
  const driftObjects: K8sObject[] = [];
  const handovers: K8sObject[] = [];
  const adoptions: K8sObject[] = [];
  const listRemovals: ListRemoval[] = [];
  for (const d of payload) {
    const k = key(d);
    const live = facts.live.get(k);
    const answer = facts.dryRun.get(k);
    const after = withoutServerFields(answer ?? d);
    if (!live) {
      changes.push(objectChange('create', d, { after: canonical(after) as K8sObject }));
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
    // Items kubectl's imperative commands added to afc's lists (a renamed volumeMount, an added env or
    // container) are drift on members: shown removed, and removed by apply (kit/fields.ts addedListItems).
    const set0 = live.metadata.labels?.[LABEL_PART_OF];
    const added = set0 === scope.id && answer ? addedListItems(answer, FIELD_MANAGER) : [];
    let shown: K8sObject = after;
    if (added.length > 0) {
      shown = structuredClone(after);
      for (const a of added) {
        const at = listItemAt(shown, a.keys);
        if (at) at.list.splice(at.index, 1);
      }
    }
    const [was, will] = [canonical(before), canonical(shown)];
    // Equal canonical forms have no field changes: decided without walking the fields (the common case).
    const fields = JSON.stringify(was) === JSON.stringify(will) ? [] : fieldChanges(was, will);
    const taken = answer ? takenFields(live, answer, FIELD_MANAGER).filter((c) => !(hpa && c.path === '.spec.replicas')) : [];
    const object = describeObject(d);
    // Drift is restored only on this release's own objects: a same-named object outside its ApplySet
    // (created by hand, or by another release) is somebody else's, whoever wrote it.
    const set = live.metadata.labels?.[LABEL_PART_OF];
    const member = set === scope.id;
    // Another release's object of the same name (every release writes as manager afc, so its fields are
    // no conflict to the server): taking it over would move it between ApplySets, and its own release
    // would prune it. A conflict, named after the set that has it.
    const otherSet = set !== undefined && !member ? set : undefined;
    const restores = (t: Taken): boolean => member && isDrift(t);
    for (const t of taken) (restores(t) ? drift : conflicts).push({ object, path: t.path, manager: t.manager });
    for (const a of added) drift.push({ object, path: a.path, manager: a.manager });
    if (otherSet !== undefined) conflicts.push({ object, path: `.metadata.labels["${LABEL_PART_OF}"]`, manager: `ApplySet ${otherSet}` });
    // What the drift-restoring apply sends: the object as applied, on the condition that it is still the
    // version read here (a server-side apply with a resourceVersion fails if the object changed since).
    if (taken.some(restores)) driftObjects.push({ ...d, metadata: { ...d.metadata, resourceVersion: live.metadata.resourceVersion } } as K8sObject);
    // Added list items are removed by a JSON patch that first tests each item's value (an apply cannot
    // remove them: afc applying the same value would only share their ownership with kubectl).
    if (added.length > 0) listRemovals.push({ object: live, patch: removalPatch(live, added) });
    // A kept object of an earlier apply (keep.ts), rendered again: afc's own fields, outside any set.
    const adopted = set === undefined && keepReason(live) !== undefined && (live.metadata.managedFields as Obj[] | undefined ?? []).some((m) => isMap(m) && m.manager === FIELD_MANAGER && m.operation === 'Apply');
    if (adopted) adoptions.push(live);
    if (fields.length > 0) {
      const notes = [...taken, ...added].map((t) =>
        'keys' in t
          ? `drift by ${t.manager}: ${t.path} (added to afc's list; afc apply removes it)`
          :
        restores(t)
          ? `drift by ${t.manager}: ${t.path} (afc apply restores it)`
          : `conflict: ${t.path} is owned by "${t.manager}"${member ? '' : ' (the object is not in this release\'s ApplySet)'} (afc apply stops unless --force-conflicts)`,
      );
      if (adopted) notes.push(`adopted back: kept by an earlier apply, it rejoins the release (the same object, uid ${String(live.metadata.uid ?? '?')})`);
      if (otherSet !== undefined) notes.push(`conflict: the object belongs to ApplySet ${otherSet} (another release; afc apply stops unless --force-conflicts)`);
      changes.push(objectChange('change', d, { changes: fields, notes, before: was as K8sObject, after: will as K8sObject }));
    }
  }
  // Without a parent (--rebuild-applyset), the rebuilt one lists the kinds of the members found.
  const parentKinds = facts.parent
    ? splitList(facts.parent.metadata.annotations?.[ANNOTATION_GROUP_KINDS])
    : scope.rebuild
      ? [...facts.live.values()].filter((o) => o.metadata.labels?.[LABEL_PART_OF] === scope.id).map(groupKind)
      : [];
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
  const kept: K8sObject[] = [];
  const pruned: K8sObject[] = [];
  for (const p of prunes) {
    const why = keepReason(p);
    if (why !== undefined && !pruneClaimed(scope.pruneClaims, p)) {
      kept.push(p);
      changes.push(objectChange('keep', p, { notes: [`kept (${why}): it leaves the release's ApplySet, nothing of it is deleted`] }));
    } else {
      pruned.push(p);
      changes.push(objectChange('prune', p, { before: canonical(withoutServerFields(p)) as K8sObject }));
    }
  }
  return { changes: changes.sort(compareChanges), autoscaled, conflicts, drift, driftObjects, handovers, kept, pruned, adoptions, listRemovals };
}

/** The live diff failed after the basic facts were known (preflight still reports on them). */
export class GatherError extends AfcError {
  constructor(
    readonly reason: Error,
    readonly namespaceExists: boolean,
    readonly crds: ReadonlySet<string>,
    /** The listing of the target namespace, when it answered (see Gathered.listed). */
    readonly listed?: readonly K8sObject[],
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
  readonly desired: K8sObject[];
  /** What apply sends: spec.replicas left out for HPA targets (kubectl adds the part-of label). */
  readonly payload: K8sObject[];
  /** The payload as members: with the part-of label (what the dry run applies, to predict the result). */
  readonly members: K8sObject[];
  readonly namespaceExists: boolean;
  /** Namespaces the payload lives in that do not exist. */
  readonly missingNamespaces: string[];
  readonly crds: ReadonlySet<string>;
  /**
   * Everything the listing of the target namespace answered: every object of the payload's kinds, every
   * Secret and ConfigMap (members or not), and the cluster-scoped kinds asked for (GatherOptions).
   */
  readonly listed: readonly K8sObject[];
  readonly facts: LiveFacts;
  readonly plan: Plan;
}

export interface GatherOptions {
  /** The synth output, when the caller has it already (else it is synthesized from the options). */
  readonly desired?: K8sObject[];
  /** More objects of the target namespace to read by name (`lease.v1.coordination.k8s.io/afc-apply-afc`). */
  readonly names?: readonly string[];
}

/** Checks that stop diff and apply (keep.ts), run on the gathered facts before anything changes. */
export function gatheredProblems(g: Pick<Gathered, 'parent' | 'id' | 'payload' | 'facts' | 'plan' | 'members'>, opts: Pick<ClusterCliOptions, 'release' | 'pruneClaim' | 'rebuildApplyset'>): string[] {
  const names = opts.pruneClaim ?? [];
  const candidates = [...g.plan.kept, ...g.plan.pruned.filter((o) => o.kind === 'StatefulSet' || keepReason(o) !== undefined)];
  return [
    ...integrityProblems({ parent: g.parent, id: g.id, release: opts.release, parentLive: g.facts.parent, live: g.facts.live.values(), desiredKeys: new Set(g.members.map(key)) }, { rebuild: opts.rebuildApplyset }),
    ...immutableProblems(g.members, g.facts.live),
    ...statefulSetClaimProblems(g.plan.pruned, names),
    ...unknownPruneClaims(names, candidates),
  ];
}

/** An API type: its apiVersion and kind. */
export type TypeRef = Pick<K8sObject, 'apiVersion' | 'kind'>;

/**
 * The API types afc's constructs write (their classes' GVK), by group-kind: the versions of kinds that
 * only the ApplySet parent names (a kind an earlier output rendered and today's does not, e.g. the
 * PodMonitors after --skip-monitors, the NetworkPolicies of a platform no longer chosen).
 */
const RENDERED_TYPES: ReadonlyMap<string, TypeRef> = new Map(
  [
    k8s.KubeConfigMap,
    k8s.KubeService,
    k8s.KubeServiceAccount,
    k8s.KubePersistentVolumeClaim,
    k8s.KubeDeployment,
    k8s.KubeStatefulSet,
    k8s.KubeHorizontalPodAutoscalerV2,
    k8s.KubeNetworkPolicy,
    k8s.KubeIngress,
    k8s.KubeClusterRole,
    k8s.KubeClusterRoleBinding,
    PodMonitor,
    ServiceMonitor,
    Prometheus,
  ].map(({ GVK }) => [groupKind(GVK), { apiVersion: GVK.apiVersion, kind: GVK.kind }] as const),
);


/**
 * Kinds afc renders that a release without a parent is not searched for (wave 2 of gather): the kinds
 * only the OpenAFC 1.0.x versions render (Ingress; the External Secrets kinds are custom resources, like
 * the monitoring kinds, and the ClusterSecretStore is cluster-scoped), so that the rights and queries of
 * the other releases stay as they were; when rendered now they are listed in wave 1 like every kind.
 * The External Secrets kinds are not in RENDERED_TYPES either: the version a cluster serves varies
 * (v1beta1 up to External Secrets 0.16, v1 only from 0.17), so kubectl resolves their group-kind
 * (`externalsecret.external-secrets.io`) by discovery when only the parent names them.
 */
const NOT_SEARCHED_WITHOUT_PARENT: ReadonlySet<string> = new Set(['Ingress.networking.k8s.io']);

/**
 * A type kubectl should list, given as a group-kind (`PodMonitor.monitoring.coreos.com`, from the
 * parent's list): fully specified (typeArg) when its version is known (the payload's types, then the
 * ones afc renders), else the group-kind in lower case (`widget.example.com`), which kubectl resolves
 * after refetching its discovery cache when the group has dots.
 */
export function groupKindArg(gk: string, known: ReadonlyMap<string, TypeRef>): string {
  const t = known.get(gk) ?? RENDERED_TYPES.get(gk);
  return t ? typeArg(t) : gk.toLowerCase();
}

/**
 * The type as kubectl's fully specified `resource.version.group` (`podmonitor.v1.monitoring.coreos.com`),
 * or the bare resource for the core group (`configmap`). Not `podmonitor.monitoring.coreos.com`: kubectl
 * first reads that as resource `podmonitor`, version `monitoring`, group `coreos.com`, finds no such
 * type, and then throws its discovery cache away and fetches it again (about 10 ms of its CPU, and a
 * rewrite of the cache on disk) before it tries the meaning intended.
 */
export function typeArg(t: TypeRef): string {
  const slash = t.apiVersion.indexOf('/');
  return slash < 0 ? t.kind.toLowerCase() : `${t.kind.toLowerCase()}.${t.apiVersion.slice(slash + 1)}.${t.apiVersion.slice(0, slash)}`;
}

/** The payload labelled as members of the set (what kubectl --applyset makes of it). */
export function payloadOf(desired: readonly K8sObject[], id: string): K8sObject[] {
  return applyPayload(desired).map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [LABEL_PART_OF]: id } } }));
}

/** A thrown value as an Error. */
export const asError = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));

/**
 * The promise's value, or its failure as an Error value: for queries started together and looked at
 * later (a rejection nobody awaits yet is not an unhandled one), whose failures are facts, not the end.
 */
export const settled = <T>(p: Promise<T>): Promise<T | Error> => p.then((v) => v, asError);

/**
 * Runs the read-only queries and compares. `kubectl` must have been made for the resolved target.
 *
 * Two kubectl calls when the release is there and nothing is wrong, started together right after the
 * synth: the server-side apply dry run, and one `kubectl get` per namespace of the payload of all its
 * kinds (without a label selector: members are told by their part-of label here, and desired objects
 * that exist without being members are found in the same call), the target namespace's listing also
 * taking every Secret (the ApplySet parent) and ConfigMap. The dry run's answers prove what the
 * separate checks would otherwise ask: an object the server accepted into a namespace proves the
 * namespace exists, an accepted PodMonitor proves its CRD. Only when something failed or is not proven
 * (a missing namespace, a missing CRD, a payload without objects in a namespace) is the namespace, the
 * parent and the CRDs asked for by name, so that preflight can say what is missing.
 */
export async function gather(kubectl: Kubectl, opts: ClusterCliOptions, namespace: string, options: GatherOptions = {}): Promise<Gathered> {
  const target = kubectl.target;
  const parent = parentFor(opts.release, namespace);
  const desired = options.desired ?? desiredObjects(opts, namespace);
  const id = applySetId(parent);
  const payload = payloadOf(desired, id);
  const namespaces = [...new Set([namespace, ...payload.map((o) => o.metadata.namespace ?? namespace)])].sort();
  const kinds = [...new Set(payload.map(groupKind))].sort();
  // The payload's types by group-kind, in group-kind order (the version is the one the payload uses).
  const payloadTypes = new Map(kinds.map((gk) => [gk, payload.find((o) => groupKind(o) === gk)!] as const));
  const selector = ['-l', `${LABEL_PART_OF}=${id}`, '--show-managed-fields'];
  const members = (kindList: readonly string[], ns: string): Promise<K8sObject[]> =>
    kindList.length === 0 ? Promise.resolve([]) : kubectl.objects(['get', kindList.map((gk) => groupKindArg(gk, payloadTypes)).join(','), '-n', ns, ...selector]);
  const file = kubectl.manifest(payload, 'apply');

  // Wave 1, concurrently: the dry run (server-side validation is left to the apply itself: the dry run
  // without it takes half the time); per namespace, the set's members of the payload's kinds (a
  // server-side label selector, as kubectl's pruner asks: the cost does not grow with the namespace's
  // foreign objects), and the payload's objects by name (desired objects that exist without being
  // members: kept claims to adopt, hand-made or another release's look-alikes), with the ApplySet
  // parent (the only Secret read) and the names the caller asks for (the release's Lease).
  const dryRun = settled(
    kubectl.objects(['apply', '--server-side', '--dry-run=server', '--validate=false', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts', '--show-managed-fields', '-f', file]),
  );
  const listings = namespaces.map((ns) => {
    const named = ns === namespace ? [`secret/${parent.name}`, ...(options.names ?? [])] : [];
    const byName = named.length > 0 ? kubectl.objects(['get', ...named, '-n', ns, '--ignore-not-found']) : Promise.resolve([]);
    return settled(Promise.all([members(kinds, ns), byName]).then(([m, n]) => [...m, ...n]));
  });
  /**
   * The payload's objects that exist without being members (kept claims to adopt, hand-made or another
   * release's look-alikes), by name: those the dry run answered with a resourceVersion (a dry-run create
   * has none) and the members' listing did not find; every payload object when the dry run failed (its
   * checks need them). kubectl gets named objects one request at a time: only these are asked for.
   */
  const nonMembers = (found: ReadonlyMap<string, K8sObject>, answered: K8sObject[] | Error, inNamespaces: ReadonlySet<string>): Promise<K8sObject[]> => {
    const existing = answered instanceof Error ? undefined : new Set(answered.filter((o) => typeof o.metadata.resourceVersion === 'string' && o.metadata.resourceVersion !== '').map(key));
    const wanted = payload.filter((o) => !found.has(key(o)) && (existing === undefined || existing.has(key(o))) && inNamespaces.has(o.metadata.namespace ?? namespace));
    const byNs = [...new Set(wanted.map((o) => o.metadata.namespace ?? namespace))];
    return Promise.all(
      byNs.map((ns) => kubectl.objects(['get', ...wanted.filter((o) => (o.metadata.namespace ?? namespace) === ns).map((o) => `${typeArg(o)}/${o.metadata.name}`), '-n', ns, '--ignore-not-found', '--show-managed-fields'])),
    ).then((l) => l.flat());
  };
  const answers = await dryRun;
  const lists = await Promise.all(listings);
  const listed = lists[namespaces.indexOf(namespace)];
  const listError = lists.find((l): l is Error => l instanceof Error);
  // Interrupted (SIGINT, SIGTERM): the step that was stopped is the one to name, not a fallback's refusal.
  const stopped = [answers, ...lists].find((x): x is InterruptedError => x instanceof InterruptedError);
  if (stopped) throw stopped;
  // What the dry run proves; the rest is asked for by name.
  const neededCrds = [...new Set(payload.map((o) => MONITOR_CRDS[o.kind]).filter((c): c is string => c !== undefined))];
  // External Secrets' CRDs, asked for only when the payload has their kinds (the 1.0.x versions).
  const neededEsoCrds = [...new Set(payload.map((o) => (groupOf(o.apiVersion) === ESO_GROUP ? ESO_CRDS[o.kind] : undefined)).filter((c): c is string => c !== undefined))].sort();
  const provenNs = new Set(answers instanceof Error ? [] : answers.map((o) => o.metadata.namespace).filter((n): n is string => typeof n === 'string'));
  const provenCrds = new Set(answers instanceof Error ? [] : answers.map((o) => MONITOR_CRDS[o.kind]).filter((c): c is string => c !== undefined));
  const ourParent = (o: K8sObject): boolean => o.kind === 'Secret' && o.metadata.name === parent.name && (o.metadata.namespace ?? namespace) === namespace;
  let existingNs: Set<string>;
  let crds: Set<string>;
  let parentLive: K8sObject | undefined;
  if (answers instanceof Error || listError || namespaces.some((n) => !provenNs.has(n)) || neededCrds.some((c) => !provenCrds.has(c))) {
    const found = await kubectl.objects([
      'get',
      ...namespaces.map((n) => `namespace/${n}`),
      `secret/${parent.name}`,
      ...Object.values(MONITOR_CRDS).map((c) => `customresourcedefinition/${c}`),
      ...neededEsoCrds.map((c) => `customresourcedefinition/${c}`),
      '-n',
      namespace,
      '--ignore-not-found',
    ]);
    existingNs = new Set(found.filter((o) => o.kind === 'Namespace').map((o) => o.metadata.name));
    crds = new Set(found.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => o.metadata.name));
    parentLive = found.find(ourParent);
  } else {
    existingNs = new Set(namespaces);
    crds = provenCrds;
    parentLive = (listed as K8sObject[]).find(ourParent);
  }
  const missingNamespaces = namespaces.filter((n) => !existingNs.has(n));
  const missingCrds = neededCrds.filter((c) => !crds.has(c));
  // Proven by the dry run too: it accepted objects of every kind (then no fallback query asked for them).
  const missingEsoCrds = answers instanceof Error ? neededEsoCrds.filter((c) => !crds.has(c)) : [];
  const explain = (e: Error): Error => {
    if (missingEsoCrds.length > 0) return new AfcError(`CRD ${missingEsoCrds.join(' and ')} not installed (External Secrets): install External Secrets' CRDs with afc prerequisites install --only external-secrets, or use --platform no_secrets`);
    if (missingCrds.length > 0) return new AfcError(missingCrdsMessage(missingCrds));
    return e;
  };

  const live = new Map<string, K8sObject>();
  const dry = new Map<string, K8sObject>();
  try {
    if (listError) throw explain(listError);
    const applied = new Set(kinds);
    for (const l of lists as K8sObject[][]) for (const o of l) if (applied.has(groupKind(o))) live.set(key(o), o);
    for (const o of await nonMembers(live, answers, existingNs)) live.set(key(o), o);
    // Changes the server would refuse, said with their fix (the dry run's error would be the raw Forbidden).
    // A second release's collision comes first: its objects differ in immutable fields too (the selector).
    if (answers instanceof Error) {
      const integrity = integrityProblems({ parent, id, release: opts.release, parentLive, live: live.values(), desiredKeys: new Set(payload.map(key)) }, { rebuild: opts.rebuildApplyset });
      const found = [...integrity, ...immutableProblems(payload, live)];
      if (found.length > 0) throw new AfcValidationError(found);
    }
    if (answers instanceof Error) {
      // A namespace that does not exist yet: nothing of the release exists; everything is created.
      if (missingNamespaces.length === 0) throw explain(answers);
    } else {
      for (const o of answers) dry.set(key(o), o);
    }

    // Wave 2: members of kinds and namespaces only the parent lists (e.g. StatefulSets no longer rendered).
    // Without a parent, every kind afc renders is asked for (by label): members left without their parent
    // are found (keep.ts integrityProblems), and a rebuilt parent lists their kinds.
    // (The monitoring kinds only when the payload has them: their CRDs may not be installed; cluster-scoped
    // kinds neither: listing them needs a ClusterRole, and the namespaced members tell a lost parent.)
    const parentKinds = parentLive ? splitList(parentLive.metadata.annotations?.[ANNOTATION_GROUP_KINDS]) : [...RENDERED_TYPES.keys()].filter((gk) => !gk.endsWith('.monitoring.coreos.com') && !CLUSTER_SCOPED.has(gk) && !NOT_SEARCHED_WITHOUT_PARENT.has(gk));
    const extraKinds = parentKinds.filter((k) => !kinds.includes(k)).sort();
    const extraNamespaces = splitList(parentLive?.metadata.annotations?.[ANNOTATION_NAMESPACES]).filter((n) => !namespaces.includes(n));
    const wave2: Promise<K8sObject[]>[] = [
      ...namespaces.filter((ns) => existingNs.has(ns)).map((ns) => members(extraKinds, ns)),
      ...extraNamespaces.map((ns) => members([...new Set([...kinds, ...extraKinds])], ns)),
    ];
    for (const list of await Promise.all(wave2)) for (const o of list) live.set(key(o), o);
  } catch (e) {
    throw new GatherError(asError(e), existingNs.has(namespace), crds, listed instanceof Error ? undefined : listed);
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
    listed: listed as K8sObject[],
    facts,
    plan: comparePlan(payload, facts, { id, namespace, pruneClaims: opts.pruneClaim ?? [], rebuild: opts.rebuildApplyset }),
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
  // `:CONTEXT` is the runner's form already (a context of the default kubeconfig), as install and migrate take it.
  return resolveKubeTarget(exec, exec.host, (file !== '' && existsSync(file)) || colon === 0 ? arg : `:${arg}`);
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
    const problems = gatheredProblems(g, opts);
    if (problems.length > 0) throw new AfcValidationError(problems);
    return {
      changes: g.plan.changes,
      extra: {
        context: target.context,
        namespace,
        applyset: `${g.parent.name} (${g.id})`,
        autoscaled: g.plan.autoscaled,
        conflicts: g.plan.conflicts,
        drift: g.plan.drift,
        ...(g.plan.kept.length > 0 ? { kept: g.plan.kept.map((o) => keptLine(o).slice('kept: '.length)) } : {}),
        ...(g.facts.parent === undefined && opts.rebuildApplyset ? { rebuildApplyset: true } : {}),
      },
      remarks: remarksOf(g.plan),
    };
  });
}

/** Lines about the autoscaled Deployments, drift and conflicts, printed before the summary. */
export function remarksOf(plan: Plan): string[] {
  const managers = [...new Set(plan.drift.map((d) => d.manager))].sort().join(', ');
  const restores = plan.conflicts.length > 0 ? 'afc apply restores them once the conflicts are resolved (or with --force-conflicts)' : 'afc apply restores them';
  return [
    ...plan.kept.map(keptLine),
    ...plan.autoscaled.map((a) => `${a.kind} ${a.namespace}/${a.name}: spec.replicas (${String(a.replicas)}) is managed by HorizontalPodAutoscaler ${a.hpa}; afc leaves it out`),
    ...(plan.drift.length > 0 ? [`${plan.drift.length} drifted field(s), changed by ${managers}: ${restores}`] : []),
    ...(plan.conflicts.length > 0 ? [`${plan.conflicts.length} conflict(s) with other field managers: afc apply stops unless --force-conflicts`] : []),
  ];
}
