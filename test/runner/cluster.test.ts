import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { runClusterCreate, runClusterDelete, runClusterPorts } from '../../src/runner/cluster.js';
import { DEFAULT_CLUSTER_CONFIG } from '../../src/runner/config.js';
import { alive, destructive, FIXTURES, makeBench, makeStaticDir, readPids, recordedCommands, recordedStdout, waitUntil, type Bench } from './support.js';

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());

const EXAMPLE_ARGS = ['http,https,prometheus:8090'];

/**
 * The recorded run (examples/cluster-create) and this runner differ in three deliberate ways:
 * 1. Order: the original deleted the existing cluster before checking anything else. This runner runs
 *    the read-only queries (`k3d registry list`, `netstat -latn`) first and deletes afterwards, so the
 *    same commands come in the order [0, 3, 4, 2, 1, 5, 6, ...] of the recording (the three identical
 *    `k3d cluster list` calls trade places).
 * 2. The static folder: the recording used /srv/rat_transfer; the test uses its own folder.
 * 3. Paths into the original checkout (/src/openafc): the prometheus manifests and the
 *    prometheus-adapter values are built by this project (src/runner/monitoring) and written to a
 *    temporary folder, so `/src/openafc/helm/monitoring/prometheus` becomes `<tmp>/afc-*\/prometheus`
 *    and `.../prometheus_adapter/values-prometheus_adapter.yaml` becomes
 *    `<tmp>/afc-*\/values-prometheus_adapter.yaml`; their contents are compared with the originals below.
 * 4. The config's `kubectl delete apiservice v1beta1.metrics.k8s.io` gets the explicit `--context
 *    k3d-afc-dev` that every other kubectl call has (the original ran it on whatever context was current).
 */
function expectedClusterCreate(staticDir: string, manifestDir: string, valuesFile: string): { tool: string; argv: string[] }[] {
  const recorded = recordedCommands('cluster-create');
  const order = [0, 3, 4, 2, 1, 5, ...recorded.map((_, i) => i).slice(6)];
  const map = (a: string): string =>
    a
      .replace('/srv/rat_transfer:', `${staticDir}:`)
      .replace('/src/openafc/helm/monitoring/prometheus_adapter/values-prometheus_adapter.yaml', valuesFile)
      .replace('/src/openafc/helm/monitoring/prometheus', manifestDir);
  const withContext = (argv: string[]): string[] => (argv[1] === 'apiservice' ? [...argv, '--context', 'k3d-afc-dev'] : argv);
  return order.map((i) => ({ tool: recorded[i]!.tool, argv: withContext(recorded[i]!.argv.map(map)) }));
}

const parsedYamlFiles = (dir: string): unknown[] =>
  readdirSync(dir)
    .sort()
    .map((f) => parseYaml(readFileSync(join(dir, f), 'utf8')));

/**
 * The recorded example's invocation (`afc cluster create --expose http,https,prometheus:8090 afc-dev`
 * on the canned state), run once on a bench of its own; the tests that only read what it did (the
 * commands, the copied manifests and values, the output, the temporary folder) share it.
 */
let example: { bench: Bench; staticDir: string } | undefined;
async function exampleRun(): Promise<{ bench: Bench; staticDir: string }> {
  if (example === undefined) {
    const own = makeBench();
    const staticDir = makeStaticDir(own);
    example = { bench: own, staticDir };
    await runClusterCreate('afc-dev', { expose: EXAMPLE_ARGS, static: staticDir }, own.host);
  }
  return example;
}
afterAll(() => example?.bench.cleanup());

