/** `afc install`: (re)install AFC into a k3d cluster with helm (the helm_install script). */
import { Command, Option } from 'commander';
import { collect, timeoutOption } from './runner-flags.js';

interface InstallCli {
  tag?: string;
  build?: boolean;
  push?: boolean;
  http?: boolean;
  secrets?: boolean;
  no_secrets?: boolean;
  expose: string[];
  wait?: string;
  preloadRatdb?: boolean;
  preload_ratdb?: boolean;
  upgrade?: boolean;
  forceConflicts?: boolean;
  maxWorkers?: string;
  max_workers?: string;
  k3dReg?: string;
  k3d_reg?: string;
  values: string[];
  set: string[];
  context?: string;
  namespace?: string;
  podStem?: string;
  pod_stem?: string;
  keepChart?: string;
  dryRun?: boolean;
  verbose?: boolean;
  timeout?: string[];
  openafc?: string;
  mtls?: boolean;
  msghnd?: boolean;
  devel?: boolean;
  fakeSecrets?: string | boolean;
  fake_secrets?: string | boolean;
  uninstall?: boolean;
  registry?: string;
  pushRegistry?: string;
  push_registry?: string;
}

/** `--fake-secrets` with no value means the defaults (upstream's `nargs="?", const=""`). */
const fakeSecretsArg = (v: string | boolean | undefined): string | undefined => (v === undefined || v === false ? undefined : v === true ? '' : v);

