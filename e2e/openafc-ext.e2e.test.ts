// afc-ext (the outer cluster) of each OpenAFC 1.0.x version against the testbed's kube-apiserver with
// the External Secrets v0.16.2 CRDs: a strict server-side dry run accepts every object of the GCP
// example (its gcpsm ClusterSecretStore, the ExternalSecrets, the LoadBalancer Service) and of its
// NetworkPolicies with a restricted egress range.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthPlainObjects } from '../src/synth/plain.js';
import { toYamlStream } from '../src/synth/yaml.js';
import { upstreamValuesFiles } from '../test/support/openafc-upstream.js';
import { createNamespace, kubectl } from './testbed.js';

const ESO_CRDS = ['crds/external-secrets-v0.16.2-externalsecrets.yaml', 'crds/external-secrets-v0.16.2-clustersecretstores.yaml'];

let ns: string;
beforeAll(async () => {
  for (const crd of ESO_CRDS) await kubectl(['apply', '--server-side', '--field-manager=afc-e2e', '-f', crd]);
  for (const crd of ['externalsecrets.external-secrets.io', 'clustersecretstores.external-secrets.io']) {
    for (let i = 0; ; i++) {
      const status = await kubectl(['get', 'crd', crd, '-o', 'jsonpath={.status.conditions[?(@.type=="Established")].status}']);
      if (status.trim() === 'True') break;
      if (i >= 60) throw new Error(`CRD ${crd} not Established after 60 s`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  ns = await createNamespace('e2e-openafc-ext');
}, 120_000);
afterAll(async () => {
  if (!ns) return;
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

const dryRun = (yaml: string): Promise<string> =>
  kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], { input: yaml });

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
