/** `afc apply`: server-side apply of the release to any cluster, with ApplySet pruning, preflight and --wait. */
import { Command } from 'commander';
import type { ApplyCliOptions } from '../cluster/options.js';
import { addClusterOptions } from './diff.js';

export type { ApplyCliOptions };

export function register(program: Command): void {
  addClusterOptions(
    program
      .command('apply')
      .description('apply the release to the cluster (server-side apply, field manager afc), prune what it no longer renders (ApplySet), after preflight checks'),
  )
    .option('--create-namespace', 'create the namespace if it does not exist')
    .option('--wait <duration>', 'wait for every Deployment and StatefulSet to be ready, e.g. 5m')
    .option('--dry-run', 'print the diff and the kubectl commands; change nothing')
    .option('--yes', 'apply to a context that is not a local cluster (k3d-*, kind-*, minikube, testbed) without asking')
    .option('--take-over-lease', "claim the release although another apply's Lease afc-apply-<release> holds it (only when that apply was killed; an unused claim expires after 15 minutes)")
    .option('--force-conflicts', 'take over fields that other field managers own (otherwise a conflict stops the apply; drift left by kubectl edit/label/scale/patch/set is restored without it)')
    .addHelpText(
      'after',
      `
Examples:
  $ afc apply --platform k3d --context k3d-afc --namespace afc --create-namespace --wait 5m
  $ afc apply --platform gcp --context gke_proj_zone_prod --namespace afc     # asks before applying
  $ afc apply --platform gcp --namespace afc --dry-run                        # the plan only`,
    )
    .action(async (opts: ApplyCliOptions) => {
      const { runApply } = await import('../cluster/apply.js');
      await runApply(opts);
    });
}
