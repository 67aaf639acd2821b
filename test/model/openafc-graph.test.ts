import { describe, expect, it } from 'vitest';
import { openafcVersion } from '../../platforms/versions.js';
import { openafcDependencyGraph } from '../../src/model/openafc/graph.js';
import { openafcValues, synthPlainObjects } from '../../src/synth/plain.js';
import { toDot, toMermaid } from '../../src/graph/render.js';
import { runGraph } from '../../src/graph/command.js';

const graphOf = (id: string, platforms: string[]) => {
  const v = openafcVersion(id);
  if (v.model !== '1.0') throw new Error('model');
  return openafcDependencyGraph(openafcValues({ platforms }, v).values);
};
const pairs = (g: ReturnType<typeof graphOf>): string[] => [...new Set(g.edges.filter((e) => e.from.kind === 'component').map((e) => `${(e.from as { component: string }).component}->${e.to}`))];

describe('the dependency graph of the 1.0.x versions (env lists as evidence)', () => {
  it('has the env edges of the env lists and sharedEnv groups, sameAs followed', () => {
    const g = graphOf('1.0.3.0', ['k3d']);
    expect(pairs(g)).toEqual(expect.arrayContaining(['afcserver->ratdb', 'worker->rmq', 'rat-server->rcache', 'als-siphon->bulk-postgres', 'grafana->bulk-postgres', 'dispatcher->rat-server']));
    const grafana = g.edges.find((e) => e.from.kind === 'component' && e.from.component === 'grafana' && (e.to as string) === 'bulk-postgres')!;
    expect(grafana.reasons).toEqual(expect.arrayContaining([{ kind: 'env', configMap: 'components.grafana.env', variable: 'GRAFANA_DS_ALS_RO_DSN' }]));
    expect([g.enabled, g.egress]).toEqual([false, false]);
  });

  it('follows the version: msghnd replaces afcserver with -p msghnd', () => {
    const g = graphOf('717d3491', ['k3d', 'msghnd']);
    expect(g.nodes.map((n) => n.key)).toContain('msghnd');
    expect(g.nodes.map((n) => n.key)).not.toContain('afcserver');
  });

  it('writes node ids Mermaid and DOT take unquoted (rat_server for rat-server)', () => {
    const g = graphOf('1.0.1.0', ['k3d']);
    const dot = toDot(g);
    expect(dot).toMatch(/^ {2}rat_server \[label="rat-server\\n/m);
    expect(dot).not.toMatch(/^ {2}[a-z_]*-[a-z-]* (->|\[)/m);
    expect(toMermaid(g)).toMatch(/^ {2}dispatcher -->\|.*\| rat_server$/m);
  });

  for (const id of ['1.0.1.0', '1.0.3.0', '717d3491']) {
    it(`${id}: the declared edges, each with its evidence (dispatcher -> afcserver, the literal host)`, () => {
      const g = graphOf(id, ['k3d']);
      const edge = (from: string, to: string) => g.edges.find((e) => e.from.kind === 'component' && e.from.component === from && (e.to as string) === to);
      const dispatcher = edge('dispatcher', 'afcserver')!;
      expect({ port: dispatcher.port, targetPort: dispatcher.targetPort }).toEqual({ port: 'afcserver', targetPort: 8000 });
      expect(dispatcher.reasons).toEqual([{ kind: 'declared', name: 'dispatcher-afc-req-service', evidence: expect.stringContaining('server ${AFC_MSGHND_NAME}:${AFC_MSGHND_PORT}') }]);
      for (const [from, to, port, name] of [
        ['uls-downloader', 'afcserver', 8000, 'uls-downloader-afc-req-service'],
        ['rcache', 'afcserver', 8000, 'rcache-afc-req-service'],
        ['dispatcher', 'rmq', 5672, 'dispatcher-rmq'],
        ['nginxexporter', 'dispatcher', 8080, 'nginxexporter-dispatcher'],
      ] as const) {
        const e = edge(from, to);
        expect(e?.targetPort, `${from}->${to}`).toBe(port);
        expect(e?.reasons.map((r) => (r.kind === 'declared' ? r.name : r.kind)), `${from}->${to}`).toContain(name);
      }
      // grafana's Prometheus data source is set from 1.0.3.0 on (GRAFANA_DS_PROMETHEUS_URL).
      expect(edge('grafana', 'prometheus')?.targetPort).toBe(id === '1.0.1.0' ? undefined : 9090);
      // Nobody else reaches the request service.
      expect(g.edges.filter((e) => (e.to as string) === 'afcserver' && e.from.kind === 'component').map((e) => (e.from as { component: string }).component).sort()).toEqual(['dispatcher', 'rcache', 'uls-downloader']);
    });

    it(`${id}: with -p msghnd the request-service edges lead to msghnd, and none to the disabled afcserver`, () => {
      const g = graphOf(id, ['k3d', 'msghnd']);
      const into = g.edges.filter((e) => (e.to as string) === 'msghnd' && e.from.kind === 'component').map((e) => `${(e.from as { component: string }).component}:${e.targetPort}`);
      expect(into.sort()).toEqual(['dispatcher:8000', 'rcache:8000', 'uls-downloader:8000']);
      expect(g.edges.some((e) => (e.to as string) === 'afcserver')).toBe(false);
    });
  }

  it('carries the networkPolicies switches (off by default)', () => {
    const v = openafcVersion('1.0.3.0');
    if (v.model !== '1.0') throw new Error('model');
    const on = openafcDependencyGraph(openafcValues({ platforms: ['k3d'], sets: ['networkPolicies.enabled=true', 'networkPolicies.egress=true'] }, v).values);
    expect([on.enabled, on.egress]).toEqual([true, true]);
  });

  it('refuses NetworkPolicies when sharedEnv.afc-req-service names no component (they would cut the connection)', () => {
    const v = openafcVersion('1.0.3.0');
    if (v.model !== '1.0') throw new Error('model');
    const sets = ['networkPolicies.enabled=true', 'sharedEnv.afc-req-service.host=elsewhere'];
    expect(() => synthPlainObjects({ openafc: '1.0.3.0', platforms: ['k3d'], sets })).toThrow(/^networkPolicies: dispatcher connects to sharedEnv.afc-req-service \(elsewhere:80; dispatcher-afc-req-service\), which is no rendered component's Service name/);
    expect(() => synthPlainObjects({ openafc: '1.0.3.0', platforms: ['k3d'], sets: sets.slice(1) })).not.toThrow();
  });

  it('is what afc graph --openafc prints', async () => {
    expect(await runGraph({ openafc: 'main', platform: ['k3d'], format: 'dot' })).toBe(toDot(graphOf('717d3491', ['k3d'])));
  });
});
