/** `afc graph`: the dependency graph (components, Services, edges and why) as Mermaid, DOT, JSON or SVG. */
import { Command, Option } from 'commander';
import type { GraphCliOptions } from '../graph/command.js';
import { addModelInputOptions } from './runner-flags.js';

export type { GraphCliOptions };

export function register(program: Command): void {
  addModelInputOptions(
    program.command('graph').description('print the dependency graph the NetworkPolicies are made from: components, Services, edges and their evidence'),
  )
    .option('--app <app>', 'afc-ext: the graph of both clusters (the outer afc-ext, the inner afc-int, the external IPs between them) from the afc-ext inputs; needs --openafc 1.0.1.0 or later')
    .addOption(new Option('--format <format>', 'output format: Mermaid (Markdown), Graphviz DOT, JSON, or SVG (rendered with Graphviz compiled to WebAssembly)').choices(['mermaid', 'dot', 'json', 'svg']).default('mermaid'))
    .addHelpText(
      'after',
      `
Examples:
  $ afc graph --platform k3d                 # Mermaid flowchart, for Markdown
  $ afc graph --format json | jq '.edges[] | select(.to == "ratdb")'
  $ afc graph --format svg > topology.svg
  $ afc graph --app afc-ext --openafc main -f common.yaml -f ext.yaml   # both clusters`,
    )
    .action(async (opts: GraphCliOptions) => {
      const { runGraph } = await import('../graph/command.js');
      process.stdout.write(await runGraph(opts));
    });
}
