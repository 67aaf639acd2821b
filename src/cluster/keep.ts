/**
 * What pruning never deletes, and the checks that keep the release's ApplySet whole (pure).
 *
 * Kept objects. A member of the release's ApplySet that the new output no longer renders is pruned,
 * unless it is a PersistentVolumeClaim or carries `helm.sh/resource-policy: keep`: such an object is
 * *kept*. It leaves the set (its `applyset.kubernetes.io/part-of` label is removed, everything else stays,
 * the claim stays bound to its volume) and is no longer afc's: the user deletes it, or a later apply that
 * renders it again adopts it back (the same object, same uid, same volume). This follows
 * - Helm's `helm.sh/resource-policy: keep`: `helm upgrade`/`uninstall` skip deleting the object and
 *   leave it orphaned (Helm no longer manages it), and
 * - kapp's `kapp.k14s.io/delete-strategy: orphan`: on delete, the resource is disassociated from the app
 *   (its app label removed) instead of deleted.
 * The claim leaves the set by a label removal (`kubectl label … part-of-`, with the resourceVersion read
 * as a precondition), never by an apply of a partial object: a server-side apply that leaves out fields
 * afc owned would remove them. It happens before the pruning apply, because kubectl's `--prune
 * --applyset` picks what to delete by that label (a server-side label selector). `--prune-claim NAME`
 * lets one named kept object be pruned after all.
 *
 * The StatefulSets' own claims (`volumeClaimTemplates`) are made by the StatefulSet controller and are
 * never members: pruning a StatefulSet leaves them unless its `persistentVolumeClaimRetentionPolicy`
 * says `whenDeleted: Delete` (afc renders none: the default, Retain), which `statefulSetClaimProblems`
 * refuses unless `--prune-claim STATEFULSET` names it.
 *
 * Integrity. The set is what its parent says it is: members found without their parent (a deleted
 * Secret) make every prune a guess, so diff and apply refuse until the parent is rebuilt from the members
 * (`--rebuild-applyset`); a parent name taken by an object that is not an ApplySet parent of this
 * release is refused; a desired object that is already a member of another set belongs to another
 * release (two releases in one namespace always collide: names carry no release prefix).
 */
import { ANNOTATION_TOOLING, LABEL_ID, LABEL_PART_OF, type ParentRef } from '../kit/applyset.js';
import { describeObject, groupOf, isMap, isNamedList, objectKey, type K8sObject, type Obj } from '../kit/objects.js';

export const RESOURCE_POLICY = 'helm.sh/resource-policy';
const INSTANCE = 'app.kubernetes.io/instance';

/** Why a member that is no longer rendered is kept instead of pruned, or undefined (it is pruned). */
export function keepReason(o: K8sObject): string | undefined {
  if (o.kind === 'PersistentVolumeClaim' && groupOf(o.apiVersion) === '') return 'a volume claim';
  if (o.metadata.annotations?.[RESOURCE_POLICY] === 'keep') return `${RESOURCE_POLICY}: keep`;
  return undefined;
}

/** `kubectl delete persistentvolumeclaim rat-transfer -n afc` */
export const deleteCommand = (o: K8sObject): string =>
  `kubectl delete ${o.kind.toLowerCase()}${groupOf(o.apiVersion) ? `.${groupOf(o.apiVersion)}` : ''} ${o.metadata.name}${o.metadata.namespace ? ` -n ${o.metadata.namespace}` : ''}`;

/** The line diff and apply print for a kept object. */
export const keptLine = (o: K8sObject): string => `kept: ${describeObject(o)} (no longer rendered; delete it yourself with ${deleteCommand(o)})`;

/** The argv (without the target) that takes a kept object out of the set, on the condition of its resourceVersion. */
export function releaseArgs(o: K8sObject): string[] {
  const group = groupOf(o.apiVersion);
  return [
    'label',
    `${o.kind.toLowerCase()}${group ? `.${group}` : ''}/${o.metadata.name}`,
    ...(o.metadata.namespace ? ['-n', o.metadata.namespace] : []),
    `${LABEL_PART_OF}-`,
    ...(typeof o.metadata.resourceVersion === 'string' ? [`--resource-version=${o.metadata.resourceVersion}`] : []),
  ];
}

