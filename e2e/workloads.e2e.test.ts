// The generated chart actually runs on the testbed: kube-controller-manager turns Deployments and
// StatefulSets into Pods, kube-scheduler places them on kwok's fake nodes, kwok marks them Running
// and Ready and provisions the StatefulSets' volumes. So `helm install --wait` and
// `kubectl wait --for=condition=Ready pod --all` work as in the seed README (no container runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeDirAtomic } from '../src/synth/atomic.js';
import { helmChartFiles } from '../src/synth/helm/index.js';
import { createNamespace, helm, kubectl } from './testbed.js';

const RELEASE = 'afc-run';
const DEPLOYMENTS = [
  'als-kafka', 'als-siphon', 'cert-db', 'dispatcher', 'grafana', 'msghnd', 'nginxexporter', 'objst', 'rat-server', 'rcache', 'rmq', 'uls-downloader', 'worker',
];
const STATEFULSETS = ['bulk-postgres', 'ratdb'];

interface Condition { type: string; status: string }
interface Item {
  metadata: { name: string; ownerReferences?: { kind: string; name: string }[] };
  spec: { replicas?: number; nodeName?: string };
  status: { replicas?: number; readyReplicas?: number; availableReplicas?: number; phase?: string; conditions?: Condition[] };
}

let ns: string;
let root: string;
let chart: string;

const items = async (kind: string): Promise<Item[]> =>
  (JSON.parse(await kubectl(['get', kind, '-n', ns, '-o', 'json'])) as { items: Item[] }).items;
const condition = (o: Item, type: string): string | undefined => o.status.conditions?.find((c) => c.type === type)?.status;

