import { describe, expect, it } from 'vitest';
import { diffObjects, diffObjectSets, fieldChanges, renderPath } from '../../src/kit/diff.js';
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

describe('structured paths, written by renderPath', () => {
  it('writes one path two ways: selector (afc diff, apply) and dotted (afc migrate)', () => {
    const path = ['spec', 'template', 'spec', 'containers', { name: 'worker' }, 'env', 0, 'value'];
    expect(renderPath(path)).toBe('.spec.template.spec.containers[name=worker].env[0].value');
    expect(renderPath(path, 'dotted')).toBe('spec.template.spec.containers[name=worker].env[0].value');
    expect([renderPath([]), renderPath([], 'dotted')]).toEqual(['.', '(whole object)']);
    expect(fieldChanges(1, 2)).toEqual([{ path: [], before: 1, after: 2 }]);
  });
});

describe('diffObjects (the set diff beneath diffObjectSets and afc migrate)', () => {
  const cm = (name: string, data: Record<string, string>, namespace?: string): K8sObject => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(namespace ? { namespace } : {}) },
    data,
  });

  it('finds creates, changes and prunes in the order of the set asked for, and counts the unchanged', () => {
    const before = [cm('a', {}), cm('b', { x: '1' }), cm('same', {})];
    const after = [cm('same', {}), cm('b', { x: '2' }), cm('c', {})];
    const seen = (order: 'after' | 'before'): string[] => diffObjects(before, after, { order }).changes.map((c) => `${c.action} ${c.name}`);
    expect(seen('after')).toEqual(['change b', 'create c', 'prune a']);
    expect(seen('before')).toEqual(['prune a', 'change b', 'create c']);
    expect(diffObjects(before, after).unchanged).toBe(1);
  });

  it('places an object that names no namespace in the default one, comparing the objects as given', () => {
    const { changes, unchanged } = diffObjects([cm('a', {})], [cm('a', {}, 'ns')], { defaultNamespace: 'ns', compared: (o) => o });
    expect([unchanged, changes.map((c) => [c.namespace, c.changes.map((f) => renderPath(f.path))])]).toEqual([0, [['ns', ['.metadata.namespace']]]]);
  });
});
