/**
 * The NetworkPolicies, checked by an independent analyzer: np-guard's netpol-analyzer v1.3.1 (built from
 * the Go module proxy by scripts/install-np-guard.sh, which `npm test` runs) lists the connections the
 * synthesized policies allow; they must be exactly the dependency graph's edges, for every combination
 * of k3d/gcp/http/no_secrets and for minikube, with egress unrestricted and restricted.
 * Pods the release does not create (prometheus, cluster DNS) are stand-ins: test/fixtures/np-guard.
 */
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../platforms/index.js';
import { dependencyGraph, resolveValues } from '../../src/model/index.js';
import { platformCombinations } from '../../src/synth/command.js';
import { synthPlainYaml } from '../../src/synth/plain.js';
import { connectionLines, expectedLines, netpolicyList, oursOnly } from '../support/np-guard.js';

const combos = [...platformCombinations(['k3d', 'gcp', 'http', 'no_secrets']), ['minikube']];

/** Lines only in `a`, prefixed `-`, and only in `b`, prefixed `+`. */
const diff = (expected: readonly string[], actual: readonly string[]): string[] => [
  ...expected.filter((l) => !actual.includes(l)).map((l) => `- missing: ${l}`),
  ...actual.filter((l) => !expected.includes(l)).map((l) => `+ extra:   ${l}`),
];

describe('netpol-analyzer on the synthesized NetworkPolicies', () => {
  it('finds every pair of workloads fully connected when policies are off (today\'s output)', () => {
    const lines = connectionLines(netpolicyList(synthPlainYaml({})));
    expect(lines).toContain('default/rmq[Deployment] => default/ratdb[StatefulSet] : All Connections');
    expect(lines.filter((l) => l.startsWith('default/') && / => default\//.test(l)).length).toBe(15 * 14);
  });

  for (const egress of [false, true]) {
    it(`allows exactly the graph's edges for all ${combos.length} platform combinations (egress ${egress ? 'restricted' : 'unrestricted'})`, () => {
      const failures: string[] = [];
      let checked = 0;
      for (const platforms of combos) {
        const sets = ['networkPolicies.enabled=true', `networkPolicies.egress=${egress}`];
        const graph = dependencyGraph(resolveValues({ platforms, sets }, builtinPlatforms));
        const expected = expectedLines(graph);
        const ours = new Set(graph.nodes.filter((n) => !n.external).map((n) => `default/${n.name}[${n.kind}]`));
        const actual = oursOnly(connectionLines(netpolicyList(synthPlainYaml({ platforms, sets }))), ours);
        const d = diff(expected, actual);
        if (d.length > 0) failures.push(`[${platforms.join(',') || 'base'}]`, ...d);
        checked += actual.length;
      }
      expect(failures.join('\n')).toBe('');
      expect(checked).toBeGreaterThan(combos.length * 40);
    }, 60_000);
  }
});
