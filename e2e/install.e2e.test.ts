// `afc install` against the testbed: real helm and kubectl, with a recording stand-in for k3d (no
// container runtime here; the Go program test/standins/standin answers `k3d cluster|registry list`
// from canned JSON) and a copy of the testbed kubeconfig whose context is named like a k3d one.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { synthPlainObjects } from '../src/synth/plain.js';
import { createNamespace, helmPath, kubeconfigPath, kubectl, kubectlPath, repoRoot, run, testbedDir } from './testbed.js';
import { installStandins } from '../test/standins/standin.js';
import { missingFields } from './fields.js';

const RELEASE = 'afc-inst';
const CONTEXT = 'k3d-afc-dev';
const REGISTRY = 'k3d-afcregistry.localhost:41237';
let ns: string;
let root: string;
let kubeconfig: string;
let env: Record<string, string>;

const afcInstall = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
  run(join(repoRoot, 'bin/afc'), ['install', '--context', `${kubeconfig}:${CONTEXT}`, '--namespace', ns, ...args, RELEASE], { env, timeoutMs: 300_000 });

beforeAll(async () => {
  ns = await createNamespace('e2e-install');
  await kubectl(['create', 'namespace', 'monitoring']).catch((e: Error) => {
    if (!/AlreadyExists/.test(e.message)) throw e;
  });
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-install-'));
  const bin = join(root, 'bin');
  const state = join(root, 'state');
  mkdirSync(bin);
  mkdirSync(state);
  installStandins(bin, ['k3d']);
  // The recorded cluster afc-dev maps http, https and prometheus to host ports; one k3d registry.
  copyFileSync(join(repoRoot, 'test/fixtures/runner/canned/k3d-clusters.json'), join(state, 'clusters.json'));
  copyFileSync(join(repoRoot, 'test/fixtures/runner/canned/k3d-registries.json'), join(state, 'registries.json'));
  // The testbed's kubeconfig with its cluster and context named like k3d's (k3d-<cluster>).
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
});

