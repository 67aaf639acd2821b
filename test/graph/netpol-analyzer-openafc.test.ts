/**
 * The NetworkPolicies of the 1.0.x versions, checked by the independent analyzer as fc912b4a's are
 * (test/graph/netpol-analyzer.test.ts): np-guard's netpol-analyzer lists the connections the
 * synthesized policies allow, which must be exactly the edges of `afc graph --openafc V`, for each
 * version with k3d, k3d+msghnd (the request service moves to msghnd) and k3d+no_secrets, egress
 * unrestricted and restricted. Prometheus and cluster DNS are stand-ins (test/fixtures/np-guard).
 */
import { describe, expect, it } from 'vitest';
import { openafcVersion } from '../../platforms/versions.js';
import { openafcDependencyGraph } from '../../src/model/openafc/graph.js';
import { openafcValues, synthPlainYaml } from '../../src/synth/plain.js';
import { connectionLines, expectedLines, netpolicyList, oursOnly } from '../support/np-guard.js';

const VERSIONS = ['1.0.1.0', '1.0.3.0', 'main'] as const;
const combos = [['k3d'], ['k3d', 'msghnd'], ['k3d', 'no_secrets']];

const diff = (expected: readonly string[], actual: readonly string[]): string[] => [
  ...expected.filter((l) => !actual.includes(l)).map((l) => `- missing: ${l}`),
  ...actual.filter((l) => !expected.includes(l)).map((l) => `+ extra:   ${l}`),
];

for (const openafc of VERSIONS) {
  describe(`netpol-analyzer on the NetworkPolicies of OpenAFC ${openafc}`, () => {
    const version = openafcVersion(openafc);
    if (version.model !== '1.0') throw new Error(`${openafc} is not a 1.0.x version`);

    it('renders none unless networkPolicies.enabled is set (every pair connected)', () => {
      const yaml = synthPlainYaml({ openafc, platforms: ['k3d'] });
      expect(yaml).not.toContain('kind: NetworkPolicy');
      const lines = connectionLines(netpolicyList(yaml));
      expect(lines).toContain('default/dispatcher[Deployment] => default/afcserver[Deployment] : All Connections');
    });

    for (const egress of [false, true]) {
      it(`allows exactly the graph's edges (egress ${egress ? 'restricted' : 'unrestricted'})`, () => {
        const failures: string[] = [];
        let checked = 0;
        for (const platforms of combos) {
          const sets = ['networkPolicies.enabled=true', `networkPolicies.egress=${egress}`];
          const graph = openafcDependencyGraph(openafcValues({ platforms, sets }, version).values);
          const ours = new Set(graph.nodes.filter((n) => !n.external).map((n) => `default/${n.name}[${n.kind}]`));
          const actual = oursOnly(connectionLines(netpolicyList(synthPlainYaml({ openafc, platforms, sets }))), ours);
          const d = diff(expectedLines(graph), actual);
          if (d.length > 0) failures.push(`[${platforms.join(',')}]`, ...d);
          checked += actual.length;
          // The request service: the dispatcher reaches it on its container port, whichever it is.
          const service = platforms.includes('msghnd') ? 'msghnd' : 'afcserver';
          expect(actual, platforms.join(',')).toContain(`default/dispatcher[Deployment] => default/${service}[Deployment] : TCP 8000`);
          expect(actual.some((l) => l.startsWith('default/dispatcher[Deployment] => default/rat-server[Deployment] : TCP 80'))).toBe(true);
          // Default deny: the worker does not connect to the request service, so it cannot reach it.
          expect(actual.filter((l) => l.startsWith(`default/worker[Deployment] => default/${service}[`))).toEqual([]);
        }
        expect(failures.join('\n')).toBe('');
        expect(checked).toBeGreaterThan(combos.length * 40);
      }, 60_000);
    }
  });
}
