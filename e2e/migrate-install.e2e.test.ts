// `afc install --upgrade` on a release of the ORIGINAL afc-int chart migrates it as `afc migrate` does
// (instead of failing on the generated chart's schema), against the testbed with real helm and kubectl.
// As in install.e2e.test.ts, k3d is a recording stand-in (the Go program test/standins/standin; no
// container runtime here) and the testbed kubeconfig is copied with its context named like a k3d one.
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CHART_DESCRIPTION } from '../src/synth/helm/index.js';
import { createNamespace, helm, helmPath, kubeconfigPath, kubectl, kubectlPath, originalHelmPath, repoRoot, run, testbedDir } from './testbed.js';
import { installStandins } from '../test/standins/standin.js';

const RELEASE = 'afc-mig';
const CONTEXT = 'k3d-afc-dev';
const REGISTRY = 'k3d-afcregistry.localhost:41237';
let ns: string;
let root: string;
let kubeconfig: string;
let env: Record<string, string>;

interface Workload {
  kind: string;
  metadata: { name: string; generation: number };
  spec: { template: { spec: { containers: { image: string }[] } } };
}
const workloads = async (): Promise<Workload[]> =>
  (JSON.parse(await kubectl(['get', 'deployments,statefulsets', '-n', ns, '-o', 'json'])) as { items: Workload[] }).items;
const generations = (items: Workload[]): Record<string, number> => Object.fromEntries(items.map((w) => [`${w.kind}/${w.metadata.name}`, w.metadata.generation]));
const description = async (): Promise<string> => (await helm(['get', 'all', RELEASE, '-n', ns, '--template', '{{ .Release.Chart.Metadata.Description }}'])).trim();

