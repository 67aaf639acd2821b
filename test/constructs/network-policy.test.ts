import { describe, expect, it } from 'vitest';
import { at, find, names, synth } from '../support/synth.js';

const on = ['networkPolicies.enabled=true'];
const selector = (component: string) => ({
  'app.kubernetes.io/name': 'afc-int',
  'app.kubernetes.io/instance': 'afc',
  'app.kubernetes.io/component': component,
});

describe('AfcNetworkPolicies', () => {
  it('renders nothing when networkPolicies.enabled is off (the default)', () => {
    expect(names(synth(), 'NetworkPolicy')).toEqual([]);
    expect(names(synth({ platforms: ['k3d', 'gcp'] }), 'NetworkPolicy')).toEqual([]);
  });

  it('renders a default-deny policy for the release and one policy per component with inbound edges', () => {
    const objects = synth({ sets: on });
    expect(names(objects, 'NetworkPolicy')).toEqual([
      'afc-int-default-deny', 'als-kafka', 'als-siphon', 'bulk-postgres', 'dispatcher', 'dispatcher-outside', 'msghnd',
      'nginxexporter', 'objst', 'rat-server', 'ratdb', 'rcache', 'rmq', 'uls-downloader',
    ]);
    expect(at(find(objects, 'NetworkPolicy', 'afc-int-default-deny'), 'spec')).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/instance': 'afc' } },
      policyTypes: ['Ingress'],
    });
  });

  it('selects pods with the labels their Service selects them by, and sources likewise', () => {
    const objects = synth({ sets: on });
    const ratdb = find(objects, 'NetworkPolicy', 'ratdb');
    expect(at(ratdb, 'spec.podSelector.matchLabels')).toEqual(at(find(objects, 'Service', 'ratdb'), 'spec.selector'));
    expect(at(ratdb, 'spec.ingress')).toEqual(
      ['rat-server', 'msghnd', 'cert-db'].map((c) => ({ from: [{ podSelector: { matchLabels: selector(c) } }], ports: [{ port: 5432, protocol: 'TCP' }] })),
    );
    expect(at(ratdb, 'spec.policyTypes')).toEqual(['Ingress']);
  });

  it('admits the monitoring namespace on the PodMonitor port, by kubernetes.io/metadata.name', () => {
    const rmq = find(synth({ sets: on }), 'NetworkPolicy', 'rmq');
    expect((at(rmq, 'spec.ingress') as unknown[]).at(-1)).toEqual({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
      ports: [{ port: 15692, protocol: 'TCP' }],
    });
  });

  it('targets container ports (msghnd: 8000, not the Service port 80)', () => {
    const msghnd = find(synth({ sets: on }), 'NetworkPolicy', 'msghnd');
    expect(JSON.stringify(at(msghnd, 'spec.ingress'))).not.toContain('"port":80,');
    expect(at(msghnd, 'spec.ingress.0.ports')).toEqual([{ port: 8000, protocol: 'TCP' }]);
  });

  it('admits any address to every port of a LoadBalancer or NodePort Service, and none to ClusterIP ones', () => {
    expect(at(find(synth({ sets: on }), 'NetworkPolicy', 'dispatcher-outside'), 'spec.ingress')).toEqual([
      {
        from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
        ports: [80, 443, 8080].map((port) => ({ port, protocol: 'TCP' })),
      },
    ]);
    const objects = synth({ sets: [...on, 'components.dispatcher.serviceType=ClusterIP', 'components.grafana.serviceType=NodePort'] });
    expect(names(objects, 'NetworkPolicy').filter((n) => n.endsWith('-outside'))).toEqual(['grafana-outside']);
  });

  it('drops the policies of components an overlay disables (gcp: ratdb, bulk_postgres)', () => {
    const list = names(synth({ platforms: ['gcp'], sets: on }), 'NetworkPolicy');
    expect(list).not.toContain('ratdb');
    expect(list).not.toContain('bulk-postgres');
  });

  it('restricts egress when asked: DNS, the graph edges, the declared external egress', () => {
    const objects = synth({ sets: [...on, 'networkPolicies.egress=true'] });
    expect(at(find(objects, 'NetworkPolicy', 'afc-int-default-deny'), 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
    const uls = find(objects, 'NetworkPolicy', 'uls-downloader');
    expect(at(uls, 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
    expect(at(uls, 'spec.egress')).toEqual([
      {
        to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
        ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
      },
      { to: [{ podSelector: { matchLabels: selector('rmq') } }], ports: [{ port: 5672, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: selector('msghnd') } }], ports: [{ port: 8000, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: selector('bulk-postgres') } }], ports: [{ port: 5432, protocol: 'TCP' }] },
      { to: [{ podSelector: { matchLabels: selector('rcache') } }], ports: [{ port: 8000, protocol: 'TCP' }] },
      { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [25, 443, 465, 587].map((port) => ({ port, protocol: 'TCP' })) },
    ]);
    // grafana reaches prometheus in its namespace, by the labels of prometheus-operator's pods
    expect((at(find(objects, 'NetworkPolicy', 'grafana'), 'spec.egress') as unknown[]).at(-1)).toEqual({
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }, podSelector: { matchLabels: { prometheus: 'main' } } }],
      ports: [{ port: 9090, protocol: 'TCP' }],
    });
    // with egress restricted, components without inbound edges get a policy too (worker: egress only,
    // no ingress rule: its policyTypes Ingress denies all)
    expect(at(find(objects, 'NetworkPolicy', 'worker'), 'spec.ingress')).toBeUndefined();
    expect(at(find(objects, 'NetworkPolicy', 'worker'), 'spec.policyTypes')).toEqual(['Ingress', 'Egress']);
  });
});
