// Secrets that really arrive: External Secrets' own controller (github.com/external-secrets/external-secrets
// v0.16.2, built from the Go module proxy into .testbed/bin by `TESTBED_ESO=1 scripts/testbed.sh build`;
// built here first when it is missing) runs against the testbed with its CRDs (config/crds/bases of the
// same module). They convert v1beta1 <-> v1 with no webhook (no spec.conversion: the schemas are
// identical), so the controller alone serves the chart's v1beta1 objects. The test applies a
// ClusterSecretStore with the `fake` provider and ExternalSecrets in the shape upstream's afc-int chart
// renders them (rendered/afc-int/k3d+http+fake-secrets.yaml: one key a Secret, creationPolicy Owner,
// refreshInterval 5m) and waits for every ExternalSecret to be Ready and every Secret to hold the store's
// value; two ExternalSecrets ask for a key the store lacks (see the test for what the controller says).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL_SECRETS_VERSION } from '../src/runner/prerequisites/catalog.js';
import { createNamespace, kubeconfigPath, kubectl, repoRoot, testbedDir, uniqueNamespace } from './testbed.js';

const CONTROLLER = join(testbedDir, 'bin', `external-secrets-${EXTERNAL_SECRETS_VERSION}`);
const STORE = uniqueNamespace('e2e-fake-store');
/** The fake store's data: secret name → value, as make_fake_secrets writes it (one property a Secret). */
const DATA: Record<string, string> = {
  'ratdb-password': 'postgres',
  'grafana-admin-password': 'admin',
  'flask-secret-key': 'a-flask-key',
  'server-cert-pem': '-----BEGIN CERTIFICATE-----\nMIIF6DCCA9CgAwIBAg\n-----END CERTIFICATE-----\n',
};
/** ExternalSecret name → its Secret's key (the rendered chart's secretKey). */
const SECRET_KEYS: Record<string, string> = {
  'ratdb-password': 'RATDB_PASSWORD',
  'grafana-admin-password': 'GRAFANA_ADMIN_PASSWORD',
  'flask-secret-key': 'FLASK_SECRET_KEY',
  'server-cert-pem': 'server.cert.pem',
};
let ns: string;
let controller: ChildProcess | undefined;

const externalSecret = (name: string, key: string, secretKey: string, deletionPolicy = 'Delete'): object => ({
  apiVersion: 'external-secrets.io/v1beta1',
  kind: 'ExternalSecret',
  metadata: { name, namespace: ns, labels: { 'app.kubernetes.io/instance': 'afc', 'app.kubernetes.io/name': 'afc-int' } },
  spec: {
    data: [{ remoteRef: { key }, secretKey }],
    refreshInterval: '5m',
    secretStoreRef: { kind: 'ClusterSecretStore', name: STORE },
    target: { creationPolicy: 'Owner', deletionPolicy, name },
  },
});

interface Status {
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
}
const readiness = async (): Promise<Map<string, Status['conditions']>> => {
  const list = JSON.parse(await kubectl(['get', 'externalsecrets.v1beta1.external-secrets.io', '-n', ns, '-o', 'json'])) as { items: { metadata: { name: string }; status?: Status }[] };
  return new Map(list.items.map((i) => [i.metadata.name, i.status?.conditions]));
};
const ready = (c: Status['conditions']): string | undefined => c?.find((x) => x.type === 'Ready')?.status;

beforeAll(async () => {
  if (!existsSync(CONTROLLER)) {
    // First run on this machine: build it (about 15 minutes on 2 CPUs; cached by version afterwards).
    execFileSync('bash', [join(repoRoot, 'scripts/testbed.sh'), 'build'], { env: { ...process.env, TESTBED_ESO: '1' }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 3_600_000 });
  }
  const dir = execFileSync('bash', [join(repoRoot, 'scripts/lib/go-build.sh'), '--info', 'Dir', '--module', 'github.com/external-secrets/external-secrets', '--version', EXTERNAL_SECRETS_VERSION], { encoding: 'utf8', timeout: 600_000 }).trim();
  const bases = join(dir, 'config/crds/bases');
  const files = readdirSync(bases).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
  expect(files).toHaveLength(20);
  // Shared with other tests and never deleted here (a later one may rely on them); server-side, as the
  // largest exceed client-side apply's annotation limit.
  await kubectl(['apply', '--server-side', '--field-manager', 'e2e-external-secrets', ...files.flatMap((f) => ['-f', join(bases, f)])], { timeoutMs: 120_000 });
  await kubectl(['wait', '--for', 'condition=Established', '--timeout', '60s', 'crd/externalsecrets.external-secrets.io', 'crd/clustersecretstores.external-secrets.io']);
  ns = await createNamespace('e2e-eso');
  const log = openSync(join(testbedDir, 'logs', `external-secrets-${ns}.log`), 'w');
  controller = spawn(CONTROLLER, ['--namespace', ns, '--metrics-addr', '0', '--loglevel', 'info', '--enable-push-secret-reconciler=false', '--enable-cluster-push-secret-reconciler=false'], {
    env: { ...process.env, KUBECONFIG: kubeconfigPath() },
    stdio: ['ignore', log, log],
  });
}, 3_900_000);

