// Secrets that really arrive, through `afc apply`: OpenAFC 1.0.3.0 on k3d with upstream's fake secrets
// (test/fixtures/openafc/1.0.3.0/inputs/fake-secrets.yaml, copied from upstream) applied to the testbed
// while External Secrets' own controller (v0.16.2, .testbed/bin, with its CRDs; see
// external-secrets.e2e.test.ts) runs: every ExternalSecret Ready, every Secret the pods mount made with the
// fake store's value. Then afc's own checks (kwok marks pods Ready whatever their Secrets, so "a pod
// whose Secret is missing" is afc's preflight and --wait, tested as such): a store neither rendered nor
// live, a key the rendered fake store lacks, a live store that lacks a key (ExternalSecret Ready with
// reason SecretDeleted, no Secret: reported by --wait), and the pruning of the release's own
// cluster-scoped ClusterSecretStore while a foreign one stays.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { EXTERNAL_SECRETS_VERSION } from '../src/runner/prerequisites/catalog.js';
import { CommandError, createNamespace, kubeconfigPath, kubectl, kubectlPath, repoRoot, run, testbedDir } from './testbed.js';

const CONTROLLER = join(testbedDir, 'bin', `external-secrets-${EXTERNAL_SECRETS_VERSION}`);
const FAKE = join(repoRoot, 'test/fixtures/openafc/1.0.3.0/inputs/fake-secrets.yaml');
const OTHER_STORE = 'e2e-secrets-other-store';
let root: string;
let ns: string;
let ns2: string;
const controllers: ChildProcess[] = [];

