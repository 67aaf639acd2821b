import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { additionalNamespaces, applySetId, applysetFlag, containsGroupKinds, LABEL_PART_OF, parentFor, pruneSet } from '../../src/kit/applyset.js';
import { objectKey, type K8sObject } from '../../src/kit/objects.js';
import { synth } from '../support/synth.js';

const cm = (name: string, labels: Record<string, string> = {}, namespace = 'afc'): K8sObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels } });

describe('ApplySet (KEP-3659) computations', () => {
  it('names the parent Secret after the release, in its namespace', () => {
    expect(parentFor('afc', 'prod')).toEqual({ name: 'afc-applyset-afc', namespace: 'prod', kind: 'Secret', group: '' });
    expect(applysetFlag(parentFor('afc', 'prod'))).toBe('secrets/afc-applyset-afc');
  });

  it('computes the id as applyset-<base64url(sha256(name.namespace.Kind.group))>-v1', () => {
    const id = applySetId(parentFor('afc', 'prod'));
    // Spelled out with the KEP's separators; the e2e test checks kubectl writes the same label.
    const digest = createHash('sha256').update('afc-applyset-afc.prod.Secret.').digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    expect(id).toBe(`applyset-${digest}-v1`);
    expect(id).toMatch(/^applyset-[A-Za-z0-9_-]{43}-v1$/);
    expect(applySetId(parentFor('afc', 'staging'))).not.toBe(id);
    expect(applySetId(parentFor('other', 'prod'))).not.toBe(id);
  });

  it('lists the group-kinds of the k3d output sorted, each once, core kinds without a group', () => {
    expect(containsGroupKinds(synth({ platforms: ['k3d'] }) as K8sObject[])).toBe(
      'ConfigMap,Deployment.apps,HorizontalPodAutoscaler.autoscaling,PodMonitor.monitoring.coreos.com,Service,ServiceMonitor.monitoring.coreos.com,StatefulSet.apps',
    );
  });

  it('lists the namespaces other than the parent one', () => {
    expect(additionalNamespaces([cm('a', {}, 'afc'), cm('b', {}, 'monitoring'), cm('c', {}, 'monitoring')], 'afc')).toBe('monitoring');
    expect(additionalNamespaces([cm('a')], 'afc')).toBe('');
  });

  it('prunes only labelled members of this set, of listed kinds and namespaces, that are no longer applied', () => {
    const id = applySetId(parentFor('afc', 'afc'));
    const other = applySetId(parentFor('other', 'afc'));
    const live = [
      cm('kept', { [LABEL_PART_OF]: id }),
      cm('gone', { [LABEL_PART_OF]: id }),
      cm('foreign'),
      cm('look-alike', { 'app.kubernetes.io/instance': 'afc', 'app.kubernetes.io/managed-by': 'afc' }),
      cm('other-release', { [LABEL_PART_OF]: other }),
      cm('elsewhere', { [LABEL_PART_OF]: id }, 'kube-system'),
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'unlisted-kind', namespace: 'afc', labels: { [LABEL_PART_OF]: id } } },
    ];
    const pruned = pruneSet(live, new Set([objectKey(cm('kept'))]), { id, groupKinds: new Set(['ConfigMap']), namespaces: new Set(['afc']) }, (o) => objectKey(o));
    expect(pruned.map((o) => o.metadata.name)).toEqual(['gone']);
  });
});