export function register(program: Command): void {
  program
    .command('install')
    .description('(re)install AFC into a k3d cluster: synthesize the Helm chart for the chosen overlays and helm install it')
    .argument('<release>', 'Helm release name (RFC 1123, at most 53 characters), or AUTO for <login>-<checkout folder>')
    .option('--tag <tag>', 'image tag; images then come from the k3d registry (AUTO: <login>_<checkout folder>; default: the chart\'s appVersion from the public repositories)')
    .option('--build', 'build the images with --tag first (tests/regression/build_imgs.sh of the checkout), then push them')
    .option('--push', 'push the local images with --tag into the k3d registry first')
    .option('--http', 'allow HTTP on the dispatcher (overlay http; default HTTPS only)')
    .option('--no-secrets', 'run without secrets (overlay no_secrets)')
    .addOption(new Option('--no_secrets').hideHelp())
    .option('--openafc <version>', 'OpenAFC version of the chart (as for afc synth): fc912b4a (default), 1.0.1.0 (= 1.0.2.0), 1.0.3.0 (= latest-release), 717d3491 (= main)')
    .option('--mtls', 'OpenAFC 1.0.x: require client certificates on the dispatcher (overlay mtls)')
    .option('--msghnd', 'OpenAFC 1.0.x: msghnd as the AFC request handler instead of afcserver (overlay msghnd)')
    .option('--devel', 'OpenAFC 1.0.x: the development settings (overlay devel)')
    .option('--fake-secrets [[store][:file|dir]]', 'OpenAFC 1.0.x: a fake provider for secret store STORE (without it: the only one) holding the Secrets of FILE or of DIR/*.yaml (without it: tools/secrets/templates of the OpenAFC checkout), one property per Secret')
    .addOption(new Option('--fake_secrets [spec]').hideHelp())
    .option('--uninstall', 'uninstall the release (waiting until its objects are gone) and install nothing; nothing to do when it is not installed')
    .option('--expose <list>', 'node port names whose components become NodePort, comma-separated; repeatable (default: those the k3d cluster maps to host ports)', collect, [])
    .option('--wait <duration>', 'wait for the release to be ready, up to DURATION (e.g. 5m): helm --wait --timeout')
    .option('--preload-ratdb', 'after a fresh install, fill ratdb from the test database (needs --wait and an OpenAFC checkout)')
    .addOption(new Option('--preload_ratdb').hideHelp())
    .option('--upgrade', 'helm upgrade a running release (keeps AFC up; no ratdb preload) instead of uninstalling it first')
    .option('--force-conflicts', 'with --upgrade: overwrite the fields other field managers own with the chart\'s values (else the upgrade is refused, naming them; Helm 4: helm --force-conflicts)')
    .option('--max-workers <n>', 'maximum worker pods (default: CPUs // AFC_WORKER_CELERY_CONCURRENCY; 0 or less: the chart\'s)')
    .addOption(new Option('--max_workers <n>').hideHelp())
    .option('--k3d-reg <[name][:port]>', 'k3d registry of the images, when several run')
    .addOption(new Option('--k3d_reg <[name][:port]>').hideHelp())
    .option('--registry <host[:port][/path]>', 'with --tag: the registry the cluster pulls the images from, by address, instead of a k3d registry (not with --k3d-reg)')
    .option('--push-registry <host[:port][/path]>', 'with --registry and --push/--build: push the images here (they are tagged for both), when the cluster pulls them from --registry by another address')
    .addOption(new Option('--push_registry <host[:port][/path]>').hideHelp())
    .option('-f, --values <file>', 'values file applied after the overlays (a bare values-PLATFORM.yaml names a platform overlay); repeatable', collect, [])
    .option('--set <path=value>', 'value applied last, e.g. components.rmq.initialReplicas=2; repeatable', collect, [])
    .option('--context <[kubeconfig][:context]>', 'kubeconfig file and/or context (name or k3d- + name) of a k3d cluster (default: the current one)')
    .option('--namespace <name>', 'namespace to install in (default: the context\'s)')
    .option('--pod-stem <text>', 'with --preload-ratdb: part of the rat_server pod\'s name')
    .addOption(new Option('--pod_stem <text>').hideHelp())
    .option('--keep-chart <dir>', 'write the synthesized chart into DIR (a new or empty folder) and keep it, instead of a temporary folder')
    .option('--dry-run', 'print the plan (each step\'s reason as a # comment, then its commands; CHART stands for the chart folder) and change nothing (kubectl config view, k3d cluster/registry list, helm list, docker image list and the helm --dry-run=server check still run)')
    .option('-v, --verbose', 'echo each command and show its output')
    .addOption(timeoutOption())
    .addHelpText(
      'after',
      `
Every check (flags, names, values, context, node ports, registry, checkout, and the new chart
validated by the cluster with helm install --dry-run=server; with --upgrade, the fields of the new chart
that other field managers own) runs before the running release is uninstalled or upgraded; if a later
step fails, the error says that the old release is gone. Helm 3.13+ and Helm 4 are supported (AFC_HELM). The chart is
synthesized into a temporary folder, removed afterwards (or into --keep-chart DIR, kept).

Examples:
  $ afc install --tag AUTO --build --http --no-secrets --wait 5m --preload-ratdb AUTO
  $ afc install AUTO                                   # public images, current context
  $ afc install --tag mytag --push --upgrade --wait 5m afc
  $ afc install --expose http,https,ratdb --set components.rmq.initialReplicas=2 afc
  $ afc install --context ~/.kube/config:k3d-mycluster --namespace afc --dry-run afc
  $ afc install --openafc 1.0.3.0 --fake-secrets --http --tag mytag --wait 5m afc
  $ afc install --uninstall --wait 5m afc`,
    )
    .action(async (release: string, opts: InstallCli) => {
      const { runInstall } = await import('../runner/install.js');
      await runInstall(release, {
        tag: opts.tag,
        build: opts.build,
        push: opts.push,
        http: opts.http,
        noSecrets: opts.secrets === false || opts.no_secrets === true,
        expose: opts.expose,
        wait: opts.wait,
        preloadRatdb: opts.preloadRatdb || opts.preload_ratdb,
        upgrade: opts.upgrade,
        forceConflicts: opts.forceConflicts,
        maxWorkers: opts.maxWorkers ?? opts.max_workers,
        k3dReg: opts.k3dReg ?? opts.k3d_reg,
        values: opts.values,
        set: opts.set,
        context: opts.context,
        namespace: opts.namespace,
        podStem: opts.podStem ?? opts.pod_stem,
        keepChart: opts.keepChart,
        dryRun: opts.dryRun,
        verbose: opts.verbose,
        timeout: opts.timeout,
        openafc: opts.openafc,
        mtls: opts.mtls,
        msghnd: opts.msghnd,
        devel: opts.devel,
        fakeSecrets: fakeSecretsArg(opts.fakeSecrets ?? opts.fake_secrets),
        uninstall: opts.uninstall,
        registry: opts.registry,
        pushRegistry: opts.pushRegistry ?? opts.push_registry,
      });
    });
}
