/** AfcSecretStore built alone in a bare chart (`Testing.chart()`). */
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AfcSecretStore } from '../../src/constructs/secret-store.js';

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