/** kubectl's short names of the kinds a `--prune-claim KIND/NAME` names. */
const KIND_SHORT_NAMES: Readonly<Record<string, string>> = { pvc: 'persistentvolumeclaim', sts: 'statefulset', cm: 'configmap' };

/**
 * Whether a `--prune-claim` value names `o`: `NAME`, or `KIND/NAME` (the kind as kubectl spells it:
 * `persistentvolumeclaim`, `pvc`, `statefulset`, `sts`, any kind lower-cased, singular or plural).
 */
export function namesObject(value: string, o: K8sObject): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return value === o.metadata.name;
  const given = value.slice(0, slash).toLowerCase();
  const kind = KIND_SHORT_NAMES[given] ?? given;
  const own = o.kind.toLowerCase();
  return value.slice(slash + 1) === o.metadata.name && (kind === own || kind === `${own}s`);
}

/** Whether any `--prune-claim` value names `o`. */
export const pruneClaimed = (values: readonly string[] | undefined, o: K8sObject): boolean => (values ?? []).some((v) => namesObject(v, o));

const kindName = (o: K8sObject): string => `${o.kind.toLowerCase()}/${o.metadata.name}`;

/**
 * `--prune-claim` values that match nothing this apply keeps or prunes with a claim, or a bare name that
 * matches more than one (a claim and a StatefulSet of one name: pruning both by one word would delete
 * more data than meant): a one-line error each.
 */
export function unknownPruneClaims(values: readonly string[], candidates: readonly K8sObject[]): string[] {
  const list = [...new Set(candidates.map((o) => o.metadata.name))].sort().join(', ') || 'none';
  return values.flatMap((v) => {
    const hits = candidates.filter((o) => namesObject(v, o));
    if (hits.length === 0) return [`--prune-claim ${v}: no kept claim or StatefulSet of that name leaves the release in this apply (candidates: ${list}): check the name with afc diff`];
    if (hits.length > 1) {
      const names = hits.map(kindName).sort();
      return [`--prune-claim ${v} names ${hits.length} objects (${names.join(', ')}): give the one whose data goes as KIND/NAME, e.g. --prune-claim ${names[0]}`];
    }
    return [];
  });
}

/**
 * Pruned StatefulSets whose live retention policy deletes their claims (`whenDeleted: Delete`): refused
 * unless `--prune-claim` names the StatefulSet.
 */
export function statefulSetClaimProblems(pruned: readonly K8sObject[], pruneClaims: readonly string[]): string[] {
  return pruned
    .filter((o) => o.kind === 'StatefulSet' && isMap(o.spec) && isMap(o.spec.persistentVolumeClaimRetentionPolicy) && o.spec.persistentVolumeClaimRetentionPolicy.whenDeleted === 'Delete')
    .filter((o) => !pruneClaimed(pruneClaims, o))
    .map(
      (o) =>
        `pruning ${describeObject(o)} would delete its volume claims (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete): set it to Retain (kubectl patch statefulset ${o.metadata.name} -n ${o.metadata.namespace ?? ''} --type merge -p '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Retain"}}}'), or pass --prune-claim statefulset/${o.metadata.name} to delete them`,
    );
}

/** Leaf paths where `desired` sets a value that `live` holds differently (only what `desired` sets is compared). */
export function subsetDifferences(desired: unknown, live: unknown, path = ''): { path: string; desired: unknown; live: unknown }[] {
  if (isMap(desired)) {
    if (!isMap(live)) return [{ path: path || '.', desired, live }];
    return Object.keys(desired)
      .sort()
      .flatMap((k) => subsetDifferences(desired[k], live[k], `${path}.${k}`));
  }
  if (isNamedList(desired)) {
    if (!Array.isArray(live)) return [{ path, desired, live }];
    const byName = new Map((live as Obj[]).filter(isMap).map((e) => [String(e.name), e]));
    return desired.flatMap((e) => {
      const l = byName.get(e.name as string);
      return l === undefined ? [{ path: `${path}[name=${String(e.name)}]`, desired: e, live: undefined }] : subsetDifferences(e, l, `${path}[name=${String(e.name)}]`);
    });
  }
  return JSON.stringify(desired) === JSON.stringify(live) ? [] : [{ path, desired, live }];
}

