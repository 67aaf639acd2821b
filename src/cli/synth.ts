/** `afc synth`: plain manifests or a Helm chart from the typed model. */
import { Command, InvalidArgumentError, Option } from 'commander';
import type { SynthCommandOptions } from '../synth/command.js';
import { collect } from './runner-flags.js';


const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 10000) throw new InvalidArgumentError('expected an integer from 1 to 10000');
  return n;
};

export function register(program: Command): void {
  program
    .command('synth')
    .description('synthesize the AFC manifests (plain YAML) or a Helm chart')
    .option('-p, --platform <list>', 'platform overlays in order, comma-separated: k3d, gcp, http, no_secrets (or no-secrets), minikube, hardened; repeatable', collect)
    .option('-f, --values <file>', 'YAML values file applied after the platforms (original chart values files work); repeatable', collect)
    .option('--set <path=value>', "Helm-style assignment applied last, e.g. components.worker.hpa.maxReplicas=4; repeatable", collect)
    .option('--openafc <version>', `OpenAFC version of the model: ${'fc912b4a'} (default), 1.0.1.0 (= 1.0.2.0), 1.0.3.0 (= latest-release), 717d3491 (= main)`)
    .option('--app <app>', 'the OpenAFC chart: afc-int (the inner cluster, default) or afc-ext (the outer cluster; --openafc 1.0.1.0 or later; platforms http, mtls, devel)')
    .option('--release <name>', 'Helm release name (instance label); "release-name" omits the label like helm template', 'afc')
    .option('--namespace <name>', 'namespace set on every object (plain format; for a chart use helm install --namespace)')
    .addOption(
      new Option('--instances <n>', 'benchmark: N releases <release>-1..N, each in the namespace of its name, in one stream (plain)')
        .argParser(positiveInt)
        .hideHelp(),
    )
    .addOption(new Option('--format <format>', 'output format').choices(['plain', 'helm']).default('plain'))
    .addOption(
      new Option('--out <dir>', 'output folder (default: dist/<platforms joined by +, or base>, with -helm for --format helm); replaces only a folder afc wrote (it has a .afc-output marker) or an empty one')
        .conflicts('stdout'),
    )
    .option('--force', 'let --out replace a non-empty folder that afc did not write (never a file, the current folder or one above it, sources tracked by git, or a -f file\'s folder)')
    .addOption(new Option('--stdout', 'write one multi-document YAML stream to stdout (plain format only)').conflicts('out'))
    .option('--matrix <list>', 'synthesize every combination of these platforms (in the order given), one folder each under --out (default dist/matrix)')
    .addHelpText(
      'after',
      `
Examples:
  $ afc synth --platform k3d                       # writes dist/k3d/afc-int.k8s.yaml
  $ afc synth --platform k3d,http,no_secrets --stdout | kubectl apply -f -
  $ afc synth -f my-values.yaml --set components.rmq.initialReplicas=2 --out dist/custom
  $ afc synth --format helm --platform k3d --out dist/chart && helm install afc dist/chart
  $ afc synth --matrix k3d,gcp,http,no_secrets --out dist/matrix   # 16 folders
  $ afc synth --app afc-ext --openafc main -f common.yaml -f ext.yaml --stdout   # the outer cluster`,
    )
    .action(async (opts: SynthCommandOptions) => {
      const { runSynth } = await import('../synth/command.js');
      await runSynth(opts);
    });
}
