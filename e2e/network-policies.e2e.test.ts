// The NetworkPolicies against a real kube-apiserver (the testbed): server-side dry-run with strict field
// validation for every platform combination (egress unrestricted and restricted), then a real apply
// whose policies read back with every field we set. The testbed has no CNI plugin, so nothing
// enforces them: this checks that the API server accepts them as written, not the traffic they allow
// (netpol-analyzer does that in test/graph/netpol-analyzer.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformCombinations } from '../src/synth/command.js';
import { synthPlainObjects } from '../src/synth/plain.js';
import { toYamlStream } from '../src/kit/yaml.js';
import { missingFields } from './fields.js';
import { createNamespace, kubectl } from './testbed.js';

const OPENAFC_VERSIONS = ['1.0.1.0', '1.0.3.0', 'main'];
const COMBINATIONS = [...platformCombinations(['k3d', 'gcp', 'http', 'no_secrets']), ['minikube']];
const policies = (platforms: string[], egress: boolean) =>
  synthPlainObjects({ platforms, sets: ['networkPolicies.enabled=true', `networkPolicies.egress=${egress}`] }).filter((o) => o.kind === 'NetworkPolicy');

let ns: string;
beforeAll(async () => {
  ns = await createNamespace('e2e-netpol');
});
afterAll(async () => {
  if (ns) await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

describe('NetworkPolicies on the API server (no CNI: accepted and stored, not enforced)', () => {
  for (const egress of [false, true]) {
    it(`are accepted by a server-side dry-run for all ${COMBINATIONS.length} combinations (egress ${egress ? 'restricted' : 'unrestricted'})`, async () => {
      for (const platforms of COMBINATIONS) {
        const objects = policies(platforms, egress);
        const out = await kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], {
          input: toYamlStream(objects),
        });
        expect([platforms, out.trim().split('\n').length]).toEqual([platforms, objects.length]);
        expect(out).toMatch(/networkpolicy\.networking\.k8s\.io\/afc-int-default-deny serverside-applied \(server dry run\)/);
      }
    }, 120_000);
  }

  it('are stored with every field we set (k3d, egress restricted)', async () => {
    const objects = policies(['k3d'], true);
    await kubectl(['apply', '--server-side', '--validate=strict', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], { input: toYamlStream(objects) });
    const stored = JSON.parse(await kubectl(['get', 'networkpolicies', '-n', ns, '-o', 'json'])) as { items: { metadata: { name: string }; spec: unknown }[] };
    expect(stored.items.map((p) => p.metadata.name).sort()).toEqual(objects.map((o) => o.metadata.name).sort());
    for (const o of objects) {
      const got = stored.items.find((p) => p.metadata.name === o.metadata.name);
      expect([o.metadata.name, missingFields(o.spec, got?.spec)]).toEqual([o.metadata.name, []]);
    }
  });
});

describe('NetworkPolicies of the 1.0.x versions on the API server (accepted and stored, not enforced)', () => {
  const openafcPolicies = (openafc: string, platforms: string[], egress: boolean) =>
    synthPlainObjects({ openafc, platforms, sets: ['networkPolicies.enabled=true', `networkPolicies.egress=${egress}`] }).filter((o) => o.kind === 'NetworkPolicy');

  for (const openafc of OPENAFC_VERSIONS) {
    it(`--openafc ${openafc}: accepted by a server-side dry-run (k3d, k3d+msghnd; egress unrestricted and restricted), stored with every field (k3d, restricted)`, async () => {
      for (const platforms of [['k3d'], ['k3d', 'msghnd']]) {
        for (const egress of [false, true]) {
          const objects = openafcPolicies(openafc, platforms, egress);
          expect(objects.length).toBeGreaterThan(10);
          const out = await kubectl(['apply', '--server-side', '--dry-run=server', '--validate=strict', '--field-manager=afc-e2e', '-n', ns, '-f', '-'], { input: toYamlStream(objects) });
          expect([platforms, egress, out.trim().split('\n').length]).toEqual([platforms, egress, objects.length]);
        }
      }
      const own = await createNamespace(`e2e-netpol-${openafc.replace(/\./g, '')}`);
      try {
        const objects = openafcPolicies(openafc, ['k3d'], true);
        await kubectl(['apply', '--server-side', '--validate=strict', '--field-manager=afc-e2e', '-n', own, '-f', '-'], { input: toYamlStream(objects) });
        const stored = JSON.parse(await kubectl(['get', 'networkpolicies', '-n', own, '-o', 'json'])) as { items: { metadata: { name: string }; spec: unknown }[] };
        expect(stored.items.map((p) => p.metadata.name).sort()).toEqual(objects.map((o) => o.metadata.name).sort());
        for (const o of objects) expect([o.metadata.name, missingFields(o.spec, stored.items.find((p) => p.metadata.name === o.metadata.name)?.spec)]).toEqual([o.metadata.name, []]);
      } finally {
        await kubectl(['delete', 'namespace', own, '--wait=false']).catch(() => undefined);
      }
    }, 120_000);
  }
});