describe('afc cluster create', () => {
  it('reproduces the recorded cluster-create run command for command, checks before the deletion', async () => {
    const { bench, staticDir } = await exampleRun();
    const cmds = bench.commands();
    const manifestDir = cmds.find((c) => c.tool === 'kubectl' && c.argv[1] === '-f' && !c.argv[2]!.startsWith('https:'))!.argv[2]!;
    const helmInstall = cmds.find((c) => c.tool === 'helm' && c.argv[0] === 'install')!;
    const valuesFile = helmInstall.argv[helmInstall.argv.indexOf('--values') + 1]!;
    expect(manifestDir).toMatch(new RegExp(`^${bench.tmp}/afc-[^/]+/prometheus$`));
    expect(valuesFile).toMatch(new RegExp(`^${bench.tmp}/afc-[^/]+/values-prometheus_adapter\\.yaml$`));
    expect(cmds).toEqual(expectedClusterCreate(staticDir, manifestDir, valuesFile));
  });

  it('creates the same prometheus objects as the original manifest folder', async () => {
    const { bench } = await exampleRun();
    const [snapshot] = bench.snapshots().filter((s) => s.kind === 'manifests');
    expect(readdirSync(snapshot!.dest).sort()).toEqual(readdirSync(join(FIXTURES, 'monitoring/prometheus')).sort());
    expect(parsedYamlFiles(snapshot!.dest)).toEqual(parsedYamlFiles(join(FIXTURES, 'monitoring/prometheus')));
  });

  it('passes prometheus-adapter the same values as the original values file', async () => {
    const { bench } = await exampleRun();
    const [values] = bench.snapshots().filter((s) => s.kind === 'values');
    expect(parseYaml(readFileSync(values!.dest, 'utf8'))).toEqual(
      parseYaml(readFileSync(join(FIXTURES, 'monitoring/prometheus_adapter/values-prometheus_adapter.yaml'), 'utf8')),
    );
  });

  it('prints the recorded result lines on stdout and the progress on stderr', async () => {
    const { bench } = await exampleRun();
    // The original echoed every command ("> ...") and its deletion attempts on stdout; here those are
    // progress, on stderr (and the commands themselves with --verbose).
    const results = recordedStdout('cluster-create')
      .split('\n')
      .filter((l) => !l.startsWith('> ') && !l.includes('Attempt to delete'))
      .join('\n');
    expect(bench.stdout()).toBe(results);
    expect(bench.stderr()).toContain('afc: k3d cluster afc-dev exists: it is deleted first');
    expect(bench.stderr()).toMatch(/afc: creating k3d cluster afc-dev: done in \d+\.\ds/);
  });

  it('deletes the temporary folder of the built-in manifests when the run ends', async () => {
    const { bench } = await exampleRun();
    expect(bench.commands().some((c) => c.argv.some((a) => a.startsWith(`${bench.tmp}/afc-`)))).toBe(true);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('deletes the temporary folder when an install step fails, and reports the failing step and that the old cluster is gone', async () => {
    bench.setState('fail.json', [['helm', 'install']]);
    await expect(runClusterCreate('afc-dev', { expose: EXAMPLE_ARGS, static: makeStaticDir(bench) }, bench.host)).rejects.toThrow(
      /^installing prometheus_adapter failed with exit code 1: Error: helm install failed \(injected by the test\); the old k3d cluster afc-dev was deleted before this step and is gone \(with what ran in it\): fix the cause, then run afc cluster create again$/,
    );
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('maps an explicit host port that only the cluster being replaced holds', async () => {
    // The canned afc-dev maps host port 30000 (netstat lists it as listening): its deletion frees it.
    await runClusterCreate('afc-dev', { expose: ['http:30000'], static: makeStaticDir(bench) }, bench.host);
    expect(bench.commands().find((c) => c.argv[1] === 'create')!.argv.slice(-2)).toEqual(['--port', '30000:30080@agent:0']);
  });

  it('creates a new cluster without deleting anything when none of that name exists', async () => {
    bench.setState('clusters.json', []);
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, bench.host);
    expect(bench.commands().slice(0, 5).map((c) => `${c.tool} ${c.argv.slice(0, 2).join(' ')}`)).toEqual([
      'k3d cluster list',
      'k3d registry list',
      'netstat -latn',
      'k3d cluster list',
      'k3d cluster create',
    ]);
  });

  it('names the cluster after the login and the checkout folder for AUTO', async () => {
    await runClusterCreate('AUTO', { static: makeStaticDir(bench) }, bench.host);
    expect(bench.commands().find((c) => c.argv[1] === 'create')!.argv[2]).toBe('tester-openafc');
    expect(bench.stdout()).toContain("Cluster 'tester-openafc' (aka 'k3d-tester-openafc') created");
  });

  it('drops a k3d- prefix from the cluster name', async () => {
    await runClusterCreate('k3d-afc-dev', { static: makeStaticDir(bench) }, bench.host);
    expect(bench.commands().find((c) => c.argv[1] === 'delete')!.argv).toEqual(['cluster', 'delete', 'afc-dev']);
  });

  it('gives k3d the --kubeconfig file through KUBECONFIG, and kubectl and helm through --kubeconfig', async () => {
    const kubeconfig = join(bench.home, 'my-kubeconfig');
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench), kubeconfig }, bench.host);
    const log = bench.log();
    const k3dChanges = log.filter((c) => c.tool === 'k3d' && ['create', 'delete'].includes(c.argv[1]!));
    expect(k3dChanges.map((c) => c.kubeconfig)).toEqual([kubeconfig, kubeconfig]);
    expect(log.find((c) => c.argv[1] === 'create')!.argv).not.toContain('--config');
    const kubectlCreates = log.filter((c) => c.tool === 'kubectl' && c.argv[0] === 'create');
    expect(kubectlCreates.length).toBe(3);
    for (const c of kubectlCreates) expect(c.argv.slice(c.argv.indexOf('--kubeconfig'), c.argv.indexOf('--kubeconfig') + 2)).toEqual(['--kubeconfig', kubeconfig]);
    const helmInstall = log.find((c) => c.tool === 'helm' && c.argv[0] === 'install')!;
    expect(helmInstall.argv.slice(3, 7)).toEqual(['--kubeconfig', kubeconfig, '--kube-context', 'k3d-afc-dev']);
    const apiservice = log.find((c) => c.argv[1] === 'apiservice')!;
    expect(apiservice.argv).toEqual(['delete', 'apiservice', 'v1beta1.metrics.k8s.io', '--context', 'k3d-afc-dev', '--kubeconfig', kubeconfig]);
    expect(apiservice.kubeconfig).toBe(kubeconfig);
    expect(bench.stdout()).toContain(`kubeconfig \`${kubeconfig}' with default namespace.`);
  });

  it('creates the --namespace and makes it the context namespace', async () => {
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench), namespace: 'afc' }, bench.host);
    const cmds = bench.commands().map((c) => `${c.tool} ${c.argv.join(' ')}`);
    const at = cmds.indexOf('kubectl create namespace afc --context k3d-afc-dev');
    expect(at).toBeGreaterThan(0);
    expect(cmds[at + 1]).toBe('kubectl config set contexts.k3d-afc-dev.namespace afc');
    expect(cmds.filter((c) => c.startsWith('kubectl get namespaces')).length).toBe(1);
    expect(bench.stdout()).toContain("with namespace of 'afc'.");
  });

  it('goes on when a config command marked with "-" fails, with a warning', async () => {
    bench.setState('fail.json', [['kubectl', 'delete', 'apiservice']]);
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, bench.host);
    expect(bench.stderr()).toMatch(/afc: warning: installing prometheus_adapter: kubectl delete apiservice v1beta1.metrics.k8s.io failed with exit code 1: .* \(ignored\)/);
    expect(bench.commands().at(-1)!.argv[0]).toBe('install');
  });

  it('uses the installed items of a --cfg file over the built-in ones', async () => {
    const cfg = join(bench.root, 'cfg.yaml');
    const manifest = join(bench.work, 'extra.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n');
    writeFileSync(cfg, 'install:\n  prometheus_adapter: null\n  extra:\n    order: 5\n    namespace: extra\n    manifest_path: extra.yaml\n');
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench), cfg }, bench.host);
    const cmds = bench.commands().map((c) => `${c.tool} ${c.argv.join(' ')}`);
    expect(cmds.slice(-3)).toEqual([
      expect.stringMatching(/^kubectl create -f .*\/prometheus --context k3d-afc-dev --namespace monitoring$/),
      'kubectl create namespace extra --context k3d-afc-dev',
      `kubectl create -f ${manifest} --context k3d-afc-dev --namespace extra`,
    ]);
  });

  it('reads the config file named by K3D_CLUSTER_CREATE_CONFIG', async () => {
    const cfg = join(bench.root, 'cfg.yaml');
    writeFileSync(cfg, 'default_expose: [ratdb]\ninstall: {monitoring_namespace: null, prometheus_operator: null, prometheus: null, prometheus_adapter: null}\n');
    const env = { ...bench.host.env, K3D_CLUSTER_CREATE_CONFIG: cfg };
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, { ...bench.host, env });
    expect(bench.commands().at(-1)!.argv.slice(-2)).toEqual(['--port', '30002:31432@agent:0']);
  });

  it('finds the static files folder in the known locations of the config', async () => {
    const staticDir = makeStaticDir(bench);
    const cfg = join(bench.root, 'cfg.yaml');
    writeFileSync(cfg, `static_files:\n  known_locations: [/nonexistent/rat_transfer, ${staticDir}]\n  expected_items: [ULS_Database, RAS_Database]\n`);
    await runClusterCreate('afc-dev', { cfg }, bench.host);
    expect(bench.commands().find((c) => c.argv[1] === 'create')!.argv).toContain(`${staticDir}:/opt/afc/databases/rat_transfer`);
  });

  it('picks the registry named by --k3d-reg among several', async () => {
    bench.setState('registries.json', [
      { name: 'k3d-afcregistry.localhost', portMappings: { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '41237' }] } },
      { name: 'k3d-other.localhost', portMappings: { '5000/tcp': [{ HostIp: '0.0.0.0', HostPort: '41238' }] } },
    ]);
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench), k3dReg: ':41238' }, bench.host);
    const create = bench.commands().find((c) => c.argv[1] === 'create')!.argv;
    expect(create[create.indexOf('--registry-use') + 1]).toBe('k3d-other.localhost:41238');
  });

  it('reads used ports with ss when netstat is not installed', async () => {
    bench.removeTool('netstat');
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, bench.host);
    expect(bench.commands().filter((c) => c.tool === 'ss')).toEqual([{ tool: 'ss', argv: ['-latn'] }]);
    expect(bench.commands().find((c) => c.argv[1] === 'create')!.argv).toContain('30002:30080@agent:0');
  });

  it('reads used ports from /proc/net/tcp when neither netstat nor ss is installed', async () => {
    bench.removeTool('netstat');
    bench.removeTool('ss');
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, bench.host);
    expect(bench.commands().some((c) => c.tool === 'ss' || c.tool === 'netstat')).toBe(false);
    expect(bench.commands().find((c) => c.argv[1] === 'create')!.argv.join(' ')).toMatch(/--port \d+:30080@agent:0/);
  });

  it('prints every change with --dry-run and runs only the read-only queries', async () => {
    const staticDir = makeStaticDir(bench);
    await runClusterCreate('afc-dev', { expose: EXAMPLE_ARGS, static: staticDir, dryRun: true }, bench.host);
    expect(destructive(bench.commands())).toEqual([]);
    // The plan: each step's reason as a comment, then its commands.
    const all = bench.stdout().trimEnd().split('\n');
    expect(all.filter((l) => l.startsWith('#'))).toEqual([
      '# deleting k3d cluster afc-dev: k3d cluster afc-dev exists: it is replaced',
      '# creating k3d cluster afc-dev: the new cluster',
      '# installing monitoring_namespace: listed in the cluster config',
      '# installing prometheus_operator: listed in the cluster config',
      '# installing prometheus: listed in the cluster config',
      '# installing prometheus_adapter: listed in the cluster config',
    ]);
    const lines = all.filter((l) => !l.startsWith('#'));
    expect(lines[0]).toBe('k3d cluster delete afc-dev');
    expect(lines[1]).toBe(
      `k3d cluster create afc-dev --agents 2 -v ${staticDir}:/opt/afc/databases/rat_transfer -v /home:/hosthome --registry-use k3d-afcregistry.localhost:41237 --kubeconfig-switch-context --kubeconfig-update-default --port 30002:30080@agent:0 --port 30003:30443@agent:0 --port 8090:31090@agent:0`,
    );
    expect(lines.slice(2, 5)).toEqual([
      'kubectl create namespace monitoring --context k3d-afc-dev',
      'kubectl create -f https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.72.0/bundle.yaml --context k3d-afc-dev',
      expect.stringMatching(/^kubectl create -f \S+\/prometheus --context k3d-afc-dev --namespace monitoring$/),
    ]);
    expect(lines.slice(5)).toEqual([
      `cd ${bench.work} && kubectl delete apiservice v1beta1.metrics.k8s.io --context k3d-afc-dev`,
      'helm repo add prometheus-community https://prometheus-community.github.io/helm-charts',
      'helm repo update',
      expect.stringMatching(/^helm install custom-metrics prometheus-community\/prometheus-adapter --kube-context k3d-afc-dev --namespace monitoring --version 2\.14\.2 --values \S+ --wait --timeout 5m$/),
    ]);
    expect(bench.stderr()).toContain('afc: dry run: nothing was changed');
  });

  it('shows the KUBECONFIG a dry run would give k3d', async () => {
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench), dryRun: true, kubeconfig: '~/kc' }, bench.host);
    expect(bench.stdout().split('\n')[1]).toBe(`KUBECONFIG=${bench.home}/kc k3d cluster delete afc-dev`);
  });
});