afterAll(async () => {
  await run(helmPath, ['uninstall', RELEASE, '--kubeconfig', kubeconfig, '--kube-context', CONTEXT, '-n', ns], { env }).catch(() => undefined);
  await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'service', 'prometheus', '-n', 'monitoring']).catch(() => undefined);
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('afc install into the testbed (k3d stand-in, real helm and kubectl)', () => {
  it('installs the objects the original flow installs for the same flags', async () => {
    const { stderr } = await afcInstall(['--tag', 'e2e_tag', '--http', '--no-secrets', '--max-workers', '3']);
    expect(stderr).toMatch(/installing release afc-inst/);
    // What helm_install.py would have installed: the k3d, no_secrets and http overlays; the tag, the
    // registry and the override; NodePort for the components of the cluster's mapped node ports
    // (dispatcher: http, https; prometheus); maxReplicas from --max-workers.
    const expected = synthPlainObjects({
      platforms: ['k3d', 'no_secrets', 'http'],
      release: RELEASE,
      sets: [
        'components.default.imageTag=e2e_tag',
        `imageRepositories.k3d.path=${REGISTRY}`,
        'components.default.imageRepositoryKeyOverride=k3d',
        'components.dispatcher.serviceType=NodePort',
        'components.prometheus.serviceType=NodePort',
        'components.worker.hpa.maxReplicas=3',
      ],
    });
    expect(expected.some((o) => o.metadata.name === 'prometheus' && o.metadata.namespace === 'monitoring')).toBe(true);
    // Installed by helm: managed-by is Helm wherever plain output says afc.
    const asHelm = JSON.parse(JSON.stringify(expected).replaceAll('"app.kubernetes.io/managed-by":"afc"', '"app.kubernetes.io/managed-by":"Helm"')) as typeof expected;
    for (const o of asHelm) {
      const live = JSON.parse(await kubectl(['get', o.kind.toLowerCase(), o.metadata.name, '-n', o.metadata.namespace ?? ns, '-o', 'json'])) as unknown;
      const { metadata, ...rest } = o;
      expect(missingFields({ ...rest, metadata: { name: metadata.name, labels: metadata.labels, annotations: metadata.annotations } }, live), `${o.kind}/${o.metadata.name}`).toEqual([]);
    }
  });

  it('upgrades in place with --upgrade', async () => {
    const { stderr } = await afcInstall(['--tag', 'e2e_tag', '--http', '--no-secrets', '--max-workers', '5', '--upgrade']);
    expect(stderr).toMatch(/upgrading release afc-inst/);
    const hpa = JSON.parse(await kubectl(['get', 'hpa', 'worker', '-n', ns, '-o', 'json'])) as { spec: { maxReplicas: number } };
    expect(hpa.spec.maxReplicas).toBe(5);
    const history = JSON.parse((await run(helmPath, ['history', RELEASE, '--kubeconfig', kubeconfig, '--kube-context', CONTEXT, '-n', ns, '-o', 'json'], { env })).stdout) as unknown[];
    expect(history).toHaveLength(2);
  });

  it('keeps the count kubectl scale gave the worker through an upgrade (the chart reads it live), other workloads untouched', async () => {
    // kubectl scale writes through the scale subresource, as the autoscaler does.
    await kubectl(['scale', 'deployment', 'worker', '--replicas=3', '-n', ns]);
    const generations = async (): Promise<Record<string, number>> => {
      const items = (JSON.parse(await kubectl(['get', 'deployments,statefulsets', '-n', ns, '-o', 'json'])) as { items: { kind: string; metadata: { name: string; generation: number } }[] }).items;
      return Object.fromEntries(items.map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.generation]));
    };
    const before = await generations();
    const { stderr } = await afcInstall(['--tag', 'e2e_tag', '--http', '--no-secrets', '--max-workers', '5', '--upgrade']);
    expect(stderr).toMatch(/upgrading release afc-inst/);
    const worker = JSON.parse(await kubectl(['get', 'deployment', 'worker', '-n', ns, '-o', 'json'])) as { spec: { replicas: number } };
    expect(worker.spec.replicas).toBe(3);
    // Nothing rolled, nothing rescaled: every workload (the worker too) keeps its generation.
    expect(await generations()).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThan(10);
  });

  it('reports a field another manager changed before the upgrade changes anything, and takes it back with --force-conflicts', async () => {
    const history = async (): Promise<unknown[]> =>
      JSON.parse((await run(helmPath, ['history', RELEASE, '--kubeconfig', kubeconfig, '--kube-context', CONTEXT, '-n', ns, '-o', 'json'], { env })).stdout) as unknown[];
    const revisions = (await history()).length;
    const cm = (): Promise<{ data: Record<string, string> }> => kubectl(['get', 'configmap', 'rcache', '-n', ns, '-o', 'json']).then((t) => JSON.parse(t) as { data: Record<string, string> });
    const [key, value] = Object.entries((await cm()).data).sort()[0]!;
    await kubectl(['patch', 'configmap', 'rcache', '-n', ns, '--type', 'merge', '-p', JSON.stringify({ data: { [key]: 'planted' } })]);
    const args = ['--tag', 'e2e_tag', '--http', '--no-secrets', '--max-workers', '5', '--upgrade'];
    const refused = await afcInstall(args).then(
      () => '',
      (e: Error) => e.message,
    );
    expect(refused).toContain(`ConfigMap ${ns}/rcache .data.${key} (kubectl-patch)`);
    expect(refused).toMatch(/nothing was changed: .*: change them back, or put the live values into the chart \(--set\/--values\), or pass --force-conflicts/);
    expect(refused).not.toMatch(/upgrading release/);
    expect((await cm()).data[key]).toBe('planted');
    expect(await history()).toHaveLength(revisions);
    await afcInstall([...args, '--force-conflicts']);
    expect((await cm()).data[key]).toBe(value);
    expect(await history()).toHaveLength(revisions + 1);
  });

  it('uninstalls first and installs afresh without --upgrade', async () => {
    const { stderr } = await afcInstall(['--http', '--no-secrets', '--max-workers', '2']);
    expect(stderr).toMatch(/uninstalling release afc-inst/);
    expect(stderr).toMatch(/installing release afc-inst/);
    const history = JSON.parse((await run(helmPath, ['history', RELEASE, '--kubeconfig', kubeconfig, '--kube-context', CONTEXT, '-n', ns, '-o', 'json'], { env })).stdout) as unknown[];
    expect(history).toHaveLength(1);
    const rmq = JSON.parse(await kubectl(['get', 'deployment', 'rmq', '-n', ns, '-o', 'json'])) as { spec: { template: { spec: { containers: { image: string }[] } } } };
    expect(rmq.spec.template.spec.containers[0]!.image).toBe('public.ecr.aws/w9v6y1o0/openafc/rmq-image:brcm-3.8.14.0.1');
  });

  it('refuses a context that is not a k3d one before changing anything', async () => {
    await expect(
      run(join(repoRoot, 'bin/afc'), ['install', '--context', `${kubeconfigPath()}:testbed`, '--namespace', ns, RELEASE], { env }),
    ).rejects.toThrow(/afc: error: .*k3d/);
    const history = JSON.parse((await run(helmPath, ['history', RELEASE, '--kubeconfig', kubeconfig, '--kube-context', CONTEXT, '-n', ns, '-o', 'json'], { env })).stdout) as unknown[];
    expect(history).toHaveLength(1);
  });
});
