/** Every generated README section of the graph: name → content (the comparison runs nettop). */
import { builtinPlatforms } from '../../platforms/index.js';
import { dependencyGraph, resolveValues } from '../../src/model/index.js';
import { declaredSection, diagramSection } from '../../src/graph/docs.js';
import { synthPlainYaml } from '../../src/synth/plain.js';
import { compareTopology, nettop } from './topology.js';

const list = (xs: readonly string[]): string => (xs.length === 0 ? 'none' : xs.map((x) => `\`${x}\``).join(', '));

/** The cluster-topology-analyzer comparison, as measured on the plain output of each platform list. */
export function topologySection(): string {
  const rows = [
    '| Configuration | Found by both | Ours, missed by nettop | Found by nettop only | nettop: Service ports without a client | Ours, beyond nettop (outside, scraping, prometheus) |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const platforms of [[], ['k3d'], ['gcp']]) {
    const c = compareTopology(dependencyGraph(resolveValues({ platforms }, builtinPlatforms)), nettop(synthPlainYaml({ platforms })));
    rows.push(
      `| ${platforms.join(',') || 'default'} | ${c.both.length} | ${c.missed.length}: ${list(c.missed)} | ${c.added.length}: ${list(c.added)} | ${c.noClient.length}: ${list(c.noClient)} | ${c.beyond.length} |`,
    );
  }
  return `${rows.join('\n')}\n`;
}

export function graphSections(): Map<string, string> {
  return new Map([
    ['graph-default', diagramSection([])],
    ['graph-k3d', diagramSection(['k3d'])],
    ['graph-declared', declaredSection()],
    ['graph-topology', topologySection()],
  ]);
}
