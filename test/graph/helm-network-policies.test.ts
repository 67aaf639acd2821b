/** The chart's NetworkPolicies: a runtime switch (`--set networkPolicies.enabled=true`), lint-clean, equal to plain output. */
import { afterAll, describe, expect, it } from 'vitest';
import { diffObjects, parseStream } from '../support/compare.js';
import { cleanupCharts, helm, helmTemplate, writeChart } from '../support/helm.js';
import { synth } from '../support/synth.js';

afterAll(cleanupCharts);

const ON = ['networkPolicies.enabled=true'];
const kinds = (objects: readonly Record<string, unknown>[]): number => objects.filter((o) => o.kind === 'NetworkPolicy').length;

describe('Helm chart NetworkPolicies', () => {
  for (const platforms of [[], ['k3d'], ['gcp', 'http']]) {
    const name = platforms.join('+') || 'base';
    it(`${name}: helm lint --strict is clean with policies on, and helm template equals afc synth with them on`, () => {
      const dir = writeChart({ platforms });
      const lint = helm(['lint', '--strict', dir, '--set', ON[0]!]);
      expect(lint.stderr + lint.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect(lint.status).toBe(0);
      const rendered = parseStream(helmTemplate(dir, ['--set', ON[0]!]));
      const plain = synth({ platforms, sets: ON });
      expect(kinds(rendered)).toBeGreaterThan(10);
      expect(diffObjects(rendered, plain, { ignoreManagedBy: true })).toEqual([]);
      // off by default: no policy, like the plain default output
      expect(kinds(parseStream(helmTemplate(dir)))).toBe(0);
    });
  }

  it('follows a Service type set at install time: the outside policy comes with a NodePort', () => {
    const dir = writeChart({});
    const sets = [...ON, 'components.grafana.serviceType=NodePort'];
    const rendered = parseStream(helmTemplate(dir, sets.flatMap((s) => ['--set', s])));
    expect(diffObjects(rendered, synth({ sets }), { ignoreManagedBy: true })).toEqual([]);
    expect(rendered.some((o) => o.kind === 'NetworkPolicy' && (o.metadata as { name: string }).name === 'grafana-outside')).toBe(true);
  });

  it('is on when synthesized on, and egress restrictions are fixed at synth time', () => {
    const sets = [...ON, 'networkPolicies.egress=true'];
    const dir = writeChart({ sets });
    expect(diffObjects(parseStream(helmTemplate(dir)), synth({ sets }), { ignoreManagedBy: true })).toEqual([]);
    const r = helm(['template', 'afc', dir, '--set', 'networkPolicies.egress=false']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/egress/);
  });
});
