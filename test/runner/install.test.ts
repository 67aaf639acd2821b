import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runInstall, type InstallOptions } from '../../src/runner/install.js';
import { diffObjects, fixOriginalDefects, parseStream, readStream, type Obj } from '../support/compare.js';
import { helmTemplate } from '../support/helm.js';
import { installStandins } from '../standins/standin.js';
import { CANNED_REGISTRY, alive, destructive, makeBench, readPids, waitUntil, type Bench } from './support.js';

let bench: Bench;
beforeEach(() => {
  bench = makeBench();
});
afterEach(() => bench.cleanup());

const REGISTRY = CANNED_REGISTRY.address;
const RECOMMENDED: InstallOptions = { tag: 'mytag', http: true, noSecrets: true, wait: '5m' };

const install = (opts: InstallOptions, release = 'afc'): Promise<void> => runInstall(release, opts, bench.host);
const line = (c: { tool: string; argv: string[] }): string => `${c.tool} ${c.argv.join(' ')}`;
/** helm calls of a verb, without the server-side checks (`--dry-run=server`). */
const helmCalls = (verb: string) => bench.commands().filter((c) => c.tool === 'helm' && c.argv[0] === verb && !c.argv.includes('--dry-run=server'));

/** The chart folder the stand-in helm received, as a placeholder in command lines. */
function withChartPlaceholder(cmds: { tool: string; argv: string[] }[]): string[] {
  return cmds.map((c) => line(c).replace(new RegExp(`${bench.tmp}/afc-[^/ ]+/afc-int`), 'CHART'));
}

// The runtime values (max workers, the user's own values, AUTO names) are planned without processes in
// install-plan.test.ts; here the stand-ins prove the commands actually run.
const RUNTIME_SETS =
  ` --set components.default.imageTag=mytag --set imageRepositories.k3d.path=${REGISTRY}` +
  ' --set components.default.imageRepositoryKeyOverride=k3d' +
  ' --set components.dispatcher.serviceType=NodePort --set components.prometheus.serviceType=NodePort' +
  ' --set components.worker.hpa.maxReplicas=1';

