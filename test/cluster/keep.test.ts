import { describe, expect, it } from 'vitest';
import { renderPath, type FieldChange } from '../../src/kit/diff.js';
import { ANNOTATION_TOOLING, applySetId, LABEL_ID, LABEL_PART_OF, parentFor } from '../../src/kit/applyset.js';
import { immutableProblems, integrityProblems, keepReason, keptLine, quantityBytes, releaseArgs, statefulSetClaimProblems, subsetDifferences, unknownPruneClaims } from '../../src/cluster/keep.js';
import { comparePlan, gatheredProblems, payloadOf, remarksOf } from '../../src/cluster/live.js';
import { objectKey, type K8sObject } from '../../src/kit/objects.js';
import { renderJson, renderText, summarize } from '../../src/cluster/render.js';
import { synth } from '../support/synth.js';

const parent = parentFor('afc', 'afc');
const id = applySetId(parent);
const hardened = payloadOf(synth({ platforms: ['k3d', 'hardened'], namespace: 'afc' }) as K8sObject[], id);
const k3d = payloadOf(synth({ platforms: ['k3d'], namespace: 'afc' }) as K8sObject[], id);
const byKey = (l: readonly K8sObject[]): Map<string, K8sObject> => new Map(l.map((o) => [objectKey(o), o]));
const served = (o: K8sObject, extra: Record<string, unknown> = {}): K8sObject => ({
  ...o,
  metadata: { ...o.metadata, uid: `uid-${o.metadata.name}`, resourceVersion: '7', generation: 1, creationTimestamp: 't', managedFields: [{ manager: 'afc', operation: 'Apply', fieldsV1: {} }] },
  ...extra,
});
const parentLive: K8sObject = {
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {
    name: parent.name,
    namespace: 'afc',
    labels: { [LABEL_ID]: id },
    annotations: { [ANNOTATION_TOOLING]: 'kubectl/v1.34.4', 'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps,PersistentVolumeClaim,Service,StatefulSet.apps' },
  },
};
const claim = (labels: Record<string, string> = { [LABEL_PART_OF]: id }): K8sObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'rat-transfer', namespace: 'afc', uid: 'uid-claim', resourceVersion: '42', labels, annotations: { 'helm.sh/resource-policy': 'keep' }, managedFields: [{ manager: 'afc', operation: 'Apply', fieldsV1: {} }] },
  spec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '100Gi' } }, storageClassName: 'local-path', volumeName: 'pv-1', volumeMode: 'Filesystem' },
});

