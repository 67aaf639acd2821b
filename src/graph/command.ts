/** The work behind `afc graph`. */
import { builtinPlatforms } from '../../platforms/index.js';
import { openafcVersion, type OpenafcModelVersion } from '../../platforms/versions.js';
import { appPlatformList, openafcAppName, openafcAppVersion } from '../../platforms/ext-versions.js';
import { clusterTopology, type ClusterTopology } from '../model/openafc/topology.js';
import type { OpenafcValues } from '../model/openafc/schema.js';
import { openafcValues } from '../synth/plain.js';
import { topologyToDot, topologyToJson, topologyToMermaid } from './topology.js';
import { AfcError } from '../errors.js';
import { dependencyGraph, resolveValues } from '../model/index.js';
import { openafcDependencyGraph } from '../model/openafc/graph.js';
import { toDot, toJson, toMermaid } from './render.js';

/** The options of `afc graph`, as the command line gives them. */
export interface GraphCliOptions {
  platform?: string[];
  openafc?: string;
  /** afc-ext: the two-cluster topology (the outer cluster, the inner one, the edges between them). */
  app?: string;
  values?: string[];
  set?: string[];
  format: 'mermaid' | 'dot' | 'json' | 'svg';
}

/** The module name of the Graphviz WebAssembly build, loaded only for `--format svg`. */
export const GRAPHVIZ_WASM = '@hpcc-js/wasm-graphviz';

interface GraphvizModule {
  Graphviz: { load(): Promise<{ dot(dot: string, format?: string): string }> };
}

/** DOT rendered to SVG by Graphviz (WebAssembly), required lazily so no other command pays for it. */
export async function dotToSvg(dot: string): Promise<string> {
  let mod: GraphvizModule;
  try {
    // In the bundle (a vm.Script without a module loader, see bin/afc) a require, which loads this ES
    // module on Node >= 20.19; from the sources (tests, tsx) an import.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = (typeof require === 'function' ? require(GRAPHVIZ_WASM) : await import(GRAPHVIZ_WASM)) as GraphvizModule;
  } catch (e) {
    throw new AfcError(`--format svg needs ${GRAPHVIZ_WASM} (an afc dependency) and Node >= 20.19 to load it (${(e as Error).message.split('\n')[0]}): reinstall with npm ci, upgrade Node, or use --format dot and Graphviz's dot -Tsvg`);
  }
  const graphviz = await mod.Graphviz.load();
  return graphviz.dot(dot, 'svg');
}

/** `afc graph --app afc-ext`: the topology of both clusters, from the afc-ext inputs and afc-int's defaults of that version. */
function clusterGraph(cli: GraphCliOptions): ClusterTopology {
  const version = openafcAppVersion(cli.openafc, cli.app);
  if (version.model !== '1.0') throw new AfcError(`afc graph --app ${cli.app}: OpenAFC ${version.id} is not of the 1.0.x model`);
  const inner = openafcVersion(version.id);
  const { values } = openafcValues({ platforms: appPlatformList(cli.platform ?? [], cli.openafc, cli.app), valuesFiles: cli.values ?? [], sets: cli.set ?? [] }, version);
  return clusterTopology(values, (inner as OpenafcModelVersion).defaults as OpenafcValues, version.id);
}

export async function runGraph(cli: GraphCliOptions): Promise<string> {
  if (openafcAppName(cli.app) === 'afc-ext') {
    const topology = clusterGraph(cli);
    return render(cli.format, { mermaid: () => topologyToMermaid(topology), dot: () => topologyToDot(topology), json: () => topologyToJson(topology) });
  }
  const version = openafcVersion(cli.openafc);
  const inputs = { platforms: appPlatformList(cli.platform ?? [], cli.openafc, cli.app), valuesFiles: cli.values ?? [], sets: cli.set ?? [] };
  const graph = version.model === '1.0' ? openafcDependencyGraph(openafcValues(inputs, version).values) : dependencyGraph(resolveValues(inputs, builtinPlatforms));
  return render(cli.format, { mermaid: () => toMermaid(graph), dot: () => toDot(graph), json: () => toJson(graph) });
}

/** A graph in the asked format: its Mermaid, DOT or JSON text, or its DOT rendered to SVG. */
async function render(format: GraphCliOptions['format'], text: { mermaid: () => string; dot: () => string; json: () => string }): Promise<string> {
  return format === 'svg' ? dotToSvg(text.dot()) : text[format]();
}