// The helm stand-in plays the major AFC_STANDIN_HELM_VERSION names and refuses the other major's flags
// (Helm 4: no list --all; Helm 3: no --wait=STRATEGY, no --force-conflicts), as the real ones do.
describe.each([
  { version: 'v3.16.4', list: 'helm list -o json --all', wait: '--wait' },
  { version: 'v4.3.2', list: 'helm list -o json', wait: '--wait=watcher' },
])('afc install with helm $version', ({ version, list, wait }) => {
  beforeEach(() => {
    bench.cleanup();
    bench = makeBench({ env: { AFC_STANDIN_HELM_VERSION: version } });
  });

  it('asks helm its version once, then runs each helm command with the argv of that major', async () => {
    await install(RECOMMENDED);
    expect(withChartPlaceholder(bench.commands())).toEqual([
      'kubectl config view -o json',
      'k3d cluster list -o json',
      'k3d registry list -o json',
      'helm version --template {{ .Version }}',
      `${list} --kube-context k3d-afc-dev --namespace default`,
      'kubectl get secret afc-applyset-afc --namespace default --ignore-not-found -o name --context k3d-afc-dev',
      `helm install afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} --dry-run=server -o json`,
      `helm install afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} ${wait} --timeout 5m`,
    ]);
  });

  it('uninstalls with the wait of that major, and reinstalls', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed' }]);
    await install(RECOMMENDED);
    expect(withChartPlaceholder(destructive(bench.commands()))).toEqual([
      `helm uninstall afc --kube-context k3d-afc-dev --namespace default ${wait}`,
      `helm install afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} ${wait} --timeout 5m`,
    ]);
  });

  it('checks an upgrade on the server, then who owns its fields, then upgrades', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed', applyMethod: 'ssa' }]);
    bench.setState('helm-manifest.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: afc-config\ndata:\n  A: "1"\n');
    await install({ ...RECOMMENDED, upgrade: true });
    const cmds = withChartPlaceholder(bench.commands()).slice(4);
    expect(cmds.map((c) => c.replace(/\/\S*\/\d\d-upgrade\.yaml/, 'FILE'))).toEqual([
      `${list} --kube-context k3d-afc-dev --namespace default`,
      'kubectl get secret afc-applyset-afc --namespace default --ignore-not-found -o name --context k3d-afc-dev',
      ...(version.startsWith('v4') ? ['helm get metadata afc -o json --kube-context k3d-afc-dev --namespace default'] : []),
      // The running pod volume order (kept); is it a release of the original chart (to migrate)? No.
      'helm get manifest afc --kube-context k3d-afc-dev --namespace default',
      `${list} --kube-context k3d-afc-dev --namespace default`,
      `helm upgrade afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} --dry-run=server -o json`,
      'kubectl get -f FILE -n default --ignore-not-found --show-managed-fields -o jsonpath={@} --context k3d-afc-dev',
      `helm upgrade afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} ${wait} --timeout 5m`,
    ]);
  });

  it('refuses, before anything changes, an upgrade that takes fields another manager owns', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed', applyMethod: 'ssa' }]);
    bench.setState('helm-manifest.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: afc-config\ndata:\n  A: "1"\n');
    const cm = (managedFields: unknown[]): unknown => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'afc-config', namespace: 'default', managedFields }, data: { A: '2' } });
    const helmEntry = { manager: 'helm', operation: version.startsWith('v4') ? 'Apply' : 'Update', fieldsV1: { 'f:data': { '.': {} } } };
    bench.setState('live-objects.json', { kind: 'List', items: [cm([helmEntry, { manager: 'kubectl-edit', operation: 'Update', fieldsV1: { 'f:data': { 'f:A': {} } } }])] });
    bench.setState('forced-objects.json', { kind: 'List', items: [cm([{ ...helmEntry, operation: 'Apply', fieldsV1: { 'f:data': { 'f:A': {} } } }])] });
    const how = version.startsWith('v4')
      ? `helm ${version} upgrades release afc server-side and would fail on 1 field\\(s\\) other managers own \\(its --dry-run=server does not check them\\)`
      : `helm ${version} would silently overwrite 1 field\\(s\\) of release afc that another manager wrote last \\(a client-side three-way merge\\)`;
    await expect(install({ ...RECOMMENDED, upgrade: true })).rejects.toThrow(
      new RegExp(`^${how}, nothing was changed: ConfigMap default/afc-config \\.data\\.A \\(kubectl-edit\\): change them back, or put the live values into the chart \\(--set/--values\\), or pass --force-conflicts to overwrite them with the chart's values$`),
    );
    expect(destructive(bench.commands())).toEqual([]);
    // --force-conflicts: Helm 4 takes them over (its flag), Helm 3 overwrites them anyway.
    await install({ ...RECOMMENDED, upgrade: true, forceConflicts: true });
    expect(withChartPlaceholder(destructive(bench.commands()))).toEqual([
      `helm upgrade afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS}${version.startsWith('v4') ? ' --force-conflicts' : ''} ${wait} --timeout 5m`,
    ]);
  });

  it('refuses a release afc apply drives before anything changes', async () => {
    bench.setState('secrets.json', ['afc-applyset-afc']);
    for (const upgrade of [false, true]) {
      await expect(install({ ...RECOMMENDED, upgrade })).rejects.toThrow(
        /^release afc in namespace default is driven by afc apply \(its ApplySet parent Secret afc-applyset-afc exists\), nothing was changed: keep using afc apply for it, or install under another release name$/,
      );
    }
    expect(destructive(bench.commands())).toEqual([]);
    expect(bench.commands().some((c) => c.argv.includes('--dry-run=server'))).toBe(false);
  });
});