describe('afc cluster create failures after the deletion (stand-ins that fail or hang at a chosen step)', () => {
  it('says clearly that the old cluster was deleted when k3d cluster create fails', async () => {
    bench.setState('fail.json', [['k3d', 'cluster', 'create']]);
    await expect(runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, bench.host)).rejects.toThrow(
      /^creating k3d cluster afc-dev failed with exit code 1: Error: k3d cluster create failed \(injected by the test\); the old k3d cluster afc-dev was deleted before this step and is gone \(with what ran in it\): fix the cause, then run afc cluster create again$/,
    );
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('does not claim a deletion when there was no cluster to delete', async () => {
    bench.setState('clusters.json', []);
    bench.setState('fail.json', [['k3d', 'cluster', 'create']]);
    await expect(runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, bench.host)).rejects.toThrow(
      /^creating k3d cluster afc-dev failed with exit code 1: Error: k3d cluster create failed \(injected by the test\)$/,
    );
  });

  it('stops a k3d cluster create that hangs and ignores SIGTERM at the --timeout, killing its process group', async () => {
    bench.setState('fail.json', [{ tool: 'k3d', args: ['cluster', 'create'], then: 'hang-ignoring-sigterm' }]);
    await expect(runClusterCreate('afc-dev', { static: makeStaticDir(bench), timeout: ['cluster=1s'] }, bench.host)).rejects.toThrow(
      /^creating k3d cluster afc-dev did not finish within 1s and was stopped: raise the limit with --timeout; the old k3d cluster afc-dev was deleted before/,
    );
    const pids = readPids(bench);
    expect(pids).toHaveLength(2);
    await waitUntil(() => pids.every((p) => !alive(p)));
    expect(pids.filter(alive)).toEqual([]);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });
});