const show = (v: unknown): string => (v === undefined ? 'nothing' : JSON.stringify(v));

/** `100Gi` → bytes (binary and decimal suffixes); undefined when it is not a quantity. */
export function quantityBytes(q: unknown): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([KMGTPE]i?|k)?$/.exec(String(q));
  if (!m) return undefined;
  const powers: Record<string, number> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
  return Number(m[1]) * powers[m[2] ?? '']!;
}

/**
 * Changes the server would refuse (immutable fields), found before anything changes, one line each with
 * the fix: a claim's spec (except growing its size), a StatefulSet's selector, serviceName and claim
 * templates. Only what afc renders is compared (fields the server defaulted are not afc's).
 */
export function immutableProblems(payload: readonly K8sObject[], live: ReadonlyMap<string, K8sObject>, keyOf: (o: K8sObject) => string = (o) => objectKey(o)): string[] {
  const problems: string[] = [];
  for (const d of payload) {
    const l = live.get(keyOf(d));
    if (!l || !isMap(d.spec) || !isMap(l.spec)) continue;
    const where = describeObject(d);
    if (d.kind === 'PersistentVolumeClaim') {
      const { resources, ...rest } = d.spec;
      const diffs = subsetDifferences(rest, l.spec, '.spec');
      const want = isMap(resources) && isMap(resources.requests) ? resources.requests.storage : undefined;
      const have = isMap(l.spec.resources) && isMap(l.spec.resources.requests) ? l.spec.resources.requests.storage : undefined;
      const [w, h] = [quantityBytes(want), quantityBytes(have)];
      if (w !== undefined && h !== undefined && w < h) diffs.push({ path: '.spec.resources.requests.storage', desired: want, live: have });
      for (const x of diffs) {
        problems.push(
          `${where} exists (kept by an earlier apply, or made by hand) with ${x.path} ${show(x.live)}, the release renders ${show(x.desired)}: a claim's spec cannot change (only its size can grow): render the live value (--set or a values file) to adopt it back as it is, or save its data and delete it yourself (${deleteCommand(l)})`,
        );
      }
    }
    if (d.kind === 'StatefulSet') {
      const diffs = [
        ...subsetDifferences(d.spec.selector, l.spec.selector, '.spec.selector'),
        ...(d.spec.serviceName !== undefined ? subsetDifferences(d.spec.serviceName, l.spec.serviceName, '.spec.serviceName') : []),
        ...claimTemplateDifferences(d.spec.volumeClaimTemplates, l.spec.volumeClaimTemplates),
      ];
      for (const x of diffs) {
        problems.push(
          `${where}: ${x.path} would change from ${show(x.live)} to ${show(x.desired)}, and a StatefulSet's selector, serviceName and claim templates cannot change (the server forbids it): delete the StatefulSet but keep its pods and claims (kubectl delete statefulset ${d.metadata.name} -n ${d.metadata.namespace ?? ''} --cascade=orphan), then afc apply again; existing claims keep their size (grow them with kubectl patch pvc)`,
        );
      }
    }
  }
  return problems;
}

/** Differences of claim templates, matched by metadata.name. */
function claimTemplateDifferences(desired: unknown, live: unknown): { path: string; desired: unknown; live: unknown }[] {
  const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isMap) : []);
  const name = (t: Obj): string => String(isMap(t.metadata) ? t.metadata.name : '');
  const byName = new Map(list(live).map((t) => [name(t), t]));
  const out: { path: string; desired: unknown; live: unknown }[] = [];
  const wanted = new Set(list(desired).map(name));
  for (const t of list(desired)) {
    const p = `.spec.volumeClaimTemplates[name=${name(t)}]`;
    const l = byName.get(name(t));
    if (!l) out.push({ path: p, desired: t.spec, live: undefined });
    else out.push(...subsetDifferences(t.spec, l.spec, `${p}.spec`));
  }
  for (const [n, t] of byName) if (!wanted.has(n)) out.push({ path: `.spec.volumeClaimTemplates[name=${n}]`, desired: undefined, live: t.spec });
  return out;
}

