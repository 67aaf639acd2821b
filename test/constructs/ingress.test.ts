/** AfcIngress built alone in a bare chart (`Testing.chart()`). */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AfcIngress } from '../../src/constructs/ingress.js';

describe('AfcIngress alone', () => {
  it('routes each path to a port of the Service it is given, class nginx by default', () => {
    const chart = Testing.chart();
    new AfcIngress(chart, 'i', { name: 'afcserver', annotations: { a: '1' }, service: { name: 'afcserver' }, paths: [{ path: '/x', port: 80 }, { path: '/y', pathType: 'Exact', port: 81 }] });
    const [i] = Testing.synth(chart);
    expect(i).toEqual({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'afcserver', annotations: { a: '1' } },
      spec: {
        ingressClassName: 'nginx',
        rules: [{ http: { paths: [
          { path: '/x', pathType: 'Prefix', backend: { service: { name: 'afcserver', port: { number: 80 } } } },
          { path: '/y', pathType: 'Exact', backend: { service: { name: 'afcserver', port: { number: 81 } } } },
        ] } }],
      },
    });
  });

  it('refuses an Ingress without paths', () => {
    expect(() => new AfcIngress(Testing.chart(), 'i', { name: 'x', service: { name: 'x' }, paths: [] })).toThrow(/Ingress "x": give at least one path/);
  });
});
