/** `afc ratdb preload`: fill ratdb from the regression test database (the ratdb_from_test script). */
import { Command, Option } from 'commander';
import { timeoutOption } from './runner-flags.js';

interface RatdbCli {
  namespace?: string;
  context?: string;
  podStem?: string;
  pod_stem?: string;
  dryRun?: boolean;
  verbose?: boolean;
  timeout?: string[];
}

export function register(program: Command): void {
  const ratdb = program.command('ratdb').description('the AFC configuration database');
  ratdb
    .command('preload')
    .description('fill ratdb like the regression tests do: admin config, admin user, certification ids')
    .option('--namespace <name>', 'namespace AFC runs in (default: the context\'s)')
    .option('--context <[kubeconfig][:context]>', 'kubeconfig file and/or context (default: the current one)')
    .option('--pod-stem <text>', 'part of the rat_server pod\'s name (default: rat-server, then webui)')
    .addOption(new Option('--pod_stem <text>').hideHelp())
    .option('--dry-run', 'print the docker and kubectl commands and run none (kubectl config view and get pods still run)')
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Needs an OpenAFC checkout (its tests/Dockerfile builds the exporter image): run from one or set
AFC_SOURCE_ROOT. The temporary image, container and file are removed, on failure too.

Examples:
  $ afc ratdb preload
  $ afc ratdb preload --context :k3d-mycluster --namespace afc`,
    )
    .action(async (opts: RatdbCli) => {
      const { runRatdbPreload } = await import('../runner/ratdb.js');
      await runRatdbPreload({
        namespace: opts.namespace,
        context: opts.context,
        podStem: opts.podStem ?? opts.pod_stem,
        dryRun: opts.dryRun,
        verbose: opts.verbose,
        timeout: opts.timeout,
      });
    });
}
