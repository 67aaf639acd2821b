// Each OpenAFC 1.0.x version's k3d+http+fake-secrets output against the testbed's kube-apiserver with
// the External Secrets (v0.16.2: ExternalSecret, ClusterSecretStore) and prometheus-operator CRDs
// installed: a strict server-side dry run accepts every object. afc-ext (the outer cluster) too: each
// version's GCP example, and its NetworkPolicies with an egress range and a renamed store.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlainObjects } from '../src/synth/plain.js';
import { toYamlStream } from '../src/kit/yaml.js';
import { upstreamValuesFiles } from '../test/support/openafc-upstream.js';
import { createNamespace, kubectl } from './testbed.js';

const ESO_CRDS = ['crds/external-secrets-v0.16.2-externalsecrets.yaml', 'crds/external-secrets-v0.16.2-clustersecretstores.yaml'];

let ns: string;
beforeAll(async () => {
  for (const crd of ESO_CRDS) await kubectl(['apply', '--server-side', '--field-manager=afc-e2e', '-f', crd]);
  // kubectl wait fails while a new CRD has no conditions yet: poll for Established instead.
  for (const crd of ['externalsecrets.external-secrets.io', 'clustersecretstores.external-secrets.io']) {
    for (let i = 0; ; i++) {
      const status = await kubectl(['get', 'crd', crd, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']);
      if (status.trim() === 'True') break;
      if (i >= 60) throw new Error(`CRD ${crd} not Established after 60 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  ns = await createNamespace('e2e-openafc');
}, 120_000);
afterAll(async () => {
  if (!ns) return;
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

const dryRun = (yaml: string): Promise<string> =>
  kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], { input: yaml });

describe('kubectl apply --server-side --dry-run=server --validate=strict of the 1.0.x versions', () => {
  for (const [version, id] of [['1.0.1.0', '1.0.1.0'], ['1.0.3.0', '1.0.3.0'], ['main', '717d3491']] as const) {
    it(`accepts ${version} k3d+http+fake-secrets, ExternalSecrets and the ClusterSecretStore included`, async () => {
      const objects = synthPlainObjects({ openafc: version, valuesFiles: upstreamValuesFiles(id, ['k3d', 'http', 'fake-secrets']) });
      const out = await dryRun(toYamlStream(objects));
      expect(out.trim().split('\n')).toHaveLength(objects.length);
      expect(out).toMatch(/externalsecret\.external-secrets\.io\/ratdb-password serverside-applied \(server dry run\)/);
      expect(out).toMatch(/clustersecretstore\.external-secrets\.io\/secret-store serverside-applied \(server dry run\)/);
      expect(out).toMatch(/deployment\.apps\/afcserver serverside-applied \(server dry run\)/);
    });
  }

  it('accepts the external-secrets.io/v1 objects of externalSecretsApiVersion (ESO >= 0.17; v0.16.2 serves both)', async () => {
    const objects = synthPlainObjects({ openafc: 'main', valuesFiles: upstreamValuesFiles('717d3491', ['k3d', 'http', 'fake-secrets']), sets: ['externalSecretsApiVersion=external-secrets.io/v1'] });
    const out = await dryRun(toYamlStream(objects.filter((o) => o.apiVersion === 'external-secrets.io/v1')));
    expect(out).toMatch(/externalsecret\.external-secrets\.io\/server-cert serverside-applied \(server dry run\)/);
    expect(out).toMatch(/clustersecretstore\.external-secrets\.io\/secret-store serverside-applied \(server dry run\)/);
  });

  it('rejects upstream\'s ClusterSecretStore with provider: {} (the defect afc leaves out)', async () => {
    const [store] = synthPlainObjects({ openafc: 'main', valuesFiles: upstreamValuesFiles('717d3491', ['k3d', 'fake-secrets']) }).filter((o) => o.kind === 'ClusterSecretStore');
    const broken = { ...store!, spec: { ...(store!.spec as object), provider: {} } };
    await expect(dryRun(toYamlStream([broken]))).rejects.toThrow(/provider/);
  });
});

describe('kubectl apply --server-side --dry-run=server --validate=strict of afc-ext', () => {
  for (const [version, id] of [['1.0.1.0', '1.0.1.0'], ['1.0.3.0', '1.0.3.0'], ['main', '717d3491']] as const) {
    it(`accepts afc-ext ${version} gcp-example (gcpsm ClusterSecretStore, ExternalSecrets, LoadBalancer Service)`, async () => {
      const objects = synthPlainObjects({ openafc: version, app: 'afc-ext', valuesFiles: upstreamValuesFiles(id, ['gcp-example'], 'afc-ext') });
      const out = await dryRun(toYamlStream(objects));
      expect(out.trim().split('\n')).toHaveLength(objects.length);
      expect(out).toMatch(/clustersecretstore\.external-secrets\.io\/secret-store serverside-applied \(server dry run\)/);
      expect(out).toMatch(/externalsecret\.external-secrets\.io\/server-cert serverside-applied \(server dry run\)/);
      expect(out).toMatch(/deployment\.apps\/dispatcher serverside-applied \(server dry run\)/);
    });
  }

  it('accepts its NetworkPolicies with an egress range, and a renamed store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'afc-ext-e2e-'));
    const np = join(dir, 'np.yaml');
    writeFileSync(np, 'networkPolicies:\n  enabled: true\n  egress: true\n  egressRange: [192.0.2.0/24]\nsecretStores:\n  secret-store:\n    name: ext-secret-store\n');
    const objects = synthPlainObjects({ openafc: 'main', app: 'afc-ext', valuesFiles: [...upstreamValuesFiles('717d3491', ['gcp-example'], 'afc-ext'), np] });
    const out = await dryRun(toYamlStream(objects));
    expect(out).toMatch(/networkpolicy\.networking\.k8s\.io\/dispatcher serverside-applied \(server dry run\)/);
    expect(out).toMatch(/networkpolicy\.networking\.k8s\.io\/afc-ext-default-deny serverside-applied \(server dry run\)/);
    expect(out).toMatch(/clustersecretstore\.external-secrets\.io\/ext-secret-store serverside-applied \(server dry run\)/);
  });
});
