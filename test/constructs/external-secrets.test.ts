/** The External Secrets and Ingress constructs built alone in a bare chart (`Testing.chart()`). */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AfcExternalSecret } from '../../src/constructs/external-secret.js';
import { AfcIngress } from '../../src/constructs/ingress.js';
import { AfcSecretStore } from '../../src/constructs/secret-store.js';
import { synth as apiSynth } from '../../src/api.js';

describe('AfcExternalSecret alone', () => {
  it('renders the store reference, an owned target of its name and the data it is given (v1beta1 by default)', () => {
    const chart = Testing.chart();
    const store = new AfcSecretStore(chart, 'store', { name: 'secret-store', provider: { fake: { data: [] } } });
    new AfcExternalSecret(chart, 'es', { name: 'ratdb-password', store, refreshInterval: '5m', data: [{ secretKey: 'RATDB_PASSWORD', remoteRef: { key: 'ratdb-password' } }] });
    const es = Testing.synth(chart).find((o) => o.kind === 'ExternalSecret');
    expect(es).toEqual({
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ExternalSecret',
      metadata: { name: 'ratdb-password' },
      spec: {
        secretStoreRef: { name: 'secret-store', kind: 'ClusterSecretStore' },
        refreshInterval: '5m',
        target: { name: 'ratdb-password', creationPolicy: 'Owner', deletionPolicy: 'Delete' },
        data: [{ secretKey: 'RATDB_PASSWORD', remoteRef: { key: 'ratdb-password' } }],
      },
    });
  });

  it('renders external-secrets.io/v1, a target template and dataFrom when asked', () => {
    const chart = Testing.chart();
    new AfcExternalSecret(chart, 'es', { name: 'all', store: { name: 's', kind: 'SecretStore' }, dataFromKey: 'remote', template: { type: 'kubernetes.io/dockerconfigjson' }, apiVersion: 'external-secrets.io/v1' });
    const [es] = Testing.synth(chart);
    expect(es.apiVersion).toBe('external-secrets.io/v1');
    expect(es.spec).toEqual({ secretStoreRef: { name: 's', kind: 'SecretStore' }, target: { name: 'all', creationPolicy: 'Owner', deletionPolicy: 'Delete', template: { type: 'kubernetes.io/dockerconfigjson' } }, dataFrom: [{ key: 'remote' }] });
  });

  it('refuses neither or both of data and dataFromKey', () => {
    expect(() => new AfcExternalSecret(Testing.chart(), 'es', { name: 'x', store: { name: 's', kind: 'ClusterSecretStore' } })).toThrow(/ExternalSecret "x": give exactly one of data and dataFromKey/);
  });
});

describe('AfcSecretStore alone', () => {
  it('is a ClusterSecretStore without a namespace and a SecretStore with one', () => {
    const chart = Testing.chart();
    new AfcSecretStore(chart, 'c', { name: 'cluster', provider: { gcpsm: { projectID: 'p' } }, refreshInterval: 300 });
    new AfcSecretStore(chart, 'n', { name: 'ns', namespace: 'afc', provider: { fake: { data: [] } } });
    const [c, n] = Testing.synth(chart);
    expect(c).toEqual({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ClusterSecretStore', metadata: { name: 'cluster' }, spec: { refreshInterval: 300, provider: { gcpsm: { projectID: 'p' } } } });
    expect(n.kind).toBe('SecretStore');
    expect(n.metadata.namespace).toBe('afc');
  });

  it('refuses a provider clause that names no provider (the CRD rejects provider: {})', () => {
    expect(() => new AfcSecretStore(Testing.chart(), 's', { name: 'secret-store', provider: {} })).toThrow(/secret store "secret-store": its provider must name exactly one provider \(fake, gcpsm, \.\.\.\), not none/);
  });
});

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

describe('the API with openafc', () => {
  it("synth({ openafc: '1.0.3.0' }) gives that version's objects and its warnings", () => {
    const warnings: string[] = [];
    const objects = apiSynth({ openafc: '1.0.3.0', platforms: ['k3d', 'no_secrets'], onWarning: (w) => warnings.push(w) });
    expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'afcserver')).toBe(true);
    expect(objects.some((o) => o.kind === 'ConfigMap')).toBe(false);
    expect(warnings[0]).toMatch(/^OpenAFC 1\.0\.3\.0: no image tag given/);
    expect(() => apiSynth({ openafc: '1.0.3.0', platforms: [{ description: 'x', values: {} }] })).toThrow(/own Platform objects apply to OpenAFC fc912b4a only/);
  });
});
