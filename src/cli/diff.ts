/** `afc diff`: what `afc apply` would change in a cluster, or the semantic diff against an earlier output folder. */
import { Command, CommanderError, Option } from 'commander';
import type { ClusterCliOptions, DiffCliOptions } from '../cluster/options.js';
import { CommandExit } from './exit.js';
import { addModelInputOptions, collect, timeoutOption } from './runner-flags.js';

export type { ClusterCliOptions, DiffCliOptions };

/** The synth and cluster options of `afc diff` and `afc apply`. */
export function addClusterOptions(cmd: Command): Command {
  return addModelInputOptions(cmd)
    .option('--release <name>', 'release name: instance label and ApplySet parent afc-applyset-<name>', 'afc')
    .option('--namespace <name>', "namespace of the release (default: the context's namespace, else default)")
    .option('--context <[kubeconfig][:context]>', 'kubeconfig file and/or context, as for afc install (default: the current context)')
    .option('--skip-monitors', 'leave out the PodMonitors and ServiceMonitors (clusters without prometheus-operator)')
    .option('-v, --verbose', 'echo every kubectl command and stream its output to stderr')
    .addOption(timeoutOption())
    .option('--prune-claim <[kind/]name>', 'prune this kept object after all: a PersistentVolumeClaim (or helm.sh/resource-policy: keep object) no longer rendered, or a StatefulSet whose retention policy deletes its claims; deletes the data; a name that two candidates share needs KIND/NAME (pvc/NAME, statefulset/NAME); repeatable', collect)
    .option('--rebuild-applyset', "rebuild a lost ApplySet parent (Secret afc-applyset-<release>) from the objects labelled members of its set");
}

export function register(program: Command): void {
  addClusterOptions(
    program
      .command('diff')
      .description('show what afc apply would change in the cluster (server-side dry run), or diff against an earlier output folder; exit 0 = none, 1 = differences, 2 = error'),
  )
    .option('--against <dir>', 'offline: compare with an earlier output folder (plain manifests, or a Helm chart folder rendered with helm template)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .addHelpText(
      'after',
      `
Examples:
  $ afc diff --platform gcp --namespace afc                  # against the live release
  $ afc diff --platform gcp --against dist/k3d               # offline, against an earlier synth output
  $ afc diff --platform k3d -o json | jq .summary`,
    )
    // Exit 1 means "differences": commander's usage errors (unknown flag, extra argument, -o yaml) exit 2.
    .exitOverride((err) => {
      throw err.exitCode === 1 ? new CommanderError(2, err.code, err.message) : err;
    })
    .action(async (opts: DiffCliOptions) => {
      const { runDiff } = await import('../cluster/commands.js');
      const status = await runDiff(opts);
      if (status !== 0) throw new CommandExit(status);
    });
}
