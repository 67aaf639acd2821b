import { describe, expect, it } from 'vitest';
import { synth, find } from '../support/synth.js';

describe('labels', () => {
  it('gives every object the chart label set, with managed-by naming this tool in plain output', () => {
    const objects = synth();
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'helm.sh/chart': 'afc-int-0.0.0',
        'app.kubernetes.io/name': 'afc-int',
        'app.kubernetes.io/instance': 'afc',
        'app.kubernetes.io/version': 'brcm-3.8.14.0.1',
        'app.kubernetes.io/managed-by': 'afc',
      });
    }
  });

  it('puts the component label on everything but ConfigMaps', () => {
    for (const o of synth()) {
      const component = o.metadata.labels?.['app.kubernetes.io/component'];
      if (o.kind === 'ConfigMap') expect(component).toBeUndefined();
      else expect(component).toMatch(/^[a-z0-9-]+$/);
    }
  });

  it('omits the instance label for the release "release-name", like helm template', () => {
    const objects = synth({ release: 'release-name' });
    for (const o of objects) expect(o.metadata.labels).not.toHaveProperty(['app.kubernetes.io/instance']);
    expect(find(objects, 'Deployment', 'rmq').spec).toMatchObject({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/component': 'rmq' } },
    });
  });

  it('uses rfc1123 of appNameOverride as the name label', () => {
    const rmq = find(synth({ sets: ['appNameOverride=My_App'] }), 'Deployment', 'rmq');
    expect(rmq.metadata.labels?.['app.kubernetes.io/name']).toBe('my-app');
  });

  it('labels the cadvisor ServiceMonitor as component cadvisor, without the original stray label', () => {
    const sm = find(synth(), 'ServiceMonitor', 'kubelet');
    expect(sm.metadata.labels).toMatchObject({ app: 'kubelet', 'app.kubernetes.io/component': 'cadvisor' });
    expect(sm.metadata.labels).not.toHaveProperty('labels');
  });
});