beforeAll(async () => {
  ns = await createNamespace('e2e-migrate-install');
  await kubectl(['create', 'namespace', 'monitoring']).catch((e: Error) => {
    if (!/AlreadyExists/.test(e.message)) throw e;
  });
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-migrate-install-'));
  const bin = join(root, 'bin');
  const state = join(root, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  installStandins(bin, ['k3d']);
  // The recorded cluster afc-dev maps http, https and prometheus to host ports; one k3d registry.
  copyFileSync(join(repoRoot, 'test/fixtures/runner/canned/k3d-clusters.json'), join(state, 'clusters.json'));
  copyFileSync(join(repoRoot, 'test/fixtures/runner/canned/k3d-registries.json'), join(state, 'registries.json'));
  kubeconfig = join(root, 'kubeconfig');
  const config = parse(readFileSync(kubeconfigPath(), 'utf8')) as {
    clusters: { name: string }[];
    contexts: { name: string; context: { cluster: string } }[];
    'current-context': string;
  };
  const testbedCluster = config.contexts.find((c) => c.name === 'testbed')!.context.cluster;
  for (const c of config.clusters) if (c.name === testbedCluster) c.name = CONTEXT;
  for (const c of config.contexts) if (c.name === 'testbed') Object.assign(c, { name: CONTEXT, context: { ...c.context, cluster: CONTEXT } });
  config['current-context'] = CONTEXT;
  writeFileSync(kubeconfig, stringify(config), { mode: 0o600 });
  env = {
    AFC_K3D: join(bin, 'k3d'),
    AFC_KUBECTL: kubectlPath,
    AFC_HELM: helmPath,
    AFC_STANDIN_DIR: state,
    HELM_CONFIG_HOME: join(testbedDir, 'helm', 'config'),
    HELM_CACHE_HOME: join(testbedDir, 'helm', 'cache'),
    HELM_DATA_HOME: join(testbedDir, 'helm', 'data'),
    KUBECONFIG: kubeconfig,
  };
  // The original chart (unedited fixture, see its README), installed as helm_install.py would for
  // `--tag e2e_tag --http --no-secrets --max-workers 3` on this cluster.
  cpSync(join(repoRoot, 'e2e/fixtures/original-chart'), join(root, 'chart-src'), { recursive: true });
  const chart = join(root, 'chart-src', 'afc-int');
  await helm(['dependency', 'update', chart]);
  const sets = [
    'components.default.imageTag=e2e_tag',
    `imageRepositories.k3d.path=${REGISTRY}`,
    'components.default.imageRepositoryKeyOverride=k3d',
    'components.dispatcher.serviceType=NodePort',
    'components.prometheus.serviceType=NodePort',
    'components.worker.hpa.maxReplicas=3',
  ];
  const values = ['values-k3d.yaml', 'values-no_secrets.yaml', 'values-http.yaml'].flatMap((f) => ['-f', join(chart, f)]);
  await helm(['install', RELEASE, chart, '-n', ns, ...values, ...sets.flatMap((s) => ['--set', s])], { bin: originalHelmPath });
});

afterAll(async () => {
  if (ns) {
    await helm(['uninstall', RELEASE, '-n', ns]).catch(() => undefined);
    await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
    await kubectl(['delete', 'service', 'prometheus', '-n', 'monitoring']).catch(() => undefined);
    await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('afc install --upgrade on a release of the original chart', () => {
  it('migrates it in place: the changes are printed, no workload rolls, the release is of the generated chart', async () => {
    const before = await workloads();
    const { stdout, stderr } = await run(
      join(repoRoot, 'bin/afc'),
      ['install', '--context', `${kubeconfig}:${CONTEXT}`, '--namespace', ns, '--tag', 'e2e_tag', '--http', '--no-secrets', '--max-workers', '3', '--upgrade', RELEASE],
      { env, timeoutMs: 300_000 },
    );
    expect(stderr).toMatch(/release afc-mig is of the original afc-int chart: migrating it/);
    expect(stdout).toContain(`~ ServiceMonitor ${ns}/kubelet: metadata.labels.app.kubernetes.io/component`);
    expect(stdout).toContain(`helm rollback afc-mig 1 --namespace ${ns}`);
    const after = await workloads();
    expect(generations(after)).toEqual(generations(before));
    for (const w of after) for (const c of w.spec.template.spec.containers) expect(c.image).toMatch(new RegExp(`^${REGISTRY.replaceAll('.', '\\.')}/.*:e2e_tag$`));
    expect(await description()).toBe(CHART_DESCRIPTION);
    const history = JSON.parse(await helm(['history', RELEASE, '-n', ns, '-o', 'json'])) as { revision: number; status: string }[];
    expect(history.map((h) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
  });

  const upgrade = (): Promise<{ stdout: string; stderr: string }> =>
    run(
      join(repoRoot, 'bin/afc'),
      ['install', '--context', `${kubeconfig}:${CONTEXT}`, '--namespace', ns, '--tag', 'e2e_tag', '--http', '--no-secrets', '--max-workers', '3', '--upgrade', RELEASE],
      { env, timeoutMs: 300_000 },
    );

  it('helm rollback 1 returns to the original chart without a rollout, and afc install --upgrade migrates it again', async () => {
    const before = generations(await workloads());
    await helm(['rollback', RELEASE, '1', '-n', ns]);
    expect(await description()).not.toBe(CHART_DESCRIPTION);
    expect(generations(await workloads())).toEqual(before);
    const { stderr } = await upgrade();
    expect(stderr).toMatch(/release afc-mig is of the original afc-int chart: migrating it/);
    expect(await description()).toBe(CHART_DESCRIPTION);
    expect(generations(await workloads())).toEqual(before);
  });

  it('keeps the count kubectl scale gave the worker through the next afc install --upgrade, no workload rolls', async () => {
    await kubectl(['scale', 'deployment', 'worker', '--replicas=3', '-n', ns]);
    const before = generations(await workloads());
    const { stderr } = await upgrade();
    expect(stderr).toMatch(/upgrading release afc-mig/);
    const worker = JSON.parse(await kubectl(['get', 'deployment', 'worker', '-n', ns, '-o', 'json'])) as { spec: { replicas: number } };
    expect(worker.spec.replicas).toBe(3);
    const now = generations(await workloads());
    expect(now).toEqual(before);
  });
});
