// The generated Helm chart through a real helm against the testbed: install → upgrade with a changed
// runtime value → rollback → uninstall, checking the live objects at each step.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../src/synth/atomic.js';
import { helmChartFiles } from '../src/synth/helm/index.js';
import { createNamespace, helm, kubectl } from './testbed.js';

const RELEASE = 'afc-e2e';
let ns: string;
let root: string;
let chart: string;

const liveJson = async (args: string[]): Promise<Record<string, unknown>> =>
  JSON.parse(await kubectl([...args, '-n', ns, '-o', 'json'])) as Record<string, unknown>;
const hpaMax = async (): Promise<number> => ((await liveJson(['get', 'hpa', 'worker'])).spec as { maxReplicas: number }).maxReplicas;

beforeAll(async () => {
  ns = await createNamespace('e2e-helm');
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-chart-'));
  chart = join(root, 'afc-int');
  writeDirAtomic(chart, helmChartFiles({ platforms: ['k3d', 'http', 'no_secrets'] }));
});
afterAll(async () => {
  await helm(['uninstall', RELEASE, '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  rmSync(root, { recursive: true, force: true });
});

describe('helm lifecycle of the generated chart', () => {
  it('installs: every object is live, labelled for the release and managed by Helm', async () => {
    const out = await helm(['install', RELEASE, chart, '-n', ns]);
    expect(out).toMatch(/STATUS: deployed/);
    const deployments = (await liveJson(['get', 'deployments'])).items as { metadata: { name: string; labels: Record<string, string> } }[];
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual([
      'als-kafka', 'als-siphon', 'cert-db', 'dispatcher', 'grafana', 'msghnd', 'nginxexporter', 'objst', 'rat-server', 'rcache', 'rmq', 'uls-downloader', 'worker',
    ]);
    for (const d of deployments) {
      expect(d.metadata.labels).toMatchObject({ 'app.kubernetes.io/instance': RELEASE, 'app.kubernetes.io/managed-by': 'Helm', 'helm.sh/chart': 'afc-int-0.0.0' });
    }
    expect(((await liveJson(['get', 'statefulsets'])).items as unknown[]).length).toBe(2);
    expect(((await liveJson(['get', 'podmonitors'])).items as unknown[]).length).toBe(5);
    expect(((await liveJson(['get', 'servicemonitors'])).items as unknown[]).length).toBe(1);
    expect(await hpaMax()).toBe(10);
    const dispatcher = await liveJson(['get', 'service', 'dispatcher']);
    expect(dispatcher.spec).toMatchObject({ type: 'NodePort', ports: [{ name: 'http', nodePort: 30080 }, { name: 'https', nodePort: 30443 }, { name: 'status' }] });
  });

  it('upgrades with a changed runtime value (worker maxReplicas) and a switched Service type', async () => {
    await helm(['upgrade', RELEASE, chart, '-n', ns, '--set', 'components.worker.hpa.maxReplicas=3', '--set', 'components.dispatcher.serviceType=ClusterIP']);
    expect(await hpaMax()).toBe(3);
    const dispatcher = await liveJson(['get', 'service', 'dispatcher']);
    expect((dispatcher.spec as { type: string }).type).toBe('ClusterIP');
    expect(JSON.stringify(dispatcher.spec)).not.toContain('nodePort');
    const history = JSON.parse(await helm(['history', RELEASE, '-n', ns, '-o', 'json'])) as { revision: number; status: string }[];
    expect(history.map((h) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
  });

  it('rolls back to the first revision', async () => {
    await helm(['rollback', RELEASE, '1', '-n', ns]);
    expect(await hpaMax()).toBe(10);
    expect(((await liveJson(['get', 'service', 'dispatcher'])).spec as { type: string }).type).toBe('NodePort');
  });

  it('keeps the worker count kubectl scale set (the scale subresource, as the autoscaler writes) through helm upgrade', async () => {
    await kubectl(['scale', 'deployment', 'worker', '--replicas=2', '-n', ns]);
    const generation = ((await liveJson(['get', 'deployment', 'worker'])).metadata as { generation: number }).generation;
    // Helm 3: a three-way merge that finds the same value; Helm 4: server-side apply of the same value
    // (shared ownership with the scale subresource's manager), where another value would conflict.
    await helm(['upgrade', RELEASE, chart, '-n', ns]);
    const worker = await liveJson(['get', 'deployment', 'worker']);
    expect((worker.spec as { replicas: number }).replicas).toBe(2);
    expect((worker.metadata as { generation: number }).generation).toBe(generation);
  });

  it('uninstalls: the release objects are gone', async () => {
    await helm(['uninstall', RELEASE, '-n', ns]);
    expect(((await liveJson(['get', 'deployments,statefulsets,services,configmaps,hpa,podmonitors,servicemonitors'])).items as { metadata: { name: string } }[])
      .map((o) => o.metadata.name)
      .filter((n) => n !== 'kube-root-ca.crt')).toEqual([]);
    await expect(helm(['status', RELEASE, '-n', ns])).rejects.toThrow(/release: not found/);
  });
});
