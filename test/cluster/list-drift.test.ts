import { describe, expect, it } from 'vitest';
import { renderPath, type FieldChange } from '../../src/kit/diff.js';
import { applySetId, parentFor } from '../../src/kit/applyset.js';
import { addedListItems, removalPatch } from '../../src/kit/fields.js';
import { comparePlan, payloadOf } from '../../src/cluster/live.js';
import { objectKey, type K8sObject } from '../../src/kit/objects.js';
import { synth } from '../support/synth.js';

const id = applySetId(parentFor('afc', 'afc'));
const gcp = payloadOf(synth({ platforms: ['gcp'], namespace: 'afc' }) as K8sObject[], id);
const byKey = (l: readonly K8sObject[]): Map<string, K8sObject> => new Map(l.map((o) => [objectKey(o), o]));

/** The worker as the testbed answered after `kubectl edit` renamed its /pipe mount to /pipe2 (fieldsV1 as observed). */
const mounts = (...paths: [string, string][]): unknown[] => paths.map(([mountPath, name]) => ({ mountPath, name }));
const afcFields = { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"worker"}': { '.': {}, 'f:image': {}, 'f:volumeMounts': { 'k:{"mountPath":"/pipe"}': { '.': {}, 'f:mountPath': {}, 'f:name': {} }, 'k:{"mountPath":"/mnt/nfs/rat_transfer"}': { '.': {}, 'f:mountPath': {}, 'f:name': {} } } } } } } } };
const editFields = { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"worker"}': { 'f:env': { '.': {}, 'k:{"name":"EXTRA"}': { '.': {}, 'f:name': {}, 'f:value': {} } }, 'f:volumeMounts': { 'k:{"mountPath":"/pipe2"}': { '.': {}, 'f:mountPath': {}, 'f:name': {} } } } } } } } };
function worker(volumeMounts: unknown[], managedFields: unknown[]): K8sObject {
  const w = structuredClone(gcp.find((o) => o.kind === 'Deployment' && o.metadata.name === 'worker')!);
  const c = ((w.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers)[0]!;
  c.volumeMounts = volumeMounts;
  c.env = [{ name: 'EXTRA', value: '1' }];
  w.metadata = { ...w.metadata, resourceVersion: '5', uid: 'u', managedFields };
  return w;
}

describe('list drift: items kubectl added to afc\'s lists', () => {
  const answer = worker(mounts(['/pipe2', 'pipe'], ['/pipe', 'pipe'], ['/mnt/nfs/rat_transfer', 'rat-transfer']), [
    { manager: 'afc', operation: 'Apply', fieldsV1: afcFields },
    { manager: 'kubectl-edit', operation: 'Update', fieldsV1: editFields },
  ]);

  it('finds the renamed mount (an item of a list afc owns), not an env entry of a list afc does not have', () => {
    expect(addedListItems(answer, 'afc').map((a) => [a.path, a.manager])).toEqual([['.spec.template.spec.containers[name=worker].volumeMounts[mountPath=/pipe2]', 'kubectl-edit']]);
  });

  it('leaves an item that a controller or another declarative manager also owns', () => {
    const shared = { ...answer, metadata: { ...answer.metadata, managedFields: [...(answer.metadata.managedFields as unknown[]), { manager: 'injector', operation: 'Apply', fieldsV1: editFields }] } };
    expect(addedListItems(shared, 'afc')).toEqual([]);
  });

  it('removes it by a JSON patch that tests the item first, later indices first', () => {
    const live = worker(mounts(['/pipe2', 'pipe'], ['/mnt/nfs/rat_transfer', 'rat-transfer'], ['/x', 'x']), []);
    const items = addedListItems(answer, 'afc');
    const x = { keys: ['f:spec', 'f:template', 'f:spec', 'f:containers', 'k:{"name":"worker"}', 'f:volumeMounts', 'k:{"mountPath":"/x"}'] };
    expect(removalPatch(live, [...items, x])).toEqual([
      { op: 'test', path: '/spec/template/spec/containers/0/volumeMounts/2', value: { mountPath: '/x', name: 'x' } },
      { op: 'remove', path: '/spec/template/spec/containers/0/volumeMounts/2' },
      { op: 'test', path: '/spec/template/spec/containers/0/volumeMounts/0', value: { mountPath: '/pipe2', name: 'pipe' } },
      { op: 'remove', path: '/spec/template/spec/containers/0/volumeMounts/0' },
    ]);
  });

  it('is drift in the plan: shown removed (the mount path back to /pipe), removed by apply, noted', () => {
    const live = worker(mounts(['/pipe2', 'pipe'], ['/mnt/nfs/rat_transfer', 'rat-transfer']), [{ manager: 'afc', operation: 'Apply', fieldsV1: {} }]);
    const liveList = gcp.map((o) => (o.kind === 'Deployment' && o.metadata.name === 'worker' ? live : o));
    const dry = gcp.map((o) => (o.kind === 'Deployment' && o.metadata.name === 'worker' ? answer : o));
    const plan = comparePlan(gcp, { live: byKey(liveList), dryRun: byKey(dry) }, { id, namespace: 'afc' });
    const change = plan.changes.find((c) => c.name === 'worker' && c.kind === 'Deployment')!;
    expect(change.changes.map((c: FieldChange) => ({ ...c, path: renderPath(c.path, 'selector') }))).toEqual([{ path: '.spec.template.spec.containers[name=worker].volumeMounts[name=pipe].mountPath', before: '/pipe2', after: '/pipe' }]);
    expect(change.notes).toEqual(["drift by kubectl-edit: .spec.template.spec.containers[name=worker].volumeMounts[mountPath=/pipe2] (added to afc's list; afc apply removes it)"]);
    expect(plan.drift).toEqual([{ object: 'Deployment afc/worker', path: '.spec.template.spec.containers[name=worker].volumeMounts[mountPath=/pipe2]', manager: 'kubectl-edit' }]);
    expect(plan.listRemovals.map((r) => r.patch)).toEqual([
      [
        { op: 'test', path: '/spec/template/spec/containers/0/volumeMounts/0', value: { mountPath: '/pipe2', name: 'pipe' } },
        { op: 'remove', path: '/spec/template/spec/containers/0/volumeMounts/0' },
      ],
    ]);
  });
});
