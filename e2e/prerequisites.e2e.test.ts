// `afc prerequisites install`, `status` and `uninstall` against the testbed's real API server. No chart
// repository is reachable here, so the test takes the components that are manifests: prometheus-operator
// from its Go module's bundle.yaml at v0.72.0 (the same file as upstream's release asset, pinned by
// version and checked by the Go checksum database), given with --source DIR, and the built-in
// prometheus and prometheus-ingress. The charts (prometheus-adapter, External Secrets, ingress-nginx)
// are checked by their argv in test/runner/prerequisites.test.ts. The testbed has three of the
// prometheus-operator CRDs already (scripts/testbed.sh applies crds/prometheus-operator-v0.72.0.yaml,
// other e2e files use them): afc must keep those, and delete only the seven it created.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROMETHEUS_OPERATOR_VERSION } from '../src/runner/prerequisites/catalog.js';
import { CommandError, helmPath, kubeconfigPath, kubectl, kubectlPath, repoRoot, run, testbedDir } from './testbed.js';

const ONLY = ['--only', 'prometheus-operator,prometheus,prometheus-ingress'];
const TESTBED_CRDS = ['podmonitors.monitoring.coreos.com', 'prometheuses.monitoring.coreos.com', 'servicemonitors.monitoring.coreos.com'];
let source: string;

const env = (): Record<string, string> => ({
  KUBECONFIG: kubeconfigPath(),
  AFC_KUBECTL: kubectlPath,
  AFC_HELM: helmPath,
  HELM_CONFIG_HOME: join(testbedDir, 'helm', 'config'),
  HELM_CACHE_HOME: join(testbedDir, 'helm', 'cache'),
  HELM_DATA_HOME: join(testbedDir, 'helm', 'data'),
});

async function afc(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await run(join(repoRoot, 'bin/afc'), args, { env: env(), timeoutMs: 240_000 })) };
  } catch (e) {
    if (e instanceof CommandError && typeof e.exitCode === 'number') return { code: e.exitCode, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}

const crds = async (): Promise<Map<string, string | undefined>> => {
  const list = JSON.parse(await kubectl(['get', 'crd', '-o', 'json'])) as { items: { metadata: { name: string; labels?: Record<string, string> } }[] };
  return new Map(list.items.filter((c) => c.metadata.name.endsWith('.monitoring.coreos.com')).map((c) => [c.metadata.name, c.metadata.labels?.['app.kubernetes.io/managed-by']]));
};
const exists = async (args: string[]): Promise<boolean> => (await kubectl(['get', ...args, '--ignore-not-found', '-o', 'name'])).trim() !== '';

beforeAll(() => {
  // The Go module of prometheus-operator at the pinned version (downloaded through the module proxy once).
  const dir = execFileSync('bash', [join(repoRoot, 'scripts/lib/go-build.sh'), '--info', 'Dir', '--module', 'github.com/prometheus-operator/prometheus-operator', '--version', PROMETHEUS_OPERATOR_VERSION], {
    encoding: 'utf8',
    timeout: 600_000,
  }).trim();
  source = mkdtempSync(join(tmpdir(), 'afc-e2e-prereq-'));
  copyFileSync(join(dir, 'bundle.yaml'), join(source, `prometheus-operator-${PROMETHEUS_OPERATOR_VERSION}.yaml`));
});
afterAll(async () => {
  await afc(['prerequisites', 'uninstall', ...ONLY, '--context', ':testbed', '--force']);
  rmSync(source, { recursive: true, force: true });
});

describe('afc prerequisites on the testbed', () => {
  it('--dry-run prints the plan and changes nothing', async () => {
    const before = await crds();
    const r = await afc(['prerequisites', 'install', ...ONLY, '--source', source, '--context', ':testbed', '--dry-run']);
    expect(r.stderr).toContain('dry run: nothing was changed');
    expect(r.stdout).toContain(`# applying prometheus-operator: prometheus-operator ${PROMETHEUS_OPERATOR_VERSION} (its CRDs and the operator)\n`);
    expect(r.stdout).toContain(`kubectl apply --server-side --field-manager afc-prerequisites --namespace default -f ${join(source, 'prometheus-operator-v0.72.0.yaml')} --context testbed\n`);
    expect(await crds()).toEqual(before);
    expect(await exists(['deployment', 'prometheus-operator', '-n', 'default'])).toBe(false);
  });

  it('installs: the operator, its ten CRDs, the Prometheus and its Ingress; labels only what it created', async () => {
    const r = await afc(['prerequisites', 'install', ...ONLY, '--source', source, '--context', ':testbed']);
    expect([r.code, r.stderr.includes('error')]).toEqual([0, false]);
    expect(r.stdout).toBe('Installed prometheus-operator, prometheus, prometheus-ingress on context testbed.\n');
    const after = await crds();
    expect(after.size).toBe(10);
    for (const n of TESTBED_CRDS) expect(after.get(n)).toBeUndefined();
    expect([...after].filter(([, by]) => by === 'afc-prerequisites')).toHaveLength(7);
    const deployment = JSON.parse(await kubectl(['get', 'deployment', 'prometheus-operator', '-n', 'default', '-o', 'json'])) as { metadata: { labels: Record<string, string> } };
    expect(deployment.metadata.labels['app.kubernetes.io/managed-by']).toBe('afc-prerequisites');
    expect(await exists(['prometheus', 'main', '-n', 'monitoring'])).toBe(true);
    expect(await exists(['ingress', 'prometheus-ingress', '-n', 'monitoring'])).toBe(true);
  });

  it('is idempotent: a second install runs no step', async () => {
    const r = await afc(['prerequisites', 'install', ...ONLY, '--source', source, '--context', ':testbed', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('prometheus-operator: installed (deployment default/prometheus-operator exists): nothing to do');
  });

  it('status tells what is there', async () => {
    const r = await afc(['prerequisites', 'status', ...ONLY, '--context', ':testbed']);
    expect(r.stdout).toBe(
      'prometheus-operator: CRDs 10/10 at v0.72.0 (7 by afc); deployment prometheus-operator present (by afc)\n' +
        'prometheus: prometheuses main present (by afc)\n' +
        'prometheus-ingress: ingress prometheus-ingress present (by afc)\n',
    );
  });

  it('uninstall refuses while a custom resource of a CRD it would delete is left, then deletes only its own with --force', async () => {
    await kubectl(['apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Probe', metadata: { name: 'e2e-prereq-probe', namespace: 'default' }, spec: { prober: { url: 'example.com:9115' } } }),
    });
    const refused = await afc(['prerequisites', 'uninstall', ...ONLY, '--context', ':testbed']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('afc: error: prometheus-operator: CRD probes.monitoring.coreos.com (1 left) still has custom resources');
    // Nothing was deleted: every check runs first.
    expect(await exists(['prometheus', 'main', '-n', 'monitoring'])).toBe(true);
    const r = await afc(['prerequisites', 'uninstall', ...ONLY, '--context', ':testbed', '--force']);
    expect(r.code).toBe(0);
    const left = await crds();
    expect([...left.keys()].sort()).toEqual(TESTBED_CRDS);
    expect(await exists(['deployment', 'prometheus-operator', '-n', 'default'])).toBe(false);
    expect(await exists(['clusterrole', 'prometheus-operator'])).toBe(false);
    expect(await exists(['namespace', 'monitoring'])).toBe(true);
    expect(r.stderr).toContain('kept (afc never deletes a namespace)');
  });
});