/** What the integrity checks look at. */
export interface SetFacts {
  readonly parent: ParentRef;
  readonly id: string;
  readonly release: string;
  /** The parent as it is live, if it exists. */
  readonly parentLive?: K8sObject;
  /** Live objects found: the set's members (by label) and the desired objects that exist. */
  readonly live: Iterable<K8sObject>;
  /** Keys of the desired objects. */
  readonly desiredKeys: ReadonlySet<string>;
}

/** Whether a live object is a usable ApplySet parent of this set (id label and tooling annotation). */
export const isParentOf = (o: K8sObject, id: string): boolean => o.metadata.labels?.[LABEL_ID] === id && typeof o.metadata.annotations?.[ANNOTATION_TOOLING] === 'string';

/** The flag that rebuilds a lost parent. */
export const REBUILD_FLAG = '--rebuild-applyset';

/**
 * The problems that stop diff and apply before anything changes (empty: the set is whole). `rebuild`:
 * the lost parent is not a problem (apply rebuilds it from the members; diff predicts that).
 */
export function integrityProblems(f: SetFacts, opts: { readonly rebuild?: boolean } = {}): string[] {
  const where = `Secret ${f.parent.namespace}/${f.parent.name}`;
  if (f.parentLive && !isParentOf(f.parentLive, f.id)) {
    const has = f.parentLive.metadata.labels?.[LABEL_ID];
    const why = has === undefined ? `it has no ${LABEL_ID} label` : has !== f.id ? `its ${LABEL_ID} is ${has}, not ${f.id}` : `it has no ${ANNOTATION_TOOLING} annotation`;
    return [`${where} exists but is not the ApplySet parent of release "${f.release}" (${why}): it is somebody else's, and afc changes nothing: rename or delete it yourself, or choose another --release`];
  }
  const problems: string[] = [];
  const members: K8sObject[] = [];
  const others = new Map<string, K8sObject>();
  for (const o of f.live) {
    const set = o.metadata.labels?.[LABEL_PART_OF];
    if (set === f.id) members.push(o);
    else if (set !== undefined && f.desiredKeys.has(objectKey(o)) && !others.has(set)) others.set(set, o);
  }
  for (const o of others.values()) {
    const theirs = o.metadata.labels?.[INSTANCE];
    const name = theirs !== undefined ? `release "${theirs}"` : `ApplySet ${o.metadata.labels?.[LABEL_PART_OF] ?? ''}`;
    const whose = theirs !== undefined ? `release "${theirs}"'s` : 'a member of that set';
    problems.push(
      o.metadata.namespace === undefined
        ? // Cluster-wide (the 1.0.x ClusterSecretStore): another namespace does not help, another name does.
          `release "${f.release}" renders ${describeObject(o)}, which is cluster-wide and ${whose}: two releases in one cluster cannot both own it: give this release's store another name (secretStores.<key>.name), or leave the store to ${name}`
        : `release "${f.release}" cannot share namespace "${f.parent.namespace}" with ${name}: object names carry no release prefix, so they collide (${describeObject(o)} is ${whose}): apply "${f.release}" to another --namespace`,
    );
  }
  if (!f.parentLive && members.length > 0 && !opts.rebuild) {
    const sorted = members.map(describeObject).sort();
    problems.push(
      `the ApplySet parent ${where} is missing, but ${members.length} object(s) are labelled members of its set (${sorted.slice(0, 3).join(', ')}${sorted.length > 3 ? ', …' : ''}): afc cannot tell what to prune and prunes nothing: rebuild the parent from its members with afc apply ${REBUILD_FLAG} (afc diff ${REBUILD_FLAG} shows what that apply does)`,
    );
  }
  return problems;
}