describe('what pruning keeps', () => {
  it('keeps volume claims and helm.sh/resource-policy: keep objects, prunes the rest', () => {
    expect(keepReason(claim())).toBe('a volume claim');
    expect(keepReason({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { 'helm.sh/resource-policy': 'keep' } } })).toBe('helm.sh/resource-policy: keep');
    expect(keepReason({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { 'helm.sh/resource-policy': 'delete' } } })).toBeUndefined();
    expect(keepReason({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ratdb' } })).toBeUndefined();
  });

  it('k3d,hardened → k3d: the claim is kept (one line naming the delete command), never pruned; the summary counts it', () => {
    const live = byKey([...hardened.map((o) => served(o)), claim()]);
    const plan = comparePlan(k3d, { live, dryRun: byKey(k3d.map((o) => served(o))), parent: parentLive }, { id, namespace: 'afc' });
    expect(plan.kept.map((o) => o.metadata.name)).toEqual(['rat-transfer']);
    expect(plan.pruned.filter((o) => o.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(plan.changes.filter((c) => c.action === 'prune' && c.kind === 'PersistentVolumeClaim')).toEqual([]);
    expect(remarksOf(plan)[0]).toBe('kept: PersistentVolumeClaim afc/rat-transfer (no longer rendered; delete it yourself with kubectl delete persistentvolumeclaim rat-transfer -n afc)');
    expect(summarize(plan.changes).keep).toBe(1);
    const text = renderText(plan.changes, { remarks: remarksOf(plan) });
    expect(text).not.toContain('PersistentVolumeClaim afc/rat-transfer\n');
    expect(text).toMatch(/, 1 to keep \(they leave the release\)\n$/);
    const json = JSON.parse(renderJson(plan.changes)) as { differences: boolean; objects: { action: string; name: string }[] };
    expect(json.differences).toBe(true);
    expect(json.objects.filter((o) => o.action === 'keep').map((o) => o.name)).toEqual(['rat-transfer']);
  });

  it('prunes a kept claim only when --prune-claim names it', () => {
    const live = byKey([...k3d.map((o) => served(o)), claim()]);
    const plan = comparePlan(k3d, { live, dryRun: byKey(k3d.map((o) => served(o))), parent: parentLive }, { id, namespace: 'afc', pruneClaims: ['rat-transfer'] });
    expect(plan.kept).toEqual([]);
    expect(plan.changes.map((c) => [c.action, c.kind, c.name])).toEqual([['prune', 'PersistentVolumeClaim', 'rat-transfer']]);
    expect(unknownPruneClaims(['rat-transfer'], plan.pruned)).toEqual([]);
    // A bare name that names two candidates (a claim and a StatefulSet of one name) is refused; KIND/NAME picks one.
    const pvc = { ...claim(), metadata: { ...claim().metadata, name: 'ratdb' } } as K8sObject;
    const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'ratdb', namespace: 'afc' } } as K8sObject;
    expect(unknownPruneClaims(['ratdb'], [pvc, sts])).toEqual([
      '--prune-claim ratdb names 2 objects (persistentvolumeclaim/ratdb, statefulset/ratdb): give the one whose data goes as KIND/NAME, e.g. --prune-claim persistentvolumeclaim/ratdb',
    ]);
    expect(unknownPruneClaims(['pvc/ratdb'], [pvc, sts])).toEqual([]);
    expect(unknownPruneClaims(['statefulsets/ratdb'], [pvc, sts])).toEqual([]);
    // statefulset/ratdb does not release the claim named ratdb: it stays kept.
    expect(comparePlan([], { live: byKey([pvc]), dryRun: new Map(), parent: parentLive }, { id, namespace: 'afc', pruneClaims: ['sts/ratdb'] }).kept.map((o) => o.kind)).toEqual(['PersistentVolumeClaim']);
    expect(comparePlan([], { live: byKey([pvc]), dryRun: new Map(), parent: parentLive }, { id, namespace: 'afc', pruneClaims: ['pvc/ratdb'] }).kept).toEqual([]);
    expect(unknownPruneClaims(['nosuch'], plan.pruned)).toEqual([
      '--prune-claim nosuch: no kept claim or StatefulSet of that name leaves the release in this apply (candidates: rat-transfer): check the name with afc diff',
    ]);
  });

  it('takes a kept claim out of the set by a label removal on the condition of its resourceVersion (no partial apply)', () => {
    expect(releaseArgs(claim())).toEqual(['label', 'persistentvolumeclaim/rat-transfer', '-n', 'afc', `${LABEL_PART_OF}-`, '--resource-version=42']);
    expect(keptLine(claim())).toContain('kubectl delete persistentvolumeclaim rat-transfer -n afc');
  });

  it('adopts a kept claim back when it is rendered again: no conflict, the label change noted with its uid', () => {
    const desired = hardened.find((o) => o.kind === 'PersistentVolumeClaim')!;
    const { [LABEL_PART_OF]: _gone, ...labels } = desired.metadata.labels!;
    const kept = claim(labels);
    const live = byKey([...hardened.filter((o) => o !== desired).map((o) => served(o)), kept]);
    const dry = byKey(hardened.map((o) => (o === desired ? { ...kept, metadata: { ...kept.metadata, labels: desired.metadata.labels } } : served(o))));
    const plan = comparePlan(hardened, { live, dryRun: dry, parent: parentLive }, { id, namespace: 'afc' });
    expect(plan.conflicts).toEqual([]);
    expect(plan.adoptions.map((o) => o.metadata.uid)).toEqual(['uid-claim']);
    const change = plan.changes.find((c) => c.kind === 'PersistentVolumeClaim')!;
    expect(change.changes.map((c: FieldChange) => ({ ...c, path: renderPath(c.path, 'selector') }))).toEqual([{ path: `.metadata.labels["${LABEL_PART_OF}"]`, after: id }]);
    expect(change.notes).toEqual(['adopted back: kept by an earlier apply, it rejoins the release (the same object, uid uid-claim)']);
  });
});

describe('immutable fields, said before the server forbids them', () => {
  const desiredClaim = hardened.find((o) => o.kind === 'PersistentVolumeClaim')!;

  it('compares only what afc renders (server defaults such as storageClassName and volumeName are not changes)', () => {
    expect(immutableProblems([desiredClaim], byKey([claim()]))).toEqual([]);
    expect(subsetDifferences({ a: 1, l: [{ name: 'x', v: 1 }] }, { a: 1, b: 2, l: [{ name: 'x', v: 1, w: 3 }, { name: 'y' }] })).toEqual([]);
  });

  it('refuses re-adopting a kept claim whose spec changed, with the fix; growing its size is allowed, shrinking not', () => {
    const changed = { ...claim(), spec: { ...(claim().spec as object), accessModes: ['ReadWriteOnce'] } };
    expect(immutableProblems([desiredClaim], byKey([changed]))).toEqual([
      'PersistentVolumeClaim afc/rat-transfer exists (kept by an earlier apply, or made by hand) with .spec.accessModes ["ReadWriteOnce"], the release renders ["ReadWriteMany"]: a claim\'s spec cannot change (only its size can grow): render the live value (--set or a values file) to adopt it back as it is, or save its data and delete it yourself (kubectl delete persistentvolumeclaim rat-transfer -n afc)',
    ]);
    const smaller = { ...claim(), spec: { ...(claim().spec as object), resources: { requests: { storage: '50Gi' } } } };
    expect(immutableProblems([desiredClaim], byKey([smaller]))).toEqual([]);
    const bigger = { ...claim(), spec: { ...(claim().spec as object), resources: { requests: { storage: '200Gi' } } } };
    expect(immutableProblems([desiredClaim], byKey([bigger]))[0]).toMatch(/\.spec\.resources\.requests\.storage "200Gi", the release renders "100Gi"/);
    expect(quantityBytes('1Gi')).toBe(2 ** 30);
    expect(quantityBytes('500M')).toBe(5e8);
  });

  it("says a StatefulSet claim template size change is forbidden, with the orphan-delete fix (not the raw 'Forbidden')", () => {
    const ratdb = k3d.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'ratdb')!;
    const spec = ratdb.spec as { volumeClaimTemplates: { metadata: { name: string }; spec: { resources: { requests: { storage: string } } } }[] };
    const live = structuredClone(ratdb);
    const liveSpec = live.spec as typeof spec;
    liveSpec.volumeClaimTemplates[0]!.spec.resources.requests.storage = '1Mi';
    const problems = immutableProblems([ratdb], byKey([live]));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`StatefulSet afc/ratdb: .spec.volumeClaimTemplates[name=${spec.volumeClaimTemplates[0]!.metadata.name}].spec.resources.requests.storage would change from "1Mi" to "${spec.volumeClaimTemplates[0]!.spec.resources.requests.storage}"`);
    expect(problems[0]).toContain('kubectl delete statefulset ratdb -n afc --cascade=orphan');
    expect(immutableProblems([ratdb], byKey([served(ratdb)]))).toEqual([]);
  });

  it('refuses pruning a StatefulSet whose retention policy deletes its claims, unless --prune-claim names it', () => {
    const ratdb = { ...k3d.find((o) => o.kind === 'StatefulSet' && o.metadata.name === 'ratdb')! };
    expect(statefulSetClaimProblems([ratdb], [])).toEqual([]);
    const deleting = { ...ratdb, spec: { ...(ratdb.spec as object), persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' } } };
    expect(statefulSetClaimProblems([deleting], [])[0]).toMatch(/^pruning StatefulSet afc\/ratdb would delete its volume claims .* or pass --prune-claim statefulset\/ratdb to delete them$/);
    expect(statefulSetClaimProblems([deleting], ['ratdb'])).toEqual([]);
    expect(statefulSetClaimProblems([deleting], ['statefulset/ratdb'])).toEqual([]);
    expect(statefulSetClaimProblems([deleting], ['pvc/ratdb'])).toHaveLength(1);
  });
});

describe('the ApplySet integrity', () => {
  const facts = { parent, id, release: 'afc', desiredKeys: new Set(k3d.map((o) => objectKey(o))) };

  it('a whole set, or a first install, has no problem', () => {
    expect(integrityProblems({ ...facts, parentLive, live: k3d.map((o) => served(o)) })).toEqual([]);
    expect(integrityProblems({ ...facts, live: [] })).toEqual([]);
  });

  it('members without their parent: refused, naming --rebuild-applyset (never "no differences")', () => {
    const problems = integrityProblems({ ...facts, live: k3d.map((o) => served(o)) });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(new RegExp(`^the ApplySet parent Secret afc/afc-applyset-afc is missing, but ${k3d.length} object\\(s\\) are labelled members of its set \\(.*\\): afc cannot tell what to prune and prunes nothing: rebuild the parent from its members with afc apply --rebuild-applyset`));
    expect(integrityProblems({ ...facts, live: k3d.map((o) => served(o)) }, { rebuild: true })).toEqual([]);
  });

  it('a parent name taken by a foreign object (no ApplySet annotations) is refused', () => {
    const foreign: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: parent.name, namespace: 'afc' } };
    expect(integrityProblems({ ...facts, parentLive: foreign, live: [] })).toEqual([
      'Secret afc/afc-applyset-afc exists but is not the ApplySet parent of release "afc" (it has no applyset.kubernetes.io/id label): it is somebody else\'s, and afc changes nothing: rename or delete it yourself, or choose another --release',
    ]);
  });

  it('a second release in the namespace: one line naming both releases', () => {
    const otherId = applySetId(parentFor('other', 'afc'));
    const theirs = k3d.map((o) => served({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, [LABEL_PART_OF]: id, 'app.kubernetes.io/instance': 'afc' } } }));
    const problems = integrityProblems({ parent: parentFor('other', 'afc'), id: otherId, release: 'other', live: theirs, desiredKeys: facts.desiredKeys });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^release "other" cannot share namespace "afc" with release "afc": object names carry no release prefix, so they collide \(.* is release "afc"'s\): apply "other" to another --namespace$/);
  });

  it('a cluster-wide object of another release (two 1.0.x releases in two namespaces): the store name, not another namespace, is the fix', () => {
    const otherParent = parentFor('b', 'b');
    const store: K8sObject = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ClusterSecretStore', metadata: { name: 'secret-store', labels: { [LABEL_PART_OF]: id, 'app.kubernetes.io/instance': 'afc' } } };
    const problems = integrityProblems({ parent: otherParent, id: applySetId(otherParent), release: 'b', live: [store], desiredKeys: new Set([objectKey(store)]) });
    expect(problems).toEqual([
      'release "b" renders ClusterSecretStore secret-store, which is cluster-wide and release "afc"\'s: two releases in one cluster cannot both own it: give this release\'s store another name (secretStores.<key>.name), or leave the store to release "afc"',
    ]);
  });

  it('gatheredProblems gathers them for diff and apply', () => {
    const live = byKey(k3d.map((o) => served(o)));
    const plan = comparePlan(k3d, { live, dryRun: live }, { id, namespace: 'afc' });
    const problems = gatheredProblems({ parent, id, payload: k3d, members: k3d, facts: { live, dryRun: live }, plan }, { release: 'afc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('--rebuild-applyset');
  });
});
