/** AfcExternalSecret built alone in a bare chart (`Testing.chart()`). */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AfcExternalSecret } from '../../src/constructs/external-secret.js';
import { AfcSecretStore } from '../../src/constructs/secret-store.js';

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