async function afc(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(join(repoRoot, 'bin/afc'), args, { env: { KUBECONFIG: kubeconfigPath(), AFC_KUBECTL: kubectlPath, NO_COLOR: '1' }, timeoutMs: 240_000 });
    return { code: 0, ...r };
  } catch (e) {
    if (e instanceof CommandError && typeof e.exitCode === 'number') return { code: e.exitCode, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}
const errors = (stderr: string): string[] => stderr.split('\n').filter((l) => l.startsWith('afc: error: '));

interface FakeData {
  secretStores: Record<string, { provider: { fake: { data: { key: string; value: string }[] } } }>;
}
const fake = (): FakeData => parse(readFileSync(FAKE, 'utf8')) as FakeData;
const storeData = (): Map<string, string> => new Map(fake().secretStores['secret-store']!.provider.fake.data.map((d) => [d.key, d.value]));

function startController(namespace: string): void {
  const log = openSync(join(testbedDir, 'logs', `external-secrets-${namespace}.log`), 'w');
  controllers.push(
    spawn(CONTROLLER, ['--namespace', namespace, '--metrics-addr', '0', '--loglevel', 'info', '--enable-push-secret-reconciler=false', '--enable-cluster-push-secret-reconciler=false'], {
      env: { ...process.env, KUBECONFIG: kubeconfigPath() },
      stdio: ['ignore', log, log],
    }),
  );
}

interface Listed<T> {
  items: T[];
}
interface Es {
  metadata: { name: string };
  spec: { data: { remoteRef: { key: string }; secretKey: string }[]; target: { name: string } };
  status?: { conditions?: { type: string; status: string; reason?: string }[] };
}

beforeAll(async () => {
  if (!existsSync(CONTROLLER)) {
    execFileSync('bash', [join(repoRoot, 'scripts/testbed.sh'), 'build'], { env: { ...process.env, TESTBED_ESO: '1' }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 3_600_000 });
  }
  const dir = execFileSync('bash', [join(repoRoot, 'scripts/lib/go-build.sh'), '--info', 'Dir', '--module', 'github.com/external-secrets/external-secrets', '--version', EXTERNAL_SECRETS_VERSION], { encoding: 'utf8', timeout: 600_000 }).trim();
  const bases = join(dir, 'config/crds/bases');
  const files = readdirSync(bases).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  await kubectl(['apply', '--server-side', '--field-manager', 'e2e-external-secrets', ...files.flatMap((f) => ['-f', join(bases, f)])], { timeoutMs: 120_000 });
  await kubectl(['wait', '--for', 'condition=Established', '--timeout', '60s', 'crd/externalsecrets.external-secrets.io', 'crd/clustersecretstores.external-secrets.io']);
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-secrets-'));
  ns = await createNamespace('e2e-secrets');
  ns2 = await createNamespace('e2e-secrets-wait');
  startController(ns);
  startController(ns2);
}, 3_900_000);

afterAll(async () => {
  for (const c of controllers) c.kill('SIGTERM');
  await kubectl(['delete', 'clustersecretstore', 'secret-store', OTHER_STORE, '--ignore-not-found']).catch(() => undefined);
  for (const n of [ns, ns2]) {
    if (!n) continue;
    // The Services first: their nodePorts are free when the next test starts.
    await kubectl(['delete', 'services', '--all', '-n', n]).catch(() => undefined);
    await kubectl(['delete', 'namespace', n, '--wait=false']).catch(() => undefined);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

const release = (namespace: string): string[] => ['--openafc', '1.0.3.0', '-p', 'k3d,http', '--context', 'testbed', '--namespace', namespace];

describe('afc apply of a 1.0.x version with External Secrets', () => {
  it('refuses, before anything changes, ExternalSecrets whose store is neither rendered nor live', async () => {
    const r = await afc(['apply', ...release(ns)]);
    expect(r.code).toBe(1);
    const lines = errors(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      `afc: error: preflight: Secret "als-db-password" (mounted by Deployment ${ns}/als-siphon) comes from ExternalSecret "als-db-password", whose ClusterSecretStore "secret-store" is neither rendered nor in the cluster: give it in the values (secretStores.secret-store, e.g. the upstream fake-secrets.yaml) or create it`,
    );
    expect((await kubectl(['get', 'secret/afc-applyset-afc', '-n', ns, '--ignore-not-found', '-o', 'name'])).trim()).toBe('');
  });

  it('refuses a key the rendered fake store lacks, naming the Secret, the pod and the fix', async () => {
    const data = fake();
    data.secretStores['secret-store']!.provider.fake.data = data.secretStores['secret-store']!.provider.fake.data.filter((d) => d.key !== 'google-apikey');
    const file = join(root, 'fake-without-google-apikey.yaml');
    writeFileSync(file, stringify(data));
    const r = await afc(['apply', ...release(ns), '-f', file]);
    expect(r.code).toBe(1);
    expect(errors(r.stderr)).toEqual([
      `afc: error: preflight: Secret "google-apikey" (mounted by Deployment ${ns}/cert-db) comes from ExternalSecret "google-apikey", whose key "google-apikey" the fake ClusterSecretStore "secret-store" does not hold (External Secrets makes no Secret then): add it to the store's data (secretStores.secret-store.provider.fake.data)`,
    ]);
    expect((await kubectl(['get', 'clustersecretstore/secret-store', '--ignore-not-found', '-o', 'name'])).trim()).toBe('');
  });

  it('applies k3d + fake secrets: every ExternalSecret Ready, every mounted Secret holding the store value', async () => {
    const r = await afc(['apply', ...release(ns), '-f', FAKE, '--wait', '120s']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/applied to context "testbed", namespace "e2e-secrets[^"]*": \d+ created, 0 changed, 0 pruned/);
    expect(r.stderr).toMatch(/all 15 workloads ready after \d+s/);
    // The cluster-scoped store is a member of the namespaced parent's set: its group-kind listed, no namespace added.
    const parent = JSON.parse(await kubectl(['get', 'secret', 'afc-applyset-afc', '-n', ns, '-o', 'json'])) as { metadata: { labels: Record<string, string>; annotations: Record<string, string> } };
    expect(parent.metadata.annotations['applyset.kubernetes.io/contains-group-kinds']).toContain('ClusterSecretStore.external-secrets.io');
    expect(parent.metadata.annotations['applyset.kubernetes.io/additional-namespaces']).toBe('');
    const store = JSON.parse(await kubectl(['get', 'clustersecretstore', 'secret-store', '-o', 'json'])) as { metadata: { labels: Record<string, string> } };
    expect(store.metadata.labels['applyset.kubernetes.io/part-of']).toBe(parent.metadata.labels['applyset.kubernetes.io/id']);

    const list = JSON.parse(await kubectl(['get', 'externalsecrets.v1beta1.external-secrets.io', '-n', ns, '-o', 'json'])) as Listed<Es>;
    expect(list.items).toHaveLength(20);
    for (const es of list.items) expect([es.metadata.name, es.status?.conditions?.find((c) => c.type === 'Ready')?.status]).toEqual([es.metadata.name, 'True']);
    // Every Secret a pod mounts, from the workloads as applied.
    const workloads = JSON.parse(await kubectl(['get', 'deployments,statefulsets', '-n', ns, '-o', 'json'])) as Listed<{ spec: { template: { spec: { volumes?: { secret?: { secretName: string } }[] } } } }>;
    const mounted = [...new Set(workloads.items.flatMap((w) => (w.spec.template.spec.volumes ?? []).map((v) => v.secret?.secretName).filter((n): n is string => n !== undefined)))].sort();
    expect(mounted.length).toBeGreaterThanOrEqual(19);
    const values = storeData();
    const byTarget = new Map(list.items.map((es) => [es.spec.target.name, es]));
    for (const name of mounted) {
      const es = byTarget.get(name);
      expect(es, name).toBeDefined();
      const secret = JSON.parse(await kubectl(['get', 'secret', name, '-n', ns, '-o', 'json'])) as { data?: Record<string, string> };
      for (const d of es!.spec.data) {
        expect([name, Buffer.from(secret.data?.[d.secretKey] ?? '', 'base64').toString('utf8')]).toEqual([name, values.get(d.remoteRef.key)]);
        expect(Object.keys(secret.data ?? {})).toContain(d.secretKey);
      }
    }
    const again = await afc(['diff', ...release(ns), '-f', FAKE]);
    expect([again.code, again.stdout.trim().split('\n').at(-1)]).toEqual([0, 'no differences']);
  });

  it('--wait names a mounted Secret that a live store could not fill (ExternalSecret Ready, reason SecretDeleted)', async () => {
    const data = storeData();
    data.delete('google-apikey');
    const store = {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ClusterSecretStore',
      metadata: { name: OTHER_STORE },
      spec: { provider: { fake: { data: [...data].map(([key, value]) => ({ key, value })) } } },
    };
    await kubectl(['apply', '-f', '-'], { input: JSON.stringify(store) });
    const values = join(root, 'other-store.yaml');
    writeFileSync(values, stringify({ secretStores: { [OTHER_STORE]: {} }, externalSecrets: { default: { secretStore: OTHER_STORE } } }));
    // The second release's dispatcher on nodePorts of its own (the first one's are taken).
    const ports = join(root, 'other-node-ports.yaml');
    writeFileSync(ports, stringify({ components: { dispatcher: { ports: { http: { nodePort: 30180 }, https: { nodePort: 30543 }, 'disp-prometheus': { nodePort: 31191 }, 'disp-grafana': { nodePort: 31101 } } } } }));
    const r = await afc(['apply', ...release(ns2), '-f', values, '-f', ports, '--wait', '60s']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/applied to context "testbed", namespace "e2e-secrets-wait[^"]*": \d+ created, 0 changed, 0 pruned\n/);
    const lines = errors(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^afc: error: Secret "google-apikey" \\(mounted by Deployment ${ns2}\\/cert-db\\) does not exist after the wait: ExternalSecret "google-apikey" is Ready \\(SecretDeleted: .*\\), so its store has no value for "google-apikey" \\(with deletionPolicy Delete External Secrets makes no Secret then\\): add the key to the store$`),
    );
  });

  it('prunes the release\'s own ClusterSecretStore once no longer rendered, never a foreign one', async () => {
    const values = join(root, 'other-store.yaml');
    const diff = await afc(['diff', ...release(ns), '-f', values]);
    expect(diff.code).toBe(1);
    expect(diff.stdout).toContain('- prune  ClusterSecretStore secret-store\n');
    expect(diff.stdout).not.toContain(`ClusterSecretStore ${OTHER_STORE}`);
    const r = await afc(['apply', ...release(ns), '-f', values]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/20 changed, 1 pruned/);
    expect((await kubectl(['get', 'clustersecretstore/secret-store', '--ignore-not-found', '-o', 'name'])).trim()).toBe('');
    expect((await kubectl(['get', `clustersecretstore/${OTHER_STORE}`, '-o', 'name'])).trim()).toBe(`clustersecretstore.external-secrets.io/${OTHER_STORE}`);
  });
});
