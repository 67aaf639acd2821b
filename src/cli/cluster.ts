/** `afc cluster create|delete|ports`: k3d development clusters (the k3d_cluster_create/k3d_ports scripts). */
import { Command, Option } from 'commander';
import { collect, timeoutOption } from './runner-flags.js';

interface ClusterCreateCli {
  expose: string[];
  kubeconfig?: string;
  namespace?: string;
  static?: string;
  k3dReg?: string;
  k3d_reg?: string;
  cfg?: string;
  openafc?: string;
  delete?: boolean;
  dryRun?: boolean;
  verbose?: boolean;
  timeout?: string[];
}

const DRY_RUN_HELP = 'print the commands that would change something, one per line, and run none (read-only queries such as k3d cluster list and netstat still run)';

export function register(program: Command): void {
  const cluster = program.command('cluster').description('create, delete and inspect k3d development clusters for AFC');

  cluster
    .command('create')
    .description('(re)create a k3d cluster: static files mounted, k3d registry attached, node ports mapped to host ports, monitoring installed')
    .argument('<cluster>', 'cluster name (RFC 1123, a k3d- prefix is dropped), or AUTO for <login>-<checkout folder>')
    .option('--expose <list>', 'node ports to map to host ports, NODEPORT[:HOSTPORT] comma-separated; NODEPORT is a number or a name (http, https, ratdb, bulk_postgres, rat_server, msghnd, rcache, grafana, prometheus); repeatable (default: the config\'s default_expose, http,https)', collect, [])
    .option('--kubeconfig <file>', 'kubeconfig that gets the cluster\'s context, made current (default: KUBECONFIG, else ~/.kube/config)')
    .option('--openafc <version>', 'OpenAFC version whose node port names --expose takes (1.0.x: kebab-case, e.g. rat-server, bulk-postgres, and afcserver, rmqweb, disp-grafana, disp-prometheus); nothing else of the cluster changes; default fc912b4a')
    .option('--namespace <name>', 'namespace to create and make the context\'s default')
    .option('--static <dir>', 'static files folder (rat_transfer, holding ULS_Database and RAS_Database) mounted into the cluster (default: found in the config\'s known locations)')
    .option('--k3d-reg <[name][:port]>', 'k3d registry the cluster pulls from, when several run')
    .addOption(new Option('--k3d_reg <[name][:port]>').hideHelp())
    .option('--cfg <file>', 'cluster config YAML (static files, default exposed ports, what to install); default built in, or K3D_CLUSTER_CREATE_CONFIG')
    .option('--delete', 'only delete the cluster (same as afc cluster delete)')
    .option('--dry-run', DRY_RUN_HELP)
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Every check (names, config, kubeconfig, static folder, node ports, registry, host ports) runs before an
existing cluster of that name is deleted. Host ports not given are the lowest unused ones from 30000 up.

Examples:
  $ afc cluster create --expose http,https,prometheus AUTO
  $ afc cluster create --expose http:8080,https:8443,ratdb mycluster
  $ afc cluster create --static ~/rat_transfer --k3d-reg afcregistry.localhost AUTO
  $ afc cluster create --kubeconfig ~/.kube/config AUTO      # from a kubie/kubeswitch shell
  $ afc cluster create --dry-run AUTO                          # show what would be run`,
    )
    .action(async (name: string, opts: ClusterCreateCli) => {
      const { runClusterCreate, runClusterDelete } = await import('../runner/cluster.js');
      const common = { dryRun: opts.dryRun, verbose: opts.verbose, kubeconfig: opts.kubeconfig, timeout: opts.timeout };
      if (opts.delete) {
        await runClusterDelete(name, common);
        return;
      }
      await runClusterCreate(name, {
        ...common,
        expose: opts.expose,
        namespace: opts.namespace,
        static: opts.static,
        k3dReg: opts.k3dReg ?? opts.k3d_reg,
        cfg: opts.cfg,
        openafc: opts.openafc,
      });
    });

  cluster
    .command('delete')
    .description('delete a k3d cluster and its kubeconfig context')
    .argument('<cluster>', 'cluster name, or AUTO')
    .option('--kubeconfig <file>', 'kubeconfig the cluster was created in (default: KUBECONFIG, else ~/.kube/config)')
    .option('--dry-run', DRY_RUN_HELP)
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Examples:
  $ afc cluster delete AUTO
  $ afc cluster delete mycluster`,
    )
    .action(async (name: string, opts: { kubeconfig?: string; dryRun?: boolean; verbose?: boolean; timeout?: string[] }) => {
      const { runClusterDelete } = await import('../runner/cluster.js');
      await runClusterDelete(name, opts);
    });

  cluster
    .command('ports')
    .description('list the host port -> node port mappings of a k3d cluster')
    .argument('<cluster>', 'cluster name, AUTO, or CURRENT for the current context\'s cluster')
    .option('--kubeconfig <file>', 'with CURRENT: the kubeconfig whose current context names the cluster (default: KUBECONFIG, else ~/.kube/config)')
    .option('--context <[kubeconfig][:context]>', 'with CURRENT: the kubeconfig file and/or context whose cluster is listed (default: the current one)')
    .option('-v, --verbose', 'echo each command')
    .addHelpText(
      'after',
      `
Output: one line per mapping, by host port: HOST -> NODEPORT: PORT of COMPONENT

Examples:
  $ afc cluster ports CURRENT
  $ afc cluster ports --context ~/.kube/config:k3d-mycluster CURRENT
  $ afc cluster ports AUTO`,
    )
    .action(async (name: string, opts: { verbose?: boolean; kubeconfig?: string; context?: string }) => {
      const { runClusterPorts } = await import('../runner/cluster.js');
      await runClusterPorts(name, opts);
    });
}
