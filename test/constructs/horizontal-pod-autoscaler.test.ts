import { describe, expect, it } from 'vitest';
import { at, find, synth } from '../support/synth.js';

describe('AfcHorizontalPodAutoscaler', () => {
  it('scales the worker Deployment between minReplicas (default 1) and maxReplicas on the external metric', () => {
    const hpa = find(synth(), 'HorizontalPodAutoscaler', 'worker');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'worker' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        { type: 'External', external: { metric: { name: 'active_engine_requests_msghnd' }, target: { type: 'AverageValue', averageValue: '1700m' } } },
      ],
    });
  });

  it('renders behavior when set and takes the bounds from the values', () => {
    const hpa = find(
      synth({ sets: ['components.worker.hpa.minReplicas=2', 'components.worker.hpa.maxReplicas=4', 'components.worker.hpa.behavior.scaleDown.stabilizationWindowSeconds=300'] }),
      'HorizontalPodAutoscaler',
      'worker',
    );
    expect(at(hpa, 'spec.minReplicas')).toBe(2);
    expect(at(hpa, 'spec.maxReplicas')).toBe(4);
    expect(at(hpa, 'spec.behavior')).toEqual({ scaleDown: { stabilizationWindowSeconds: 300 } });
  });

  it('capitalises the metric key into the metric type', () => {
    const hpa = find(
      synth({ valuesFiles: ['test/fixtures/overlays/hpa-resource.yaml'] }),
      'HorizontalPodAutoscaler',
      'worker',
    );
    expect(at(hpa, 'spec.metrics')).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }]);
  });
});
