import { describe, expect, it } from 'vitest';
import { applySetId, LABEL_PART_OF, parentFor } from '../../src/kit/applyset.js';
import { isDrift, KUBECTL_IMPERATIVE_MANAGERS, leafPaths, takenFields } from '../../src/kit/fields.js';
import { comparePlan, groupKindArg, payloadOf, remarksOf, typeArg } from '../../src/cluster/live.js';
import { renderPath } from '../../src/kit/diff.js';
import { objectKey, type K8sObject } from '../../src/kit/objects.js';
import { summarize } from '../../src/cluster/render.js';
import { synth } from '../support/synth.js';

const id = applySetId(parentFor('afc', 'afc'));
const k3d = payloadOf(synth({ platforms: ['k3d'], namespace: 'afc' }) as K8sObject[], id);
const gcp = payloadOf(synth({ platforms: ['gcp'], namespace: 'afc' }) as K8sObject[], id);
const byKey = (l: readonly K8sObject[]): Map<string, K8sObject> => new Map(l.map((o) => [objectKey(o), o]));
/** What a server would answer: the object with server fields added. */
const served = (o: K8sObject, extra: Record<string, unknown> = {}): K8sObject => ({ ...o, metadata: { ...o.metadata, uid: 'u', resourceVersion: '7', generation: 2, creationTimestamp: 't', managedFields: [] }, status: { x: 1 }, ...extra });

describe('field ownership', () => {
  const fieldsV1 = { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"x"}': { '.': {}, 'f:image': {} } } } } } };

  it('flattens fieldsV1 into leaf paths', () => {
    expect(leafPaths(fieldsV1)).toEqual(['.data.a', '.data.b', '.spec.template.spec.containers[name=x].image']);
  });

  it('finds the fields a forced apply takes from other managers', () => {
    const live = served(k3d[0]!);
    live.metadata.managedFields = [
      { manager: 'afc', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } },
      { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': { 'f:b': {}, 'f:c': {} } } },
    ];
    const forced = served(k3d[0]!);
    forced.metadata.managedFields = [
      { manager: 'afc', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} } } },
      { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': { 'f:c': {} } } },
    ];
    expect(takenFields(live, forced, 'afc')).toEqual([{ path: '.data.b', manager: 'kubectl-edit', operation: 'Update', subresource: '' }]);
  });
});

describe('drift or conflict', () => {
  it("is drift when kubectl v1.34's imperative commands wrote the field (the names observed on the testbed)", () => {
    // kubectl scale → kubectl (subresource scale), label, annotate, edit, patch, set, replace, rollout, create, autoscale.
    expect(isDrift({ manager: 'kubectl', operation: 'Update', subresource: 'scale' })).toBe(true);
    for (const manager of ['kubectl-label', 'kubectl-annotate', 'kubectl-edit', 'kubectl-patch', 'kubectl-set', 'kubectl-replace', 'kubectl-rollout', 'kubectl-create', 'kubectl-autoscale']) {
      expect(isDrift({ manager, operation: 'Update', subresource: '' }), manager).toBe(true);
    }
    expect([...KUBECTL_IMPERATIVE_MANAGERS].sort()).toHaveLength(9);
  });

  it('is a conflict when someone else claimed the field: an Apply (kubectl --server-side included), client-side apply, helm, controllers', () => {
    expect(isDrift({ manager: 'kubectl', operation: 'Apply', subresource: '' })).toBe(false);
    // The bare `kubectl` is drift only through the scale subresource: kubectl before v1.19 wrote every
    // update as `kubectl`, client-side apply included.
    expect(isDrift({ manager: 'kubectl', operation: 'Update', subresource: '' })).toBe(false);
    expect(isDrift({ manager: 'kubectl-edit', operation: 'Apply', subresource: '' })).toBe(false);
    expect(isDrift({ manager: 'other', operation: 'Apply', subresource: '' })).toBe(false);
    expect(isDrift({ manager: 'kubectl-client-side-apply', operation: 'Update', subresource: '' })).toBe(false);
    expect(isDrift({ manager: 'helm', operation: 'Update', subresource: '' })).toBe(false);
    expect(isDrift({ manager: 'kube-controller-manager', operation: 'Update', subresource: '' })).toBe(false);
    // Not a prefix match: a manager merely named like kubectl is someone else.
    expect(isDrift({ manager: 'kubectl-something-else', operation: 'Update', subresource: '' })).toBe(false);
  });
});