describe('afc cluster create refusals (nothing is changed)', () => {
  const refuses = async (args: Parameters<typeof runClusterCreate>[1], message: RegExp, cluster = 'afc-dev'): Promise<void> => {
    await expect(runClusterCreate(cluster, args, bench.host)).rejects.toThrow(message);
    expect(destructive(bench.commands())).toEqual([]);
  };

  it('refuses an unknown node port name before running anything', async () => {
    await refuses({ expose: ['http,bogus'], static: makeStaticDir(bench) }, /--expose: "bogus" is not a known node port name: use one of bulk_postgres, grafana, http, https, msghnd, prometheus, rat_server, ratdb, rcache/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses an explicit host port that something else listens on, before deleting the cluster', async () => {
    // 30000 is listening (canned netstat) and no longer mapped by the cluster being replaced.
    bench.setState('clusters.json', [{ name: 'afc-dev', nodes: [{ name: 'k3d-afc-dev-agent-0', portMappings: {} }] }]);
    await refuses({ expose: ['http:30000'], static: makeStaticDir(bench) }, /^host port 30000 \(--expose \.\.\.:30000\) is in use on this machine: choose another host port, or leave it out to get a free one from 30000 up$/);
    expect(JSON.parse(readFileSync(join(bench.state, 'clusters.json'), 'utf8'))).toHaveLength(1);
  });

  it('refuses a node port outside the NodePort range before running anything', async () => {
    await refuses({ expose: ['12345'], static: makeStaticDir(bench) }, /^--expose: node port 12345 is outside Kubernetes' NodePort range 30000-32767: give a node port in that range or a name \(bulk_postgres, /);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a static folder whose path holds ":" or "," (k3d would read mount options or node filters)', async () => {
    for (const name of ['rat:rw', 'rat,x']) {
      const dir = join(bench.root, name);
      mkdirSync(join(dir, 'ULS_Database'), { recursive: true });
      mkdirSync(join(dir, 'RAS_Database'));
      await refuses({ static: dir }, new RegExp(`^static files folder "${dir}" contains "${name[3]}", which k3d, kubectl and helm read as a separator`));
    }
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a host port mapped twice', async () => {
    await refuses({ expose: ['http:8080', 'https:8080'], static: makeStaticDir(bench) }, /host port 8080 is mapped more than once/);
  });

  it('refuses a malformed --expose item', async () => {
    await refuses({ expose: ['http:80x'], static: makeStaticDir(bench) }, /--expose "http:80x": host port 80x is not a port number/);
  });

  it('refuses a static folder without the expected items', async () => {
    const dir = makeStaticDir(bench, ['ULS_Database']);
    await refuses({ static: dir }, new RegExp(`static files folder "${dir}" does not hold ULS_Database, RAS_Database`));
    expect(bench.commands()).toEqual([]);
  });

  it('refuses when no known location holds the static files', async () => {
    await refuses({}, /no static files folder \(holding ULS_Database, RAS_Database\) at \/opt\/afc\/databases\/rat_transfer: give it with --static DIR/);
  });

  it('refuses several registries when --k3d-reg does not choose one', async () => {
    bench.setState('registries.json', [
      { name: 'k3d-a.localhost', portMappings: { '5000/tcp': [{ HostPort: '41237' }] } },
      { name: 'k3d-b.localhost', portMappings: { '5000/tcp': [{ HostPort: '41238' }] } },
    ]);
    await refuses({ static: makeStaticDir(bench) }, /several k3d registries are running \(k3d-a.localhost:41237, k3d-b.localhost:41238\): choose one with --k3d-reg/);
  });

  it('refuses when no registry is running', async () => {
    bench.setState('registries.json', []);
    await refuses({ static: makeStaticDir(bench) }, /no k3d registry is running: .* --k3d-reg/);
  });

  it('refuses a --k3d-reg that matches no registry', async () => {
    await refuses({ static: makeStaticDir(bench), k3dReg: 'other' }, /no running k3d registry matches --k3d-reg "other" \(running: k3d-afcregistry.localhost:41237\)/);
  });

  it('refuses a temporary KUBECONFIG without --kubeconfig', async () => {
    const env = { ...bench.host.env, KUBECONFIG: join(bench.tmp, 'kubie-12345.yaml') };
    await expect(runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, { ...bench.host, env })).rejects.toThrow(
      /is a temporary file \(a context switcher's\?\): name the real kubeconfig with --kubeconfig FILE/,
    );
    expect(bench.commands()).toEqual([]);
  });

  it("refuses kubie's copy by its variables, wherever it is", async () => {
    const dir = makeStaticDir(bench);
    for (const extra of [
      { KUBECONFIG: join(bench.tmp, 'ctx.yaml'), KUBIE_ACTIVE: '1' },
      { KUBECONFIG: join(bench.home, 'kubie', 'ctx.yaml'), KUBIE_KUBECONFIG: join(bench.home, 'kubie', 'ctx.yaml') },
    ]) {
      const env = { ...bench.host.env, ...extra };
      await expect(runClusterCreate('afc-dev', { static: dir }, { ...bench.host, env })).rejects.toThrow(/is a temporary file \(a context switcher's\?\)/);
    }
    expect(bench.commands()).toEqual([]);
  });

  it("uses a user's own KUBECONFIG in the temporary folder (k3d updates it)", async () => {
    const kubeconfig = join(bench.tmp, 'kubeconfig.yaml');
    const env = { ...bench.host.env, KUBECONFIG: kubeconfig };
    await runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, { ...bench.host, env });
    expect(bench.commands().filter((c) => c.tool === 'k3d' && c.argv[1] === 'create')).toHaveLength(1);
  });

  it('refuses a KUBECONFIG that lists several files without --kubeconfig', async () => {
    const env = { ...bench.host.env, KUBECONFIG: `${bench.home}/a:${bench.home}/b` };
    await expect(runClusterCreate('afc-dev', { static: makeStaticDir(bench) }, { ...bench.host, env })).rejects.toThrow(/KUBECONFIG lists 2 files/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a cluster name that is not an RFC 1123 label', async () => {
    await refuses({ static: makeStaticDir(bench) }, /cluster name "Afc_Dev" is not an RFC 1123 label/, 'Afc_Dev');
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a config file with an unknown key', async () => {
    const cfg = join(bench.root, 'cfg.yaml');
    writeFileSync(cfg, 'install:\n  x:\n    manifest_pth: a.yaml\n');
    await refuses({ static: makeStaticDir(bench), cfg }, /config file ".*cfg.yaml": install.x: Unrecognized key: "manifest_pth"/);
  });

  it('refuses a config manifest_path that does not exist', async () => {
    const cfg = join(bench.root, 'cfg.yaml');
    writeFileSync(cfg, 'install:\n  x:\n    manifest_path: missing.yaml\n');
    await refuses({ static: makeStaticDir(bench), cfg }, new RegExp(`config item x: manifest_path "${bench.work}/missing.yaml" does not exist`));
  });

  it('refuses a config command that needs a shell', async () => {
    const cfg = join(bench.root, 'cfg.yaml');
    writeFileSync(cfg, 'install:\n  x:\n    cmd: ["kubectl get pods | grep x"]\n');
    await refuses({ static: makeStaticDir(bench), cfg }, /config item x: command "kubectl get pods \| grep x" needs a shell \("\|"\)/);
    expect(bench.commands()).toEqual([]);
  });
});

describe('afc cluster delete', () => {
  it('deletes the cluster until k3d no longer lists it', async () => {
    await runClusterDelete('afc-dev', {}, bench.host);
    expect(bench.commands()).toEqual([
      { tool: 'k3d', argv: ['cluster', 'list', '-o', 'json'] },
      { tool: 'k3d', argv: ['cluster', 'list', '-o', 'json'] },
      { tool: 'k3d', argv: ['cluster', 'delete', 'afc-dev'] },
      { tool: 'k3d', argv: ['cluster', 'list', '-o', 'json'] },
    ]);
    expect(bench.stdout()).toBe("Cluster 'afc-dev' deleted.\n");
  });

  it('refuses a cluster that does not exist', async () => {
    await expect(runClusterDelete('other', {}, bench.host)).rejects.toThrow(/k3d cluster "other" not found \(clusters: afc-dev\)/);
    expect(destructive(bench.commands())).toEqual([]);
  });

  it('prints the deletion with --dry-run and deletes nothing', async () => {
    await runClusterDelete('afc-dev', { dryRun: true }, bench.host);
    expect(bench.stdout()).toBe('k3d cluster delete afc-dev\n');
    expect(destructive(bench.commands())).toEqual([]);
  });

  it('gives up after ten deletions that do not remove the cluster', async () => {
    bench.setState('k3d-delete-is-a-no-op', '');
    await expect(runClusterDelete('afc-dev', {}, bench.host)).rejects.toThrow(/still listed after 10 deletions/);
    expect(bench.commands().filter((c) => c.argv[1] === 'delete').length).toBe(10);
  });
});

describe('afc cluster ports', () => {
  it('reproduces the recorded ports run', async () => {
    await runClusterPorts('afc-dev', {}, bench.host);
    expect(bench.commands()).toEqual(recordedCommands('ports'));
    expect(bench.stdout()).toBe(recordedStdout('ports'));
  });

  it('finds the cluster of the current context for CURRENT', async () => {
    await runClusterPorts('CURRENT', {}, bench.host);
    expect(bench.commands()).toEqual([
      { tool: 'kubectl', argv: ['config', 'view', '-o', 'json'] },
      { tool: 'k3d', argv: ['cluster', 'list', '-o', 'json'] },
    ]);
    expect(bench.stdout()).toBe(recordedStdout('ports'));
  });

  it('takes the cluster of CURRENT from --kubeconfig and --context, and refuses them with a cluster name', async () => {
    const kubeconfig = join(bench.home, 'kc.json');
    writeFileSync(
      kubeconfig,
      JSON.stringify({ contexts: [{ name: 'k3d-afc-dev', context: { cluster: 'k3d-afc-dev' } }, { name: 'gke', context: { cluster: 'gke' } }], 'current-context': 'gke' }),
    );
    await runClusterPorts('CURRENT', { kubeconfig, context: ':afc-dev' }, bench.host);
    expect(bench.commands()[0]).toEqual({ tool: 'kubectl', argv: ['config', 'view', '-o', 'json', '--kubeconfig', kubeconfig] });
    expect(bench.stdout()).toBe(recordedStdout('ports'));
    await expect(runClusterPorts('CURRENT', { kubeconfig }, bench.host)).rejects.toThrow(/context "gke" is on cluster "gke", not a k3d cluster/);
    await expect(runClusterPorts('afc-dev', { context: ':afc-dev' }, bench.host)).rejects.toThrow(
      /^--context and --kubeconfig choose the cluster of CURRENT: give CURRENT instead of "afc-dev", or leave them out$/,
    );
  });

  it('prints node ports that no component owns without a name', async () => {
    bench.setState('clusters.json', [{ name: 'x', nodes: [{ portMappings: { '30999/tcp': [{ HostPort: '8000' }], '53/udp': [{ HostPort: '53' }] } }] }]);
    await runClusterPorts('x', {}, bench.host);
    expect(bench.stdout()).toBe('8000 -> 30999\n');
  });

  it('refuses CURRENT when the current context is not a k3d cluster', async () => {
    bench.setState('kubeconfig.json', { contexts: [{ name: 'gke', context: { cluster: 'gke_x' } }], 'current-context': 'gke' });
    await expect(runClusterPorts('CURRENT', {}, bench.host)).rejects.toThrow(/context "gke" is on cluster "gke_x", not a k3d cluster/);
  });

  it('refuses a cluster that k3d does not list', async () => {
    await expect(runClusterPorts('nope', {}, bench.host)).rejects.toThrow(/k3d cluster "nope" not found/);
  });
});

describe('the built-in cluster config', () => {
  it('equals the original config file apart from the two paths into the original checkout', () => {
    const original = parseYaml(readFileSync(join(FIXTURES, 'cluster-create-config.yaml'), 'utf8')) as typeof DEFAULT_CLUSTER_CONFIG;
    const { manifest_path: _p, ...prometheus } = original.install.prometheus as { manifest_path: string };
    const { helm_values: _v, ...adapter } = original.install.prometheus_adapter as { helm_values: string[] };
    expect(_p).toBe('helm/monitoring/prometheus');
    expect(_v).toEqual(['helm/monitoring/prometheus_adapter/values-prometheus_adapter.yaml']);
    expect(DEFAULT_CLUSTER_CONFIG).toEqual({
      ...original,
      install: {
        ...original.install,
        prometheus: { ...prometheus, manifest_builtin: 'prometheus' },
        prometheus_adapter: { ...adapter, helm_builtin_values: ['prometheus_adapter'] },
      },
    });
  });
});
