import { describe, expect, it } from 'vitest';
import { openafcVersion } from '../../platforms/versions.js';
import { openafcDependencyGraph } from '../../src/model/openafc/graph.js';
import { openafcValues } from '../../src/synth/plain.js';
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
    expect(g.enabled).toBe(false);
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

  it('is what afc graph --openafc prints', async () => {
    expect(await runGraph({ openafc: 'main', platform: ['k3d'], format: 'dot' })).toBe(toDot(graphOf('717d3491', ['k3d'])));
  });
});
