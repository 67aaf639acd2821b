// Tests of the testbed itself: the API server answers, the prometheus-operator CRDs are
// established, and server-side dry runs accept valid objects and reject invalid ones.
import { beforeAll, describe, expect, it } from 'vitest';
import { createNamespace, helm, kubectl, uniqueNamespace } from './testbed.js';

const CRDS = [
  'podmonitors.monitoring.coreos.com',
  'servicemonitors.monitoring.coreos.com',
  'prometheuses.monitoring.coreos.com',
];

function deployment(namespace: string, name: string, containerName = 'web'): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${namespace}
  labels: { app: ${name} }
spec:
  replicas: 1
  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
      containers:
        - name: ${containerName}
          image: nginx:1.27
          ports: [{ containerPort: 8080, name: metrics }]
`;
}

describe('testbed', () => {
  it('is ready and reports a real Kubernetes version', async () => {
    expect((await kubectl(['get', '--raw', '/readyz'])).trim()).toBe('ok');
    const version = JSON.parse(await kubectl(['get', '--raw', '/version'])) as { gitVersion: string; major: string };
    expect(version.major).toBe('1');
    expect(version.gitVersion).toMatch(/^v1\.\d+\.\d+$/);
  });

  it.each(CRDS)('has the CRD %s established', async (crd) => {
    const status = await kubectl([
      'get',
      'crd',
      crd,
      '-o',
      'jsonpath={.status.conditions[?(@.type=="Established")].status}',
    ]);
    expect(status).toBe('True');
  });

  it('serves the monitoring.coreos.com/v1 API group', async () => {
    const out = await kubectl(['api-resources', '--api-group=monitoring.coreos.com', '-o', 'name']);
    expect(out.split('\n').filter(Boolean).sort()).toEqual([
      'podmonitors.monitoring.coreos.com',
      'prometheuses.monitoring.coreos.com',
      'servicemonitors.monitoring.coreos.com',
    ]);
  });

  it('makes unique, valid namespace names', () => {
    const a = uniqueNamespace('My_Test.Case');
    const b = uniqueNamespace('My_Test.Case');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    expect(uniqueNamespace('x'.repeat(100)).length).toBeLessThanOrEqual(63);
  });

  it('runs helm against the testbed', async () => {
    expect((await helm(['version', '--short'])).trim()).toMatch(/^v3\.16\.4/);
    expect(await helm(['list', '--all-namespaces', '-o', 'json'])).toMatch(/^\[/);
  });

  describe('server-side dry run', () => {
    let ns: string;
    beforeAll(async () => {
      ns = await createNamespace('testbed-dryrun');
    });

    it('accepts a Deployment and a PodMonitor', async () => {
      const manifest = `${deployment(ns, 'web')}---
apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: web
  namespace: ${ns}
spec:
  selector:
    matchLabels: { app: web }
  podMetricsEndpoints:
    - port: metrics
      interval: 30s
`;
      const out = await kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: manifest });
      expect(out).toContain('deployment.apps/web serverside-applied (server dry run)');
      expect(out).toContain('podmonitor.monitoring.coreos.com/web serverside-applied (server dry run)');
      // A dry run stores nothing.
      await expect(kubectl(['get', 'deployment', 'web', '-n', ns])).rejects.toThrow(/NotFound|not found/);
    });

    it('rejects an invalid Deployment with the API server error', async () => {
      const manifest = deployment(ns, 'bad', 'Not_A_DNS_Label');
      await expect(
        kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: manifest }),
      ).rejects.toThrow(/Deployment "bad" is invalid: .*containers\[0\]\.name: Invalid value/);
    });

    it('rejects a PodMonitor that violates the CRD schema', async () => {
      const manifest = `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: bad
  namespace: ${ns}
spec:
  selector: {}
  podMetricsEndpoints: "not-a-list"
`;
      await expect(
        kubectl(['apply', '--server-side', '--dry-run=server', '-f', '-'], { input: manifest }),
      ).rejects.toThrow(/podMetricsEndpoints/);
    });
  });
});
