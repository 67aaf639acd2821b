/** `afc migrate`: adopt a running release of the original afc-int chart in place, with no rollout. */
import { Command } from 'commander';
import { collect, timeoutOption } from './runner-flags.js';

interface MigrateCli {
  namespace?: string;
  context?: string;
  values: string[];
  set: string[];
  allowRollout?: boolean;
  forceConflicts?: boolean;
  wait?: string;
  dryRun?: boolean;
  verbose?: boolean;
  timeout?: string[];
  openafc?: string;
}

export function register(program: Command): void {
  program
    .command('migrate')
    .description('adopt a running release of the original afc-int chart in place: helm upgrade to the generated chart, refusing any pod rollout')
    .argument('<release>', 'Helm release of the original afc-int chart')
    .option('--namespace <name>', 'namespace of the release (default: the context\'s)')
    .option('--context <[kubeconfig][:context]>', 'kubeconfig file and/or context (default: the current one)')
    .option('-f, --values <file>', 'values file applied on top of the release\'s values; repeatable', collect, [])
    .option('--set <path=value>', 'value applied last; repeatable', collect, [])
    .option('--openafc <version>', 'OpenAFC version of the release: fc912b4a (the default, the original chart; any other version is refused: afc migrate adopts only the original chart)')
    .option('--allow-rollout', 'go ahead even if pod templates change (their pods are replaced)')
    .option('--force-conflicts', 'overwrite the fields other field managers own with the chart\'s values (else the upgrade is refused, naming them; Helm 4: helm --force-conflicts)')
    .option('--wait <duration>', 'wait for the upgraded release to be ready, up to DURATION (e.g. 5m): helm --wait --timeout')
    .option('--dry-run', 'print the changes and the helm upgrade command, change nothing (helm list/get and a helm upgrade --dry-run still run)')
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Reads the release's values (helm get values), splits them into values fixed at synth time and the
generated chart's runtime values, renders the upgrade and compares it with the running revision. Any
pod template change is refused unless --allow-rollout. The old revision stays in the release history:
helm rollback RELEASE REVISION returns to the original chart.

Examples:
  $ afc migrate --dry-run afc
  $ afc migrate --namespace afc --context ~/.kube/config:k3d-mycluster --wait 5m afc`,
    )
    .action(async (release: string, opts: MigrateCli) => {
      const { runMigrate } = await import('../runner/migrate.js');
      await runMigrate(release, {
        namespace: opts.namespace,
        context: opts.context,
        values: opts.values,
        set: opts.set,
        allowRollout: opts.allowRollout,
        forceConflicts: opts.forceConflicts,
        wait: opts.wait,
        dryRun: opts.dryRun,
        verbose: opts.verbose,
        timeout: opts.timeout,
        openafc: opts.openafc,
      });
    });
}
