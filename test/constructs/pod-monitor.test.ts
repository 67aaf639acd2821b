import { describe, expect, it } from 'vitest';
import { find, names, synth } from '../support/synth.js';

describe('AfcPodMonitor', () => {
  it('exists for each component with metrics', () => {
    expect(names(synth(), 'PodMonitor')).toEqual(['als-siphon', 'msghnd', 'nginxexporter', 'rmq', 'uls-downloader']);
  });

  it('selects the workload pods and scrapes its named port with the metrics entry', () => {
    const rmq = find(synth(), 'PodMonitor', 'rmq');
    expect(rmq.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rmq.spec).toEqual({
      selector: { matchLabels: { 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/instance': 'afc', 'app.kubernetes.io/component': 'rmq' } },
      podMetricsEndpoints: [{ port: 'metrics', path: '/metrics/detailed', params: { vhost: ['fbrat', 'rcache'], family: ['queue_coarse_metrics'] } }],
    });
  });
});

describe('AfcServiceMonitor', () => {
  it('has the fixed kubelet endpoints', () => {
    const sm = find(synth(), 'ServiceMonitor', 'kubelet');
    expect(sm.spec).toMatchObject({
      jobLabel: 'kubelet',
      namespaceSelector: { matchNames: ['kube-system'] },
      selector: { matchLabels: { 'k8s-app': 'kubelet' } },
    });
    expect((sm.spec as { endpoints: unknown[] }).endpoints).toHaveLength(2);
  });
});