describe('field ownership: status', () => {
  it("never counts a controller's status fields, which change between the read and the dry run", () => {
    const live = served(k3d[0]!);
    live.metadata.managedFields = [
      { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {}, 'f:readyReplicas': {} } } },
      { manager: 'other', operation: 'Update', fieldsV1: { 'f:status': { 'f:x': {} }, 'f:data': { 'f:b': {} } } },
    ];
    const forced = served(k3d[0]!);
    forced.metadata.managedFields = [{ manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': { 'f:replicas': {} } } }];
    expect(takenFields(live, forced, 'afc')).toEqual([{ path: '.data.b', manager: 'other', operation: 'Update', subresource: '' }]);
  });
});

describe('the live plan (pure comparison)', () => {
  it('creates everything in an empty namespace', () => {
    const plan = comparePlan(k3d, { live: new Map(), dryRun: new Map() }, { id, namespace: 'afc' });
    expect(summarize(plan.changes)).toEqual({ create: k3d.length, change: 0, prune: 0 });
  });

  it('finds nothing to do when the server answers with what is live (server fields ignored)', () => {
    const live = byKey(k3d.map((o) => served(o)));
    const dry = byKey(k3d.map((o) => served(o, { status: { other: 2 } })));
    const plan = comparePlan(k3d, { live, dryRun: dry }, { id, namespace: 'afc' });
    expect(plan.changes).toEqual([]);
  });

  it('k3d → gcp: prunes the members no longer applied; a foreign object and another set stay', () => {
    const other = applySetId(parentFor('other', 'afc'));
    const foreign: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'foreign', namespace: 'afc' } };
    const otherSet: K8sObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'theirs', namespace: 'afc', labels: { [LABEL_PART_OF]: other } } };
    const live = byKey([...k3d.map((o) => served(o)), foreign, otherSet]);
    const parent: K8sObject = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'afc-applyset-afc', namespace: 'afc', annotations: { 'applyset.kubernetes.io/contains-group-kinds': 'ConfigMap,Deployment.apps,HorizontalPodAutoscaler.autoscaling,PodMonitor.monitoring.coreos.com,Service,ServiceMonitor.monitoring.coreos.com,StatefulSet.apps' } } };
    const plan = comparePlan(gcp, { live, dryRun: byKey(gcp.map((o) => served(o))), parent }, { id, namespace: 'afc' });
    expect(plan.changes.filter((c) => c.action === 'prune').map((c) => `${c.kind}/${c.name}`)).toEqual([
      'Service/bulk-postgres',
      'Service/bulk-postgres-headless',
      'Service/ratdb',
      'Service/ratdb-headless',
      'StatefulSet/bulk-postgres',
      'StatefulSet/ratdb',
    ]);
    expect(summarize(plan.changes)).toEqual({ create: 0, change: 15, prune: 6 });
  });

  it('reports the HPA-driven worker replicas as the autoscaler\'s, never as a change, and hands over afc-owned replicas', () => {
    const liveList = k3d.map((o) => served(o));
    const worker = liveList.find((o) => o.kind === 'Deployment' && o.metadata.name === 'worker')!;
    worker.spec = { ...(worker.spec as object), replicas: 3 };
    worker.metadata.managedFields = [{ manager: 'afc', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
    // The server would reset the replicas afc drops to the default: not what apply does after the handover.
    const dry = k3d.map((o) => (o.metadata.name === 'worker' && o.kind === 'Deployment' ? served(o, { spec: { ...(o.spec as object), replicas: 1 } }) : served(o)));
    const plan = comparePlan(k3d, { live: byKey(liveList), dryRun: byKey(dry) }, { id, namespace: 'afc' });
    expect(plan.changes).toEqual([]);
    expect(plan.autoscaled).toEqual([{ kind: 'Deployment', namespace: 'afc', name: 'worker', hpa: 'worker', replicas: 3 }]);
    expect(plan.handovers.map((o) => o.metadata.name)).toEqual(['worker']);
  });

  it('reports a kubectl scale of a non-autoscaled Deployment as drift that apply restores, not as a conflict', () => {
    const liveList = k3d.map((o) => served(o));
    const rmq = liveList.find((o) => o.kind === 'Deployment' && o.metadata.name === 'rmq')!;
    rmq.spec = { ...(rmq.spec as object), replicas: 3 };
    rmq.metadata.managedFields = [{ manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
    const plan = comparePlan(k3d, { live: byKey(liveList), dryRun: byKey(k3d.map((o) => served(o))) }, { id, namespace: 'afc' });
    expect(plan.changes.map((c) => [c.action, c.kind, c.name, c.changes])).toEqual([['change', 'Deployment', 'rmq', [{ path: ['spec', 'replicas'], before: 3, after: 1 }]]]);
    expect(plan.drift).toEqual([{ object: 'Deployment afc/rmq', path: '.spec.replicas', manager: 'kubectl' }]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.changes[0]!.notes).toEqual(['drift by kubectl: .spec.replicas (afc apply restores it)']);
    expect(remarksOf(plan).slice(1)).toEqual(['1 drifted field(s), changed by kubectl: afc apply restores them']);
  });

  it('sends the drifted members to the restoring apply on the condition of the resourceVersion it read', () => {
    const liveList = k3d.map((o) => served(o));
    const rmq = liveList.find((o) => o.kind === 'Deployment' && o.metadata.name === 'rmq')!;
    rmq.spec = { ...(rmq.spec as object), replicas: 3 };
    rmq.metadata = { ...rmq.metadata, resourceVersion: '4711', managedFields: [{ manager: 'kubectl', operation: 'Update', subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }] };
    const plan = comparePlan(k3d, { live: byKey(liveList), dryRun: byKey(k3d.map((o) => served(o))) }, { id, namespace: 'afc' });
    const desired = k3d.find((o) => o.kind === 'Deployment' && o.metadata.name === 'rmq')!;
    expect(plan.driftObjects).toEqual([{ ...desired, metadata: { ...desired.metadata, resourceVersion: '4711' } }]);
    // Nothing else: the release's own apply sends the rest, unforced.
    expect(comparePlan(k3d, { live: byKey(k3d.map((o) => served(o))), dryRun: byKey(k3d.map((o) => served(o))) }, { id, namespace: 'afc' }).driftObjects).toEqual([]);
  });

  it("stops on an object of another release's ApplySet (same name, same field manager afc): a conflict naming that set", () => {
    const other = applySetId(parentFor('other', 'afc'));
    const liveList = k3d.map((o) => served(o));
    const i = liveList.findIndex((o) => o.kind === 'ConfigMap' && o.metadata.name === 'rcache');
    const theirs = liveList[i]!;
    liveList[i] = { ...theirs, data: { ...(theirs.data as object), RCACHE_CLIENT_PORT: '1' }, metadata: { ...theirs.metadata, labels: { ...theirs.metadata.labels, [LABEL_PART_OF]: other } } };
    const plan = comparePlan(k3d, { live: byKey(liveList), dryRun: byKey(k3d.map((o) => served(o))) }, { id, namespace: 'afc' });
    expect(plan.conflicts).toEqual([{ object: 'ConfigMap afc/rcache', path: `.metadata.labels["${LABEL_PART_OF}"]`, manager: `ApplySet ${other}` }]);
    expect(plan.drift).toEqual([]);
    expect(plan.changes.find((c) => c.name === 'rcache')!.notes).toEqual([`conflict: the object belongs to ApplySet ${other} (another release; afc apply stops unless --force-conflicts)`]);
  });

  it("never restores drift on an object outside this release's ApplySet: a same-named object made by hand is a conflict", () => {
    const liveList = k3d.map((o) => served(o));
    const i = liveList.findIndex((o) => o.kind === 'ConfigMap' && o.metadata.name === 'rcache');
    const mine = liveList[i]!;
    // `kubectl create configmap rcache --from-literal ...`: no part-of label, every field kubectl-create's.
    const { [LABEL_PART_OF]: _member, ...labels } = mine.metadata.labels ?? {};
    liveList[i] = {
      ...mine,
      data: { RCACHE_CLIENT_PORT: '9999' },
      metadata: { ...mine.metadata, labels: { ...labels, team: 'mine' }, managedFields: [{ manager: 'kubectl-create', operation: 'Update', fieldsV1: { 'f:data': { '.': {}, 'f:RCACHE_CLIENT_PORT': {} } } }] },
    };
    const plan = comparePlan(k3d, { live: byKey(liveList), dryRun: byKey(k3d.map((o) => served(o))) }, { id, namespace: 'afc' });
    expect(plan.drift).toEqual([]);
    expect(plan.driftObjects).toEqual([]);
    expect(plan.conflicts).toEqual([{ object: 'ConfigMap afc/rcache', path: '.data.RCACHE_CLIENT_PORT', manager: 'kubectl-create' }]);
    expect(plan.changes.find((c) => c.name === 'rcache')!.notes).toEqual([
      'conflict: .data.RCACHE_CLIENT_PORT is owned by "kubectl-create" (the object is not in this release\'s ApplySet) (afc apply stops unless --force-conflicts)',
    ]);
  });

  it("splits drift from conflicts: kubectl's imperative writes are drift, another manager's apply is a conflict", () => {
    const liveList = k3d.map((o) => served(o));
    const rcache = liveList.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'rcache')!;
    const port = (rcache.data as Record<string, string>).RCACHE_CLIENT_PORT;
    rcache.data = { ...(rcache.data as object), RCACHE_CLIENT_PORT: '9999', RCACHE_ENABLED: 'False' };
    rcache.metadata.managedFields = [
      { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': { 'f:RCACHE_CLIENT_PORT': {} } } },
      { manager: 'other', operation: 'Apply', fieldsV1: { 'f:data': { 'f:RCACHE_ENABLED': {} } } },
    ];
    const objst = liveList.find((o) => o.kind === 'Deployment' && o.metadata.name === 'objst')!;
    objst.metadata.labels = { ...objst.metadata.labels, 'app.kubernetes.io/version': 'drifted' };
    objst.metadata.managedFields = [{ manager: 'kubectl-label', operation: 'Update', fieldsV1: { 'f:metadata': { 'f:labels': { 'f:app.kubernetes.io/version': {} } } } }];
    const plan = comparePlan(k3d, { live: byKey(liveList), dryRun: byKey(k3d.map((o) => served(o))) }, { id, namespace: 'afc' });
    expect(plan.drift).toEqual([
      { object: 'ConfigMap afc/rcache', path: '.data.RCACHE_CLIENT_PORT', manager: 'kubectl-edit' },
      { object: 'Deployment afc/objst', path: '.metadata.labels["app.kubernetes.io/version"]', manager: 'kubectl-label' },
    ]);
    expect(plan.conflicts).toEqual([{ object: 'ConfigMap afc/rcache', path: '.data.RCACHE_ENABLED', manager: 'other' }]);
    const cm = plan.changes.find((c) => c.name === 'rcache')!;
    expect(cm.changes.map((c) => [renderPath(c.path), c.before, c.after])).toEqual([
      ['.data.RCACHE_CLIENT_PORT', '9999', port],
      ['.data.RCACHE_ENABLED', 'False', (k3d.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'rcache')!.data as Record<string, string>).RCACHE_ENABLED],
    ]);
    expect(cm.notes).toEqual([
      'drift by kubectl-edit: .data.RCACHE_CLIENT_PORT (afc apply restores it)',
      'conflict: .data.RCACHE_ENABLED is owned by "other" (afc apply stops unless --force-conflicts)',
    ]);
    expect(remarksOf(plan).slice(1)).toEqual([
      '2 drifted field(s), changed by kubectl-edit, kubectl-label: afc apply restores them once the conflicts are resolved (or with --force-conflicts)',
      '1 conflict(s) with other field managers: afc apply stops unless --force-conflicts',
    ]);
  });
});

describe('kubectl type arguments', () => {
  it('names types fully (resource.version.group) so that kubectl resolves them without refetching discovery', () => {
    expect(typeArg(k3d.find((o) => o.kind === 'PodMonitor')!)).toBe('podmonitor.v1.monitoring.coreos.com');
    expect(typeArg({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' })).toBe('horizontalpodautoscaler.v2.autoscaling');
    expect(typeArg({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' })).toBe('storageclass.v1.storage.k8s.io');
    expect(typeArg({ apiVersion: 'v1', kind: 'ConfigMap' })).toBe('configmap');
  });

  it("names the group-kinds only the ApplySet parent lists fully too, when the version is known", () => {
    const none = new Map();
    // Kinds afc renders, dropped from today's output (--skip-monitors, another platform).
    expect(groupKindArg('PodMonitor.monitoring.coreos.com', none)).toBe('podmonitor.v1.monitoring.coreos.com');
    expect(groupKindArg('NetworkPolicy.networking.k8s.io', none)).toBe('networkpolicy.v1.networking.k8s.io');
    expect(groupKindArg('StatefulSet.apps', none)).toBe('statefulset.v1.apps');
    expect(groupKindArg('HorizontalPodAutoscaler.autoscaling', none)).toBe('horizontalpodautoscaler.v2.autoscaling');
    expect(groupKindArg('ConfigMap', none)).toBe('configmap');
    // The payload's version first; a kind afc never renders keeps kubectl's group-kind form.
    expect(groupKindArg('Widget.example.com', new Map([['Widget.example.com', { apiVersion: 'example.com/v2', kind: 'Widget' }]]))).toBe('widget.v2.example.com');
    expect(groupKindArg('Widget.example.com', none)).toBe('widget.example.com');
  });
});
