import { describe, expect, it } from 'vitest';
import { diffObjectSets, fieldChanges } from '../../src/kit/diff.js';
import { summarize } from '../../src/cluster/render.js';
import type { K8sObject } from '../../src/kit/objects.js';
import { synth } from '../support/synth.js';

const k3d = synth({ platforms: ['k3d'] }) as K8sObject[];
const gcp = synth({ platforms: ['gcp'] }) as K8sObject[];

const deployment = (containers: unknown[], extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { a: '1', b: '2' } },
  spec: { template: { spec: { containers } } },
  ...extra,
});

describe('fieldChanges', () => {
  it('ignores key order and the order of named lists', () => {
    const a = deployment([{ name: 'x', image: 'i:1' }, { name: 'y', image: 'j:1' }]);
    const b: K8sObject = { kind: 'Deployment', apiVersion: 'apps/v1', spec: { template: { spec: { containers: [{ image: 'j:1', name: 'y' }, { name: 'x', image: 'i:1' }] } } }, metadata: { labels: { b: '2', a: '1' }, name: 'web' } };
    expect(fieldChanges(a, b)).toEqual([]);
  });

  it('keeps the order of unnamed lists (args) significant', () => {
    const a = deployment([{ name: 'x', args: ['--a', '--b'] }]);
    const b = deployment([{ name: 'x', args: ['--b', '--a'] }]);
    expect(fieldChanges(a, b)).toEqual([{ path: ['spec', 'template', 'spec', 'containers', { name: 'x' }, 'args'], before: ['--a', '--b'], after: ['--b', '--a'] }]);
  });

  it('names a changed field inside a named list, and added and removed keys', () => {
    const a = deployment([{ name: 'x', image: 'i:1', imagePullPolicy: 'Always' }]);
    const b = deployment([{ name: 'x', image: 'i:2' }], { metadata: { name: 'web', labels: { a: '1', b: '2', 'app.kubernetes.io/name': 'n' } } });
    expect(fieldChanges(a, b)).toEqual([
      { path: ['metadata', 'labels', 'app.kubernetes.io/name'], after: 'n' },
      { path: ['spec', 'template', 'spec', 'containers', { name: 'x' }, 'image'], before: 'i:1', after: 'i:2' },
      { path: ['spec', 'template', 'spec', 'containers', { name: 'x' }, 'imagePullPolicy'], before: 'Always' },
    ]);
  });
});

describe('diffObjectSets (afc diff --against)', () => {
  it('finds no difference between an output and itself', () => {
    expect(diffObjectSets(k3d, synth({ platforms: ['k3d'] }) as K8sObject[])).toEqual([]);
  });

  it('classifies k3d → gcp: ratdb and bulk_postgres objects pruned, pull policy and rmq loadBalancerIP changed', () => {
    const changes = diffObjectSets(k3d, gcp);
    const pruned = changes.filter((c) => c.action === 'prune').map((c) => `${c.kind}/${c.name}`);
    expect(pruned).toEqual([
      'Service/bulk-postgres',
      'Service/bulk-postgres-headless',
      'Service/ratdb',
      'Service/ratdb-headless',
      'StatefulSet/bulk-postgres',
      'StatefulSet/ratdb',
    ]);
    expect(changes.filter((c) => c.action === 'create')).toEqual([]);
    const rmq = changes.find((c) => c.kind === 'Service' && c.name === 'rmq')!;
    expect(rmq.changes).toEqual([{ path: ['spec', 'loadBalancerIP'], after: '10.255.128.214' }]);
    const worker = changes.find((c) => c.kind === 'Deployment' && c.name === 'worker')!;
    expect(worker.changes).toEqual([{ path: ['spec', 'template', 'spec', 'containers', { name: 'worker' }, 'imagePullPolicy'], before: 'Always', after: 'Never' }]);
    expect(summarize(changes)).toEqual({ create: 0, change: 15, prune: 6 });
  });

  it('reports the reverse direction as creates', () => {
    const changes = diffObjectSets(gcp, k3d);
    expect(summarize(changes)).toEqual({ create: 6, change: 15, prune: 0 });
  });

  it('keys objects by namespace too, the missing namespace read as the default one', () => {
    const a = synth({ platforms: ['k3d'] }) as K8sObject[];
    const b = synth({ platforms: ['k3d'], namespace: 'prod' }) as K8sObject[];
    expect(diffObjectSets(a, b, { defaultNamespace: 'prod' })).toEqual([]);
    expect(summarize(diffObjectSets(a, b))).toEqual({ create: a.length, change: 0, prune: a.length });
  });

  it('rejects a set with the same object twice', () => {
    expect(() => diffObjectSets([...k3d, k3d[0]!], k3d)).toThrow(/earlier output has ConfigMap "als-client" twice/);
  });
});