describe('afc install', () => {
  it('queries the context, the cluster, the registry and the releases, then runs helm install with the runtime values', async () => {
    await install(RECOMMENDED);
    // The canned cluster maps node ports 30080, 30443 (dispatcher) and 31090 (prometheus); 2 CPUs and
    // 2 engines per worker make at most 1 worker pod.
    expect(withChartPlaceholder(bench.commands()).filter((c) => c.startsWith('helm install'))).toEqual([
      `helm install afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} --dry-run=server -o json`,
      `helm install afc CHART --kube-context k3d-afc-dev --namespace default${RUNTIME_SETS} --wait --timeout 5m`,
    ]);
    expect(bench.stdout()).toBe(
      "Release 'afc' installed in namespace 'default' of context 'k3d-afc-dev'.\nNodePort components: dispatcher, prometheus (host ports: afc cluster ports afc-dev).\n",
    );
    expect(bench.stderr()).toMatch(/afc: installing release afc in k3d-afc-dev\/default: done in \d+\.\ds/);
  });

  it('removes the temporary chart folder afterwards, and when helm fails', async () => {
    await install(RECOMMENDED);
    expect(readdirSync(bench.tmp)).toEqual([]);
    bench.setState('fail.json', [{ tool: 'helm', args: ['install'], hasNot: '--dry-run=server' }]);
    await expect(install(RECOMMENDED)).rejects.toThrow(/installing release afc failed with exit code 1/);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('uninstalls an existing release first, waiting until its objects are gone', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed' }]);
    await install(RECOMMENDED);
    expect(withChartPlaceholder(destructive(bench.commands()))).toEqual([
      'helm uninstall afc --kube-context k3d-afc-dev --namespace default --wait',
      expect.stringMatching(/^helm install afc CHART /),
    ]);
  });

  it('upgrades an existing release with --upgrade, and installs a missing one', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc' }]);
    await install({ ...RECOMMENDED, upgrade: true });
    expect(withChartPlaceholder(destructive(bench.commands()))).toEqual([expect.stringMatching(/^helm upgrade afc CHART --kube-context k3d-afc-dev /)]);
    expect(bench.stdout()).toMatch(/^Release 'afc' upgraded/);
    bench.setState('helm-releases.json', [{ name: 'other' }]);
    await install({ ...RECOMMENDED, upgrade: true });
    expect(helmCalls('install').length).toBe(1);
  });

  it('makes the components of --expose NodePort instead of those the cluster maps', async () => {
    await install({ expose: ['ratdb,http', 'msghnd'] });
    const args = helmCalls('install')[0]!.argv;
    expect(args.filter((a) => a.endsWith('serviceType=NodePort'))).toEqual([
      'components.dispatcher.serviceType=NodePort',
      'components.msghnd.serviceType=NodePort',
      'components.ratdb.serviceType=NodePort',
    ]);
    expect(bench.commands().some((c) => c.argv.join(' ') === 'cluster list -o json')).toBe(false);
  });

  it('sets no image tag, registry or override without --tag, and does not ask for the registry', async () => {
    await install({});
    const args = helmCalls('install')[0]!.argv;
    expect(args.filter((a) => /imageTag|imageRepositor/.test(a))).toEqual([]);
    expect(bench.commands().some((c) => c.argv[0] === 'registry')).toBe(false);
    expect(args).not.toContain('--wait');
  });

  it('uses the context, kubeconfig and namespace of --context and --namespace', async () => {
    const kubeconfig = join(bench.home, 'kc.json');
    writeFileSync(
      kubeconfig,
      JSON.stringify({ contexts: [{ name: 'k3d-other', context: { cluster: 'k3d-other', namespace: 'afc' } }], 'current-context': 'k3d-other' }),
    );
    bench.setState('clusters.json', [{ name: 'other', nodes: [{ portMappings: { '31000/tcp': [{ HostPort: '30000' }] } }] }]);
    await install({ context: `${kubeconfig}:other` });
    expect(withChartPlaceholder(bench.commands())).toEqual([
      `kubectl config view -o json --kubeconfig ${kubeconfig}`,
      'k3d cluster list -o json',
      'helm version --template {{ .Version }}',
      `helm list -o json --all --kubeconfig ${kubeconfig} --kube-context k3d-other --namespace afc`,
      `kubectl get secret afc-applyset-afc --namespace afc --ignore-not-found -o name --kubeconfig ${kubeconfig} --context k3d-other`,
      `helm install afc CHART --kubeconfig ${kubeconfig} --kube-context k3d-other --namespace afc --set components.grafana.serviceType=NodePort --set components.worker.hpa.maxReplicas=1 --dry-run=server -o json`,
      `helm install afc CHART --kubeconfig ${kubeconfig} --kube-context k3d-other --namespace afc --set components.grafana.serviceType=NodePort --set components.worker.hpa.maxReplicas=1`,
    ]);
    await install({ context: `${kubeconfig}:`, namespace: 'elsewhere' });
    expect(helmCalls('install')[1]!.argv.slice(3, 9)).toEqual(['--kubeconfig', kubeconfig, '--kube-context', 'k3d-other', '--namespace', 'elsewhere']);
  });

  it('builds, pushes, installs and preloads ratdb for the recommended invocation', async () => {
    // The build script belongs to the OpenAFC checkout: here it is the stand-in, which records the call
    // under its name (and does nothing else for a name it does not play).
    mkdirSync(join(bench.work, 'tests/regression'), { recursive: true });
    writeFileSync(join(bench.work, 'tests/Dockerfile'), '');
    installStandins(join(bench.work, 'tests/regression'), ['build_imgs.sh']);
    await install({ ...RECOMMENDED, build: true, preloadRatdb: true });
    const changes = withChartPlaceholder(destructive(bench.commands()));
    expect(changes.slice(0, 6)).toEqual([
      `build_imgs.sh ${bench.work} mytag 0`,
      `docker image tag 1111aaaa2222 ${REGISTRY}/rmq-image:mytag`,
      `docker image push ${REGISTRY}/rmq-image:mytag`,
      `docker image tag 3333bbbb4444 ${REGISTRY}/afc-worker:mytag`,
      `docker image push ${REGISTRY}/afc-worker:mytag`,
      expect.stringMatching(/^helm install afc CHART .* --wait --timeout 5m$/),
    ]);
    expect(changes[6]).toBe('docker build . -t temp_rtest:temp_abcdefgh -f tests/Dockerfile');
    expect(changes.at(-1)).toBe(
      'kubectl exec --namespace default --context k3d-afc-dev webui-7f6d5c4b3-xyz12 -- rat-manage-api cert_id create --location 3 --cert_id FsDownloaderCertIdBR --ruleset_id BRAZIL_RULESETID',
    );
  });

  it('does not preload ratdb again when --upgrade upgraded a running release', async () => {
    mkdirSync(join(bench.work, 'tests'));
    writeFileSync(join(bench.work, 'tests/Dockerfile'), '');
    bench.setState('helm-releases.json', [{ name: 'afc' }]);
    await install({ ...RECOMMENDED, upgrade: true, preloadRatdb: true });
    expect(destructive(bench.commands()).map((c) => c.tool)).toEqual(['helm']);
    expect(bench.stderr()).toContain('afc: release upgraded: ratdb is not preloaded again');
  });

  it('prints the changes with --dry-run and runs only the read-only queries', async () => {
    bench.setState('helm-releases.json', [{ name: 'afc' }]);
    await install({ ...RECOMMENDED, push: true, dryRun: true });
    expect(destructive(bench.commands())).toEqual([]);
    // The plan: each step's reason as a comment, then its command; the chart is the placeholder CHART
    // (the temporary folder is gone when the output is read).
    expect(bench.stdout().trimEnd().split('\n')).toEqual([
      `# pushing the images with tag mytag to ${REGISTRY}: --push`,
      `docker image tag 1111aaaa2222 ${REGISTRY}/rmq-image:mytag`,
      `docker image push ${REGISTRY}/rmq-image:mytag`,
      `docker image tag 3333bbbb4444 ${REGISTRY}/afc-worker:mytag`,
      `docker image push ${REGISTRY}/afc-worker:mytag`,
      '# uninstalling release afc: release afc exists and --upgrade was not given: a fresh install replaces it',
      'helm uninstall afc --kube-context k3d-afc-dev --namespace default --wait',
      '# installing release afc in k3d-afc-dev/default: the fresh install',
      expect.stringMatching(/^helm install afc CHART --kube-context k3d-afc-dev --namespace default --set .* --wait --timeout 5m$/),
    ]);
    // The server-side check of the new chart ran (a query), with the real chart.
    expect(bench.commands().filter((c) => c.argv.includes('--dry-run=server'))).toHaveLength(1);
    expect(bench.stderr()).toContain('afc: dry run: nothing was changed (CHART stands for the chart, written to a temporary folder; keep it with --keep-chart DIR)');
    expect(readdirSync(bench.tmp)).toEqual([]);
  });
});