beforeAll(async () => {
  const nodes = await kubectl(['get', 'nodes', '-l', 'type=kwok', '-o', 'name']);
  if (!nodes.trim()) {
    throw new Error('the testbed has no kwok nodes: it runs without controller-manager, scheduler and kwok (TESTBED_WORKLOADS=0); run `npm run testbed -- down` and `npm run testbed -- up`');
  }
  ns = await createNamespace('e2e-run');
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-run-'));
  chart = join(root, 'afc-int');
  writeDirAtomic(chart, helmChartFiles({ platforms: ['k3d', 'http', 'no_secrets'] }));
});
afterAll(async () => {
  if (root) rmSync(root, { recursive: true, force: true });
  if (!ns) return;
  // Node ports are cluster-wide: free them even if the namespace is slow to go.
  await helm(['uninstall', RELEASE, '-n', ns, '--wait', '--timeout', '2m'], { timeoutMs: 150_000 }).catch(() => undefined);
  await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

describe('workloads run on the testbed (controller-manager, scheduler, kwok)', () => {
  it('has Ready fake nodes whose leases kwok renews (else the node-lifecycle-controller marks them NotReady)', async () => {
    const nodes = JSON.parse(await kubectl(['get', 'nodes', '-l', 'type=kwok', '-o', 'json'])) as { items: Item[] };
    expect(nodes.items.length).toBeGreaterThan(0);
    const leases = JSON.parse(await kubectl(['get', 'leases', '-n', 'kube-node-lease', '-o', 'json'])) as {
      items: { metadata: { name: string }; spec: { holderIdentity?: string; renewTime?: string; leaseDurationSeconds?: number } }[];
    };
    for (const node of nodes.items) {
      expect(condition(node, 'Ready'), `node ${node.metadata.name} Ready`).toBe('True');
      const lease = leases.items.find((l) => l.metadata.name === node.metadata.name);
      expect(lease?.spec.holderIdentity, `lease of node ${node.metadata.name}`).toBeTruthy();
      expect(lease!.spec.leaseDurationSeconds).toBe(40);
      // Renewed every 10 s (a quarter of the duration); allow for a busy machine.
      expect(Date.now() - Date.parse(lease!.spec.renewTime!), `lease of node ${node.metadata.name} renewed`).toBeLessThan(40_000);
    }
  });

  it('helm install --wait ends deployed: every Deployment Available, every StatefulSet Ready', { timeout: 240_000 }, async () => {
    const out = await helm(['install', RELEASE, chart, '-n', ns, '--wait', '--timeout', '3m'], { timeoutMs: 210_000 });
    expect(out).toMatch(/STATUS: deployed/);
    // helm --wait reads the ReplicaSets' ready counts; the Deployment controller writes the Deployment's
    // own status (Available) on its next sync, a moment later: wait for it, bounded.
    await kubectl(['wait', '--for=condition=Available', 'deployment', '--all', '-n', ns, '--timeout=120s'], { timeoutMs: 150_000 });

    const deployments = await items('deployments');
    expect(deployments.map((d) => d.metadata.name).sort()).toEqual(DEPLOYMENTS);
    for (const d of deployments) {
      expect(condition(d, 'Available'), `deployment ${d.metadata.name} Available`).toBe('True');
      expect(d.status.readyReplicas, `deployment ${d.metadata.name} ready replicas`).toBe(d.spec.replicas);
    }
    const statefulsets = await items('statefulsets');
    expect(statefulsets.map((s) => s.metadata.name).sort()).toEqual(STATEFULSETS);
    for (const s of statefulsets) {
      expect(s.status.readyReplicas, `statefulset ${s.metadata.name} ready replicas`).toBe(s.spec.replicas);
    }
    // The StatefulSets' claims were provisioned (kwok-volume, the default StorageClass) and bound.
    const claims = await items('persistentvolumeclaims');
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['postgres-data-bulk-postgres-0', 'postgres-data-ratdb-0']);
    for (const c of claims) expect(c.status.phase, `claim ${c.metadata.name}`).toBe('Bound');
  });

  it('kubectl wait --for=condition=Ready pod --all succeeds: one Running pod per replica, on the fake nodes', { timeout: 240_000 }, async () => {
    const out = await kubectl(['wait', '--for=condition=Ready', 'pod', '--all', '-n', ns, '--timeout=180s'], { timeoutMs: 200_000 });
    const pods = await items('pods');
    const replicas = [...(await items('deployments')), ...(await items('statefulsets'))].reduce((n, o) => n + (o.spec.replicas ?? 1), 0);
    expect(pods).toHaveLength(replicas);
    expect(out.trim().split('\n')).toHaveLength(replicas);
    expect(out).toMatch(/condition met/);
    for (const p of pods) {
      expect(p.status.phase, `pod ${p.metadata.name}`).toBe('Running');
      expect(condition(p, 'Ready'), `pod ${p.metadata.name} Ready`).toBe('True');
      expect(p.spec.nodeName, `pod ${p.metadata.name} node`).toMatch(/^kwok-node-\d+$/);
    }
    // Every StatefulSet's pods are Ready too (owned by the StatefulSet, not a ReplicaSet).
    for (const name of STATEFULSETS) {
      const owned = pods.filter((p) => p.metadata.ownerReferences?.some((r) => r.kind === 'StatefulSet' && r.name === name));
      expect(owned.map((p) => p.metadata.name), `pods of statefulset ${name}`).toEqual([`${name}-0`]);
    }
  });

  it('has the worker HorizontalPodAutoscaler, scaling the worker Deployment', async () => {
    const hpa = JSON.parse(await kubectl(['get', 'hpa', 'worker', '-n', ns, '-o', 'json'])) as {
      spec: { minReplicas: number; maxReplicas: number; scaleTargetRef: { kind: string; name: string } };
    };
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'worker' });
    expect(hpa.spec.minReplicas).toBe(1);
    expect(hpa.spec.maxReplicas).toBe(10);
  });

  it('helm uninstall --wait removes the workloads and their pods (garbage collection)', { timeout: 240_000 }, async () => {
    await helm(['uninstall', RELEASE, '-n', ns, '--wait', '--timeout', '2m'], { timeoutMs: 150_000 });
    // kwok deletes a pod as soon as it is marked for deletion; poll (bounded) until none is left.
    const deadline = Date.now() + 120_000;
    let pods = await items('pods');
    while (pods.length > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      pods = await items('pods');
    }
    expect(pods.map((p) => p.metadata.name)).toEqual([]);
    expect([...(await items('deployments')), ...(await items('replicasets')), ...(await items('statefulsets')), ...(await items('services'))]).toEqual([]);
  });
});
