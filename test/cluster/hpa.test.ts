import { describe, expect, it } from 'vitest';
import { applyPayload, handoverManifest, hpaTargets, ownsReplicas } from '../../src/cluster/hpa.js';
import type { K8sObject } from '../../src/kit/objects.js';
import { toYamlStream } from '../../src/kit/yaml.js';
import { synthPlainYaml } from '../../src/synth/plain.js';
import { at, find, synth } from '../support/synth.js';

describe('never fighting the autoscaler', () => {
  const objects = synth({ platforms: ['k3d'], namespace: 'afc' }) as K8sObject[];

  it('finds the worker Deployment as the target of the worker HPA', () => {
    expect([...hpaTargets(objects)]).toEqual([['Deployment/afc/worker', 'worker']]);
  });

  it('leaves spec.replicas out of the applied worker only; the synth output keeps it, unchanged', () => {
    const before = toYamlStream(objects as never);
    const payload = applyPayload(objects);
    expect(at(find(payload as never, 'Deployment', 'worker', 'afc'), 'spec.replicas')).toBeUndefined();
    expect(at(find(payload as never, 'Deployment', 'rmq', 'afc'), 'spec.replicas')).toBe(1);
    expect(at(find(objects as never, 'Deployment', 'worker', 'afc'), 'spec.replicas')).toBe(1);
    expect(toYamlStream(objects as never)).toBe(before);
    expect(synthPlainYaml({ platforms: ['k3d'], namespace: 'afc' })).toBe(before);
    expect(payload.filter((o, i) => o !== objects[i]).map((o) => o.metadata.name)).toEqual(['worker']);
  });

  it('reads ownership of spec.replicas from managedFields', () => {
    const mf = [
      { manager: 'afc', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {}, 'f:template': {} } } },
      { manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', fieldsV1: { 'f:status': {} } },
    ];
    expect(ownsReplicas(mf, 'afc')).toBe(true);
    expect(ownsReplicas(mf, 'kubectl')).toBe(false);
    expect(ownsReplicas(undefined, 'afc')).toBe(false);
  });

  it('hands over the live replica count, nothing else', () => {
    const live: K8sObject = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', namespace: 'afc', uid: 'x' }, spec: { replicas: 3, template: {} } };
    expect(handoverManifest(live)).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker', namespace: 'afc' }, spec: { replicas: 3 } });
  });
});