afterAll(async () => {
  controller?.kill('SIGTERM');
  await kubectl(['delete', 'clustersecretstore', STORE, '--ignore-not-found']).catch(() => undefined);
  if (ns) await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
});

describe("External Secrets' controller on the testbed", () => {
  it('serves the fake store: every ExternalSecret Ready, every Secret holding the store value', async () => {
    const store = {
      apiVersion: 'external-secrets.io/v1beta1',
      kind: 'ClusterSecretStore',
      metadata: { name: STORE, labels: { 'app.kubernetes.io/instance': 'afc', 'app.kubernetes.io/name': 'afc-int' } },
      spec: { provider: { fake: { data: Object.entries(DATA).map(([key, value]) => ({ key, value })) } } },
    };
    const objects = [store, ...Object.entries(SECRET_KEYS).map(([name, key]) => externalSecret(name, name, key)), externalSecret('oidc-client-secret', 'oidc-client-secret', 'OIDC_CLIENT_SECRET'), externalSecret('oidc-client-id', 'oidc-client-id', 'OIDC_CLIENT_ID', 'Retain')];
    await kubectl(['apply', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) });

    let states = await readiness();
    for (let i = 0; i < 120 && ![...Object.keys(SECRET_KEYS), 'oidc-client-secret', 'oidc-client-id'].every((n) => ready(states.get(n)) !== undefined); i++) {
      await new Promise((r) => setTimeout(r, 500));
      states = await readiness();
    }
    for (const name of Object.keys(SECRET_KEYS)) expect([name, ready(states.get(name))]).toEqual([name, 'True']);
    for (const [name, key] of Object.entries(SECRET_KEYS)) {
      const secret = JSON.parse(await kubectl(['get', 'secret', name, '-n', ns, '-o', 'json'])) as { data: Record<string, string>; metadata: { ownerReferences?: { kind: string; name: string }[] } };
      expect(Object.keys(secret.data)).toEqual([key]);
      expect(Buffer.from(secret.data[key]!, 'base64').toString('utf8')).toBe(DATA[name]);
      expect(secret.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`)).toEqual([`ExternalSecret/${name}`]);
    }
    // A key the store lacks. With the chart's deletionPolicy Delete the controller calls the
    // ExternalSecret Ready (reason SecretDeleted) and makes no Secret: Ready does not mean the Secret
    // exists, which is why afc checks the Secrets pods mount itself. With Retain it is an error.
    const deleted = states.get('oidc-client-secret')?.find((c) => c.type === 'Ready');
    expect([deleted?.status, deleted?.reason]).toEqual(['True', 'SecretDeleted']);
    const retained = states.get('oidc-client-id')?.find((c) => c.type === 'Ready');
    expect([retained?.status, retained?.reason]).toEqual(['False', 'SecretSyncedError']);
    for (const name of ['oidc-client-secret', 'oidc-client-id']) {
      expect((await kubectl(['get', 'secret', name, '-n', ns, '--ignore-not-found', '-o', 'name'])).trim()).toBe('');
    }
  });

  it('reads the same objects as external-secrets.io/v1 (no conversion webhook needed)', async () => {
    const v1 = JSON.parse(await kubectl(['get', 'externalsecrets.v1.external-secrets.io', 'ratdb-password', '-n', ns, '-o', 'json'])) as { apiVersion: string; spec: { secretStoreRef: { name: string } } };
    expect(v1.apiVersion).toBe('external-secrets.io/v1');
    expect(v1.spec.secretStoreRef.name).toBe(STORE);
    const crd = JSON.parse(await kubectl(['get', 'crd', 'externalsecrets.external-secrets.io', '-o', 'json'])) as { spec: { conversion?: { strategy: string } } };
    expect(crd.spec.conversion?.strategy ?? 'None').toBe('None');
  });
});
