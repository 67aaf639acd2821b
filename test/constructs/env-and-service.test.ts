/** The fields the 1.0.x model added to the workload and Service constructs (env lists, secret volumes, annotations), built alone. */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';

describe('env lists and secret mounts on a workload, alone', () => {
  it('renders the env list in order, beside the volumes it mounts (a secret as a volume)', async () => {
    const { AfcDeployment } = await import('../../src/constructs/deployment.js');
    const chart = Testing.chart();
    new AfcDeployment(chart, 'd', {
      name: 'rcache',
      selectorLabels: { app: 'rcache' },
      image: 'repo/rcache:1',
      env: [
        { name: 'RCACHE_POSTGRES_PASSWORD_FILE', value: '/secrets/rcache-db-password/RCACHE_DB_PASSWORD' },
        { name: 'AFC_DEVEL_ENV', value: 'production' },
      ],
      volumes: [{ name: 'rcache-db-password-secret', mountPath: '/secrets/rcache-db-password', source: { secret: { secretName: 'rcache-db-password' } } }],
    });
    const [d] = Testing.synth(chart);
    const container = d.spec.template.spec.containers[0];
    expect(container.env).toEqual([
      { name: 'RCACHE_POSTGRES_PASSWORD_FILE', value: '/secrets/rcache-db-password/RCACHE_DB_PASSWORD' },
      { name: 'AFC_DEVEL_ENV', value: 'production' },
    ]);
    expect(container.envFrom).toBeUndefined();
    expect(container.volumeMounts).toEqual([{ name: 'rcache-db-password-secret', mountPath: '/secrets/rcache-db-password' }]);
    expect(d.spec.template.spec.volumes).toEqual([{ name: 'rcache-db-password-secret', secret: { secretName: 'rcache-db-password' } }]);
  });

  it('renders no env key without an env list', async () => {
    const { AfcDeployment } = await import('../../src/constructs/deployment.js');
    const chart = Testing.chart();
    new AfcDeployment(chart, 'd', { name: 'x', selectorLabels: { app: 'x' }, image: 'i:1', env: [] });
    expect(Testing.synth(chart)[0].spec.template.spec.containers[0]).not.toHaveProperty('env');
  });
});

describe('Service annotations, loadBalancerIP and appProtocol, alone', () => {
  it('puts the annotations on the Service and its headless twin, and the address and protocol hint where given', async () => {
    const { AfcService } = await import('../../src/constructs/service.js');
    const chart = Testing.chart();
    new AfcService(chart, 's', {
      name: 'rmq',
      selector: { selectorLabels: { app: 'rmq' } },
      type: 'LoadBalancer',
      loadBalancerIP: '192.0.2.11',
      annotations: { 'networking.gke.io/load-balancer-type': 'Internal' },
      headless: true,
      ports: [{ name: 'amqp', port: 5672, appProtocol: 'amqp' }],
    });
    const [headless, service] = Testing.synth(chart);
    expect(service.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(headless.metadata.annotations).toEqual({ 'networking.gke.io/load-balancer-type': 'Internal' });
    expect(service.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerIP: '192.0.2.11', ports: [{ name: 'amqp', port: 5672, appProtocol: 'amqp', protocol: 'TCP' }] });
    expect(headless.spec.ports).toEqual([{ name: 'amqp', port: 5672, appProtocol: 'amqp' }]);
  });
});
