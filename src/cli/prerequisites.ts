/** `afc prerequisites install|uninstall|status`: what OpenAFC needs in a cluster (upstream's install_prerequisites.py). */
import type { Command } from 'commander';
import { collect, timeoutOption } from './runner-flags.js';

interface PrerequisitesCli {
  context?: string;
  only?: string[];
  source?: string;
  force?: boolean;
  replaceMetricsApiService?: boolean;
  wait?: string;
  dryRun?: boolean;
  verbose?: boolean;
  timeout?: string[];
}

const ONLY_HELP =
  'components, comma-separated, repeatable: prometheus-operator, prometheus, prometheus-adapter, external-secrets, ingress-nginx, prometheus-ingress (upstream\'s prometheus_operator spelling too; default: all)';

function common(cmd: Command): Command {
  return cmd
    .option('--context <[kubeconfig][:context]>', 'kubeconfig file and/or context (default: the current context)')
    .option('--only <list>', ONLY_HELP, collect)
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption());
}

export function register(program: Command): void {
  const pre = program.command('prerequisites').description('install, uninstall or show what OpenAFC needs in a cluster: prometheus-operator, Prometheus, prometheus-adapter, External Secrets, ingress-nginx');
  const run = async (action: 'install' | 'uninstall' | 'status', opts: PrerequisitesCli): Promise<void> => {
    const { runPrerequisites } = await import('../runner/prerequisites/run.js');
    await runPrerequisites(action, opts);
  };
  common(pre.command('install').description('install the components that are missing, at their pinned versions (idempotent)'))
    .option('--source <upstream|dir|oci://ref>', 'where manifests and charts come from: upstream\'s URLs (default), a folder of the pinned files, or an OCI registry for the charts')
    .option('--replace-metrics-apiservice', 'outside k3d: let prometheus-adapter replace an APIService v1beta1.metrics.k8s.io that is not its own')
    .option('--wait <duration>', 'how long helm waits for each release (default 5m)')
    .option('--dry-run', 'print the commands that would change something and run none (the read-only queries still run)')
    .action((opts: PrerequisitesCli) => run('install', opts));
  common(pre.command('uninstall').description('delete, in reverse order, what afc installed (labelled objects, releases, CRDs without custom resources); namespaces stay'))
    .option('--force', 'also delete CRDs that still have custom resources (and so those resources)')
    .option('--wait <duration>', 'how long each deletion waits (default 5m)')
    .option('--dry-run', 'print the commands that would change something and run none (the read-only queries still run)')
    .action((opts: PrerequisitesCli) => run('uninstall', opts));
  common(pre.command('status').description('one line per component: its CRDs, release or objects as the cluster has them (read-only)')).action((opts: PrerequisitesCli) => run('status', opts));
}
