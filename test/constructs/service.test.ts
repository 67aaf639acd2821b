import { describe, expect, it } from 'vitest';
import { at, find, names, synth } from '../support/synth.js';

describe('AfcService', () => {
  it('exists for components with a servicePort, named by host name', () => {
    expect(names(synth(), 'Service')).toEqual([
      'als-kafka', 'bulk-postgres', 'bulk-postgres-headless', 'dispatcher', 'grafana', 'msghnd', 'nginxexporter', 'objst',
      'ratdb', 'ratdb-headless', 'rcache', 'rmq', 'webui',
    ]);
  });

  it('selects the pods of the workload it is given', () => {
    const webui = find(synth(), 'Service', 'webui');
    expect(at(webui, 'spec.selector')).toEqual({
      'app.kubernetes.io/name': 'afc-int',
      'app.kubernetes.io/instance': 'afc',
      'app.kubernetes.io/component': 'rat-server',
    });
    expect(webui.metadata.labels?.['app.kubernetes.io/component']).toBe('rat-server');
  });

  it('renders targetPort only when containerPort is set, and only ports with a servicePort', () => {
    const objects = synth();
    expect(at(find(objects, 'Service', 'msghnd'), 'spec.ports')).toEqual([{ name: 'msghnd', port: 80, targetPort: 8000, protocol: 'TCP' }]);
    expect(at(find(objects, 'Service', 'rmq'), 'spec.ports')).toEqual([{ name: 'amqp', port: 5672, protocol: 'TCP' }]);
  });

  it('renders no nodePort when the service is ClusterIP or LoadBalancer, and nodePorts when NodePort', () => {
    expect(at(find(synth(), 'Service', 'dispatcher'), 'spec')).toMatchObject({ type: 'LoadBalancer' });
    expect(JSON.stringify(at(find(synth(), 'Service', 'dispatcher'), 'spec.ports'))).not.toContain('nodePort');
    expect(at(find(synth({ platforms: ['k3d'] }), 'Service', 'dispatcher'), 'spec.ports')).toEqual([
      { name: 'http', port: 80, nodePort: 30080, protocol: 'TCP' },
      { name: 'https', port: 443, nodePort: 30443, protocol: 'TCP' },
      { name: 'status', port: 8080, protocol: 'TCP' },
    ]);
  });

  it('sets loadBalancerIP when given (gcp)', () => {
    expect(at(find(synth({ platforms: ['gcp'] }), 'Service', 'rmq'), 'spec.loadBalancerIP')).toBe('10.255.128.214');
  });

  it('adds a headless twin for StatefulSets: clusterIP None, no protocol, no nodePort', () => {
    const objects = synth({ sets: ['components.ratdb.serviceType=NodePort'] });
    expect(at(find(objects, 'Service', 'ratdb-headless'), 'spec')).toEqual({
      clusterIP: 'None',
      selector: { 'app.kubernetes.io/name': 'afc-int', 'app.kubernetes.io/instance': 'afc', 'app.kubernetes.io/component': 'ratdb' },
      ports: [{ name: 'ratdb', port: 5432 }],
    });
    expect(at(find(objects, 'Service', 'ratdb'), 'spec.ports')).toEqual([{ name: 'ratdb', port: 5432, nodePort: 31432, protocol: 'TCP' }]);
  });

  it('renders the prometheus Service only as NodePort, in namespace monitoring, selecting prometheus: main', () => {
    expect(synth().filter((o) => o.metadata.name === 'prometheus')).toEqual([]);
    const svc = find(synth({ sets: ['components.prometheus.serviceType=NodePort'] }), 'Service', 'prometheus', 'monitoring');
    expect(svc.spec).toEqual({
      type: 'NodePort',
      selector: { prometheus: 'main' },
      ports: [{ name: 'prometheus', port: 9090, nodePort: 31090, protocol: 'TCP' }],
    });
    expect(svc.metadata.labels?.['app.kubernetes.io/component']).toBe('prometheus');
    expect(svc.metadata).not.toHaveProperty('annotations');
  });
});
