import { describe, expect, it } from 'vitest';
import { pruneSet, LABEL_PART_OF } from '../../src/kit/applyset.js';
import { CLUSTER_SCOPED, desiredObjects } from '../../src/cluster/desired.js';
import { preflightProblems, unrenderedReferences, type ClusterFacts } from '../../src/cluster/preflight.js';
import {
  credentialRefs,
  externalSecretsByTarget,
  fakeKeys,
  missingSecretLine,
  mountedSecrets,
  neededCredentials,
  secretProblems,
  storeOf,
  storeTypeArg,
  unproducedSecrets,
  unrenderedStores,
  type SecretFacts,
} from '../../src/cluster/secrets.js';
import { objectKey, type K8sObject } from '../../src/kit/objects.js';
import { upstreamValuesFiles } from '../support/openafc-upstream.js';
import { find, synth } from '../support/synth.js';

const ns = 'afc';
const fakeSecrets = synth({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', ['k3d', 'http', 'fake-secrets']), namespace: ns });
const noStore = synth({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', ['k3d', 'http']), namespace: ns });
const gcp = synth({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', ['gcp-example']), namespace: ns });
const none: SecretFacts = { secrets: new Set(), liveStores: new Map() };
const ready: ClusterFacts = {
  context: 'testbed',
  serverVersion: 'v1.34.4',
  namespaceExists: true,
  crds: new Set(['podmonitors.monitoring.coreos.com', 'servicemonitors.monitoring.coreos.com']),
  namespaceObjects: new Set(),
  defaultStorageClass: true,
  nodePorts: new Map(),
  helmReleases: new Set(),
};

describe('the Secrets the pods mount', () => {
  it('lists every mounted Secret once, with its first workload, and each comes from a rendered ExternalSecret', () => {
    const mounted = mountedSecrets(fakeSecrets, ns);
    expect(mounted.length).toBe(20);
    expect(mounted.find((m) => m.name === 'ratdb-password')).toEqual({ name: 'ratdb-password', user: 'Deployment afc/afcserver' });
    const byTarget = externalSecretsByTarget(fakeSecrets, ns);
    expect(mounted.filter((m) => !byTarget.has(m.name))).toEqual([]);
    expect(unproducedSecrets(fakeSecrets, ns)).toEqual([]);
    // Nothing of them is asked of the cluster by name: they are checked through their store.
    expect(unrenderedReferences(fakeSecrets, ns)).toEqual([]);
  });

  it('passes k3d + fake secrets with nothing in the cluster: the store is rendered and holds every key', () => {
    expect(secretProblems(fakeSecrets, none, ns)).toEqual([]);
    expect(preflightProblems(fakeSecrets, ready, { namespace: ns, release: 'afc' })).toEqual([]);
    expect(unrenderedStores(fakeSecrets, ns)).toEqual([]);
    expect(fakeKeys(find(fakeSecrets, 'ClusterSecretStore', 'secret-store', ns))?.has('server-cert-pem')).toBe(true);
  });

  it('says once that the store is neither rendered nor live, naming the Secret, the pod and the fix', () => {
    expect(unrenderedStores(noStore, ns)).toEqual([{ kind: 'ClusterSecretStore', name: 'secret-store', namespace: undefined, apiVersion: 'external-secrets.io/v1beta1' }]);
    expect(storeTypeArg(unrenderedStores(noStore, ns)[0]!)).toBe('clustersecretstore.v1beta1.external-secrets.io');
    expect(preflightProblems(noStore, ready, { namespace: ns, release: 'afc' })).toEqual([
      'Secret "als-db-password" (mounted by Deployment afc/als-siphon) comes from ExternalSecret "als-db-password", whose ClusterSecretStore "secret-store" is neither rendered nor in the cluster: give it in the values (secretStores.secret-store, e.g. the upstream fake-secrets.yaml) or create it',
    ]);
    // A live store (not one of this release's set: apply.ts leaves those out, they are pruned) will do.
    const live = find(fakeSecrets, 'ClusterSecretStore', 'secret-store', ns);
    expect(secretProblems(noStore, { secrets: new Set(), liveStores: new Map([['ClusterSecretStore/secret-store', live]]) }, ns)).toEqual([]);
  });

  it('names a key the rendered fake store lacks; a live fake store is left to --wait', () => {
    const store = find(fakeSecrets, 'ClusterSecretStore', 'secret-store', ns);
    const spec = store.spec as { provider: { fake: { data: { key: string }[] } } };
    const without = { ...store, spec: { provider: { fake: { data: spec.provider.fake.data.filter((d) => d.key !== 'google-apikey') } } } } as K8sObject;
    const objects = fakeSecrets.map((o) => (o === store ? without : o));
    expect(secretProblems(objects, none, ns)).toEqual([
      'Secret "google-apikey" (mounted by Deployment afc/cert-db) comes from ExternalSecret "google-apikey", whose key "google-apikey" the fake ClusterSecretStore "secret-store" does not hold (External Secrets makes no Secret then): add it to the store\'s data (secretStores.secret-store.provider.fake.data)',
    ]);
    expect(secretProblems(noStore, { secrets: new Set(), liveStores: new Map([['ClusterSecretStore/secret-store', without]]) }, ns)).toEqual([]);
  });

  it("checks a gcpsm store's credential Secret by name in the ExternalSecrets' namespace (referent authentication)", () => {
    const store = find(gcp, 'ClusterSecretStore', 'secret-store', ns);
    expect(credentialRefs(store, ns)).toEqual([{ name: 'gcpsm-secret', namespace: ns, path: '.spec.provider.gcpsm.auth.secretRef.secretAccessKeySecretRef' }]);
    expect([...neededCredentials(gcp, ns, new Map()).keys()]).toEqual(['afc/gcpsm-secret']);
    const problems = secretProblems(gcp, none, ns);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Secret "gcpsm-secret" \(the credentials of ClusterSecretStore "secret-store", \.spec\.provider\.gcpsm\.auth\.secretRef\.secretAccessKeySecretRef\) does not exist in namespace "afc", so Secret "[a-z-]+" \(mounted by Deployment afc\/[a-z-]+\) cannot arrive: create it \(kubectl create secret generic gcpsm-secret -n afc --from-file=secret-access-credentials=…\)$/);
    expect(secretProblems(gcp, { secrets: new Set(['afc/gcpsm-secret']), liveStores: new Map() }, ns)).toEqual([]);
    // A reference with its own namespace is read there.
    const elsewhere = { ...store, spec: { provider: { vault: { auth: { tokenSecretRef: { name: 'vault-token', namespace: 'vault', key: 'token' } } } } } } as K8sObject;
    expect(credentialRefs(elsewhere, ns)).toEqual([{ name: 'vault-token', namespace: 'vault', path: '.spec.provider.vault.auth.tokenSecretRef' }]);
  });

  it('defaults a secretStoreRef without a kind to a SecretStore of the ExternalSecret\'s namespace', () => {
    const es = { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'x', namespace: 'afc' }, spec: { secretStoreRef: { name: 'local' } } } as K8sObject;
    expect(storeOf(es, 'other')).toEqual({ kind: 'SecretStore', name: 'local', namespace: 'afc', apiVersion: 'external-secrets.io/v1' });
  });

  it('keeps the fc912b4a preflight as it was (no ExternalSecret: the old line for a missing Secret)', () => {
    const k3d = synth({ platforms: ['k3d'], namespace: ns });
    expect(preflightProblems(k3d, { ...ready, namespaceObjects: new Set() }, { namespace: ns, release: 'afc' })).toEqual([
      'Secret "notifier-mail" (used by Deployment afc/uls-downloader) does not exist in namespace "afc": create it (kubectl create secret generic notifier-mail -n afc …), or use --platform no_secrets (uls_downloader without the mail notifier)',
    ]);
  });
});

describe('--wait and the mounted Secrets', () => {
  const es = externalSecretsByTarget(fakeSecrets, ns).get('google-apikey')!;
  const m = { name: 'google-apikey', user: 'Deployment afc/cert-db' };
  const withReady = (status: string, reason: string, message: string): K8sObject => ({ ...es, status: { conditions: [{ type: 'Ready', status, reason, message }] } });

  it('is final when the ExternalSecret is Ready without its Secret (SecretDeleted)', () => {
    expect(missingSecretLine(m, ns, es, withReady('True', 'SecretDeleted', 'secret deleted due to DeletionPolicy=Delete'))).toEqual({
      line: 'Secret "google-apikey" (mounted by Deployment afc/cert-db) does not exist after the wait: ExternalSecret "google-apikey" is Ready (SecretDeleted: secret deleted due to DeletionPolicy=Delete), so its store has no value for "google-apikey" (with deletionPolicy Delete External Secrets makes no Secret then): add the key to the store',
      final: true,
    });
  });

  it('keeps waiting on an ExternalSecret not Ready yet, and names the controller when it has no condition', () => {
    expect(missingSecretLine(m, ns, es, withReady('False', 'SecretSyncedError', 'could not get secret data from provider'))).toEqual({
      line: 'Secret "google-apikey" (mounted by Deployment afc/cert-db) does not exist after the wait: ExternalSecret "google-apikey" is not Ready (SecretSyncedError: could not get secret data from provider): see kubectl describe externalsecret google-apikey -n afc',
      final: false,
    });
    expect(missingSecretLine(m, ns, es, es).line).toMatch(/is not Ready \(no Ready condition yet: is the External Secrets controller running\?\)/);
    expect(missingSecretLine(m, ns, undefined, undefined)).toEqual({ line: 'Secret "google-apikey" (mounted by Deployment afc/cert-db) does not exist after the wait: create it (kubectl create secret generic google-apikey -n afc …)', final: false });
  });
});

describe('cluster-scoped members of the namespaced set', () => {
  it('drops the namespace synth --namespace puts on the ClusterSecretStore (the server has none)', () => {
    const objects = desiredObjects({ openafc: '1.0.3.0', platform: ['k3d', 'http'], values: upstreamValuesFiles('1.0.3.0', ['fake-secrets']), release: 'afc' } as never, ns);
    const store = objects.find((o) => o.kind === 'ClusterSecretStore')!;
    expect(store.metadata.namespace).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'ExternalSecret').every((o) => o.metadata.namespace === ns)).toBe(true);
    expect([...CLUSTER_SCOPED]).toContain('ClusterSecretStore.external-secrets.io');
  });

  it('prunes a cluster-scoped member by its part-of label only, as kubectl does', () => {
    const store = (name: string, set?: string): K8sObject => ({ apiVersion: 'external-secrets.io/v1beta1', kind: 'ClusterSecretStore', metadata: { name, labels: set ? { [LABEL_PART_OF]: set } : {} } });
    const live = [store('ours', 'applyset-a-v1'), store('another-release', 'applyset-b-v1'), store('foreign')];
    const pruned = pruneSet(live, new Set(), { id: 'applyset-a-v1', groupKinds: new Set(['ClusterSecretStore.external-secrets.io']), namespaces: new Set(['afc']) }, (o) => objectKey(o));
    expect(pruned.map((o) => o.metadata.name)).toEqual(['ours']);
  });
});