describe('afc install --keep-chart', () => {
  it('writes the chart into the new folder, keeps it, and names it in the commands (--dry-run too)', async () => {
    const kept = join(bench.root, 'kept-chart');
    await install({ keepChart: kept, dryRun: true });
    expect(readdirSync(kept)).toContain('Chart.yaml');
    expect(bench.stdout()).toContain(`helm install afc ${kept} --kube-context k3d-afc-dev`);
    expect(bench.stderr()).toContain(`afc: dry run: nothing was changed (the chart is kept in ${kept})`);
    expect(bench.commands().find((c) => c.argv.includes('--dry-run=server'))!.argv[2]).toBe(kept);
    // A folder that now holds files is the user's: refused, before any program runs.
    const before = bench.commands().length;
    await expect(install({ keepChart: kept })).rejects.toThrow(/^--keep-chart ".*kept-chart" is not a new or empty folder/);
    expect(bench.commands()).toHaveLength(before);
    expect(readdirSync(kept)).toContain('Chart.yaml');
  });
});

describe('afc install: check before destroy, failures, timeouts (stand-ins that fail or hang at a chosen step)', () => {
  const EXISTING = [{ name: 'afc', namespace: 'default', status: 'deployed', revision: '3', chart: 'afc-int-0.0.0' }];
  const releases = (): string[] => (JSON.parse(readFileSync(join(bench.state, 'helm-releases.json'), 'utf8')) as { name: string }[]).map((r) => r.name);

  it('validates the new chart against the cluster and refuses before uninstalling anything when that fails', async () => {
    bench.setState('helm-releases.json', EXISTING);
    bench.setState('fail.json', [{ tool: 'helm', args: ['install'], has: '--dry-run=server' }]);
    await expect(install(RECOMMENDED)).rejects.toThrow(
      /^checking the new chart of release afc against the cluster failed with exit code 1: Error: helm install failed \(injected by the test\)$/,
    );
    expect(destructive(bench.commands())).toEqual([]);
    expect(releases()).toEqual(['afc']);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('checks the upgrade (helm upgrade --dry-run=server) before upgrading', async () => {
    // (A release listed as of chart afc-int is first asked whether it is the original chart: migrate's part.)
    bench.setState('helm-releases.json', [{ name: 'afc', namespace: 'default', status: 'deployed', revision: '3' }]);
    bench.setState('fail.json', [{ tool: 'helm', args: ['upgrade'], has: '--dry-run=server' }]);
    await expect(install({ ...RECOMMENDED, upgrade: true })).rejects.toThrow(/^checking the new chart of release afc against the cluster failed/);
    expect(destructive(bench.commands())).toEqual([]);
  });

  it('says plainly that the old release is gone, and how to get it back, when the install after the uninstall fails', async () => {
    bench.setState('helm-releases.json', EXISTING);
    bench.setState('fail.json', [{ tool: 'helm', args: ['install'], hasNot: '--dry-run=server' }]);
    await expect(install(RECOMMENDED)).rejects.toThrow(
      /^installing release afc failed with exit code 1: Error: helm install failed \(injected by the test\); the old release afc was uninstalled before this step and is gone \(it was revision 3 of afc-int-0\.0\.0\): fix the cause, then run this afc install again to install it anew$/,
    );
    expect(destructive(bench.commands()).map((c) => c.argv[0])).toEqual(['uninstall', 'install']);
  });

  it('does not mention a lost release when nothing was uninstalled', async () => {
    bench.setState('fail.json', [{ tool: 'helm', args: ['install'], hasNot: '--dry-run=server' }]);
    await expect(install(RECOMMENDED)).rejects.toThrow(/^installing release afc failed with exit code 1: Error: helm install failed \(injected by the test\)$/);
  });

  it('stops a hanging helm at the --timeout of its kind, kills it, and says the old release is gone', async () => {
    bench.setState('helm-releases.json', EXISTING);
    // The check passes, the install hangs; without --wait helm's limit is --timeout's.
    bench.setState('fail.json', [{ tool: 'helm', args: ['install'], hasNot: '--dry-run=server', then: 'hang-ignoring-sigterm' }]);
    await expect(install({ timeout: ['helm=1s'] })).rejects.toThrow(/^installing release afc did not finish within 1s and was stopped: raise the limit with --timeout; the old release afc was uninstalled before/);
    const pids = readPids(bench);
    await waitUntil(() => pids.every((p) => !alive(p)));
    expect(pids.filter(alive)).toEqual([]);
    expect(readdirSync(bench.tmp)).toEqual([]);
  });

  it('refuses a bad --timeout before running anything', async () => {
    await expect(install({ timeout: ['helm=soon'] })).rejects.toThrow(/^--timeout "helm=soon": "soon" is not a positive duration: use e.g. 30s, 5m or 1h30m$/);
    expect(bench.commands()).toEqual([]);
  });
});

describe('afc install refusals (nothing is changed)', () => {
  const refuses = async (opts: InstallOptions, message: RegExp, release = 'afc'): Promise<void> => {
    await expect(install(opts, release)).rejects.toThrow(message);
    expect(destructive(bench.commands())).toEqual([]);
  };

  it('refuses --preload-ratdb without --wait', async () => {
    await refuses({ preloadRatdb: true }, /--preload-ratdb needs --wait DURATION/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses --push without --tag', async () => {
    await refuses({ push: true }, /--push needs --tag/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses --build without --tag', async () => {
    await refuses({ build: true }, /--build needs --tag/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses an unknown node port name in --expose', async () => {
    await refuses({ expose: ['http,nope'] }, /--expose: "nope" is not a known node port name: use one of bulk_postgres, grafana, http, https/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a context that is not a k3d cluster', async () => {
    bench.setState('kubeconfig.json', {
      contexts: [{ name: 'gke_prod', context: { cluster: 'gke_prod' } }, { name: 'k3d-afc-dev', context: { cluster: 'k3d-afc-dev' } }],
      'current-context': 'gke_prod',
    });
    await refuses({}, /context "gke_prod" is on cluster "gke_prod", not a k3d cluster: choose a k3d context with --context/);
  });

  it('refuses a namespace read from the kubeconfig that is not an RFC 1123 label (it would become an option)', async () => {
    bench.setState('kubeconfig.json', {
      contexts: [{ name: 'k3d-afc-dev', context: { cluster: 'k3d-afc-dev', namespace: '--kubeconfig=/etc/evil' } }],
      'current-context': 'k3d-afc-dev',
    });
    await refuses({}, /^namespace \(of context k3d-afc-dev\) "--kubeconfig=\/etc\/evil" is not an RFC 1123 label/);
    expect(bench.commands().map((c) => c.argv.join(' '))).toEqual(['config view -o json']);
  });

  it('refuses a context that the kubeconfig does not define', async () => {
    await refuses({ context: ':nope' }, /context "nope" not found \(contexts: k3d-afc-dev\): fix --context/);
  });

  it('refuses a kubeconfig file that does not exist', async () => {
    await refuses({ context: '/nonexistent/kc:afc-dev' }, /kubeconfig file "\/nonexistent\/kc" \(from --context \/nonexistent\/kc:afc-dev\) does not exist/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses several registries when --k3d-reg does not choose one', async () => {
    bench.setState('registries.json', [
      { name: 'k3d-a.localhost', portMappings: { '5000/tcp': [{ HostPort: '1' }] } },
      { name: 'k3d-b.localhost', portMappings: { '5000/tcp': [{ HostPort: '2' }] } },
    ]);
    await refuses({ tag: 'mytag', push: true }, /several k3d registries are running \(k3d-a.localhost:1, k3d-b.localhost:2\): choose one with --k3d-reg/);
  });

  it('refuses a release name that is not RFC 1123', async () => {
    await refuses({}, /release name "My_Release" is not an RFC 1123 label of at most 53 characters/, 'My_Release');
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a release name longer than helm allows', async () => {
    await refuses({}, /is not an RFC 1123 label of at most 53 characters/, 'a'.repeat(54));
  });

  it('refuses a --wait that is not a duration', async () => {
    await refuses({ wait: '5 minutes' }, /--wait "5 minutes" is not a duration: use e.g. 30s, 5m or 1h30m/);
  });

  it('refuses a --max-workers that is not a whole number', async () => {
    await refuses({ maxWorkers: 'many' }, /--max-workers "many" is not a whole number/);
  });

  it('refuses a --values file that does not exist', async () => {
    await refuses({ values: ['missing.yaml'] }, /--values "missing.yaml" not found/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses a --set that the model rejects', async () => {
    await refuses({ set: ['components.nope.imageTag=x'] }, /components.nope: unknown key \(known components: default, ratdb/);
    expect(bench.commands()).toEqual([]);
  });

  it('refuses --build outside an OpenAFC checkout', async () => {
    await refuses({ tag: 'mytag', build: true }, /tests\/regression\/build_imgs.sh not found: --build needs an OpenAFC checkout/);
  });

  it('refuses --preload-ratdb outside an OpenAFC checkout', async () => {
    await refuses({ wait: '5m', preloadRatdb: true }, /tests\/Dockerfile not found/);
  });

  it('refuses two local images with one base name and tag before pushing anything', async () => {
    bench.setState('docker-images.txt', 'REPOSITORY TAG IMAGE ID\na/afc-worker mytag 1111 1s 1GB\nb/afc-worker mytag 2222 1s 1GB\n');
    await refuses({ tag: 'mytag', push: true }, /two different images are named afc-worker:mytag \(a\/afc-worker:mytag, b\/afc-worker:mytag\)/);
  });
});

/**
 * What helm would install: the chart and --set arguments the runner handed to (the stand-in) helm go
 * through a real `helm template`; the result must equal what the original helm_install.py installed for
 * the same flags. That expectation is derived from the reference render of the original chart with
 * values-k3d, values-http and values-no_secrets (test/fixtures/rendered/k3d+http+no_secrets.yaml) and
 * the chart SPEC, adjusted for the runtime values the script passed with --set:
 * - --tag T and the k3d registry: every image becomes REGISTRY/NAME:T (imageRepositoryKeyOverride=k3d);
 * - each exposed component's Service becomes NodePort with its node ports; the prometheus Service
 *   (namespace monitoring, selector prometheus: main) exists only then (SPEC "Services");
 * - components.worker.hpa.maxReplicas = the computed maximum.
 */
describe('the installed objects', () => {
  const APP_VERSION = 'brcm-3.8.14.0.1';

  function templated(): Obj[] {
    const [snapshot] = bench.snapshots().filter((s) => s.kind === 'chart');
    const args = helmCalls('install')[0]!.argv;
    const sets = args.flatMap((a, i) => (args[i - 1] === '--set' ? ['--set', a] : []));
    return parseStream(helmTemplate(snapshot!.dest, sets, 'afc'));
  }

  const reference = (): Obj[] => fixOriginalDefects(readStream('test/fixtures/rendered/k3d+http+no_secrets.yaml'));

  const labels = (component: string): Record<string, string> => ({
    'helm.sh/chart': 'afc-int-0.0.0',
    'app.kubernetes.io/name': 'afc-int',
    'app.kubernetes.io/instance': 'afc',
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/version': APP_VERSION,
    'app.kubernetes.io/managed-by': 'Helm',
  });

  function withImages(objects: Obj[], registry: string, tag: string): Obj[] {
    return objects.map((o) => {
      if (o.kind !== 'Deployment' && o.kind !== 'StatefulSet') return o;
      const copy = structuredClone(o) as { spec: { template: { spec: { containers: { image: string }[] } } } };
      for (const c of copy.spec.template.spec.containers) {
        const name = c.image.slice(c.image.lastIndexOf('/') + 1).replace(`:${APP_VERSION}`, '');
        c.image = `${registry}/${name}:${tag}`;
      }
      return copy as unknown as Obj;
    });
  }

  function withMaxReplicas(objects: Obj[], n: number): Obj[] {
    return objects.map((o) => (o.kind === 'HorizontalPodAutoscaler' ? { ...o, spec: { ...(o.spec as Obj), maxReplicas: n } } : o));
  }

  /** The Service of a component as NodePort, with each port's nodePort (from the chart values). */
  function asNodePort(objects: Obj[], name: string, nodePorts: Record<string, number>): Obj[] {
    return objects.map((o) => {
      if (o.kind !== 'Service' || (o.metadata as Obj).name !== name) return o;
      const spec = o.spec as { ports: { name: string }[] };
      return {
        ...o,
        spec: { ...spec, type: 'NodePort', ports: spec.ports.map((p) => (nodePorts[p.name] ? { ...p, nodePort: nodePorts[p.name] } : p)) },
      };
    });
  }

  const prometheusService: Obj = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'prometheus', namespace: 'monitoring', labels: labels('prometheus') },
    spec: { type: 'NodePort', selector: { prometheus: 'main' }, ports: [{ name: 'prometheus', port: 9090, protocol: 'TCP', nodePort: 31090 }] },
  };

  it('equals the original install of --tag --http --no_secrets on a cluster exposing http, https and prometheus', async () => {
    await install(RECOMMENDED);
    const expected = [...withMaxReplicas(withImages(reference(), REGISTRY, 'mytag'), 1), prometheusService];
    expect(diffObjects(templated(), expected)).toEqual([]);
  });

  it('equals the original install of --http --no_secrets --expose ratdb,msghnd --max_workers 4', async () => {
    await install({ http: true, noSecrets: true, expose: ['ratdb,msghnd'], maxWorkers: 4 });
    let expected = withMaxReplicas(reference(), 4);
    expected = asNodePort(expected, 'ratdb', { ratdb: 31432 });
    expected = asNodePort(expected, 'msghnd', { msghnd: 30082 });
    expect(diffObjects(templated(), expected)).toEqual([]);
  });
});
