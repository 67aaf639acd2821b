// `afc diff` and `afc apply` as a ServiceAccount bound to exactly the documented rights
// (e2e/fixtures/day2-rbac.yaml, the Role of docs/guides/permissions.md): no list or watch on Secrets, Secrets read only
// by name (the ApplySet parent; the mounted notifier-mail, existence only). Both work through a first
// apply, a no-change apply, a kept claim and a prune; removing one right gives a one-line error naming it;
// the API server's audit log shows that no Secret data but the parent's was sent to afc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { EXTERNAL_SECRETS_VERSION } from '../src/runner/prerequisites/catalog.js';
import { CommandError, createNamespace, kubectl, kubectlPath, repoRoot, run } from './testbed.js';

let root: string;
let ns: string;
let kubeconfig: string;
const rbacIn = (namespace: string): string => readFileSync(join(repoRoot, 'e2e', 'fixtures', 'day2-rbac.yaml'), 'utf8').replaceAll('NAMESPACE', namespace).replaceAll('RELEASE', 'afc');
const rbac = (): string => rbacIn(ns);

/** A ServiceAccount of `namespace` bound to the fixture's Role and ClusterRole; returns its kubeconfig. */
async function deployer(namespace: string): Promise<string> {
  await kubectl(['create', 'serviceaccount', 'afc-deployer', '-n', namespace]);
  await kubectl(['apply', '-f', '-'], { input: rbacIn(namespace) });
  await kubectl(['create', 'rolebinding', 'afc-deployer', '-n', namespace, '--role=afc-deployer', `--serviceaccount=${namespace}:afc-deployer`]);
  await kubectl(['create', 'clusterrolebinding', `afc-deployer-${namespace}`, `--clusterrole=afc-deployer-${namespace}`, `--serviceaccount=${namespace}:afc-deployer`]);
  const token = (await kubectl(['create', 'token', 'afc-deployer', '-n', namespace, '--duration=1h'])).trim();
  const config = JSON.parse(await kubectl(['config', 'view', '--raw', '--minify', '--context', 'testbed', '-o', 'json'])) as { users: { name: string; user: unknown }[] };
  config.users = config.users.map((u) => ({ name: u.name, user: { token } }));
  const file = join(root, `${namespace}.kubeconfig`);
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  return file;
}
let ns2: string | undefined;

async function afc(args: readonly string[], config = kubeconfig): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(join(repoRoot, 'bin/afc'), args, { env: { KUBECONFIG: config, AFC_KUBECTL: kubectlPath, NO_COLOR: '1' }, timeoutMs: 240_000 });
    return { code: 0, ...r };
  } catch (e) {
    if (e instanceof CommandError && typeof e.exitCode === 'number') return { code: e.exitCode, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}
const target = (): string[] => ['--context', 'testbed', '--namespace', ns];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-rbac-'));
  ns = await createNamespace('e2e-rbac');
  await kubectl(['create', 'secret', 'generic', 'notifier-mail', '-n', ns, '--from-literal=NOTIFIER_MAIL.json={}']);
  kubeconfig = await deployer(ns);
});

afterAll(async () => {
  await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  await kubectl(['delete', 'clusterrolebinding', `afc-deployer-${ns}`, '--ignore-not-found']).catch(() => undefined);
  await kubectl(['delete', 'clusterrole', `afc-deployer-${ns}`, '--ignore-not-found']).catch(() => undefined);
  if (ns2) {
    await kubectl(['delete', 'services', '--all', '-n', ns2]).catch(() => undefined);
    await kubectl(['delete', 'namespace', ns2, '--wait=false']).catch(() => undefined);
    await kubectl(['delete', 'clusterrolebinding', `afc-deployer-${ns2}`, '--ignore-not-found']).catch(() => undefined);
    await kubectl(['delete', 'clusterrole', `afc-deployer-${ns2}`, '--ignore-not-found']).catch(() => undefined);
    await kubectl(['delete', 'clustersecretstore', 'secret-store', '--ignore-not-found']).catch(() => undefined);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('afc diff and afc apply with least privilege', () => {
  it('work as a ServiceAccount with exactly the documented rights (no list on Secrets)', async () => {
    const role = parseAllDocuments(rbac()).map((d) => d.toJS() as { kind: string; rules: { resources: string[]; verbs: string[]; resourceNames?: string[] }[] })[0]!;
    const secretRules = role.rules.filter((r) => r.resources.includes('secrets'));
    expect(secretRules.flatMap((r) => r.verbs).filter((v) => v === 'list' || v === 'watch')).toEqual([]);
    expect(secretRules.filter((r) => r.verbs.includes('get')).every((r) => (r.resourceNames ?? []).length > 0)).toBe(true);
    // The token really is limited: it cannot list Secrets.
    expect((await run(kubectlPath, ['auth', 'can-i', 'list', 'secrets', '-n', ns], { env: { KUBECONFIG: kubeconfig } }).catch((e: CommandError) => ({ stdout: e.stdout }))).stdout.trim()).toBe('no');

    const first = await afc(['apply', '--platform', 'k3d,hardened', ...target()]);
    expect(first.code, first.stderr).toBe(0);
    const diff = await afc(['diff', '--platform', 'k3d,hardened', ...target()]);
    expect(diff.code, diff.stderr).toBe(0);
    const again = await afc(['apply', '--platform', 'k3d,hardened', ...target()]);
    expect([again.code, again.stderr]).toEqual([0, `nothing to apply: the release matches context "testbed", namespace "${ns}"\n`]);
    // A kept claim (a label removal) and a prune (kubectl's pruner lists the parent's kinds by label).
    const down = await afc(['apply', '--platform', 'k3d', ...target()]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain(`kept: PersistentVolumeClaim ${ns}/rat-transfer`);
    const gcp = await afc(['apply', '--platform', 'gcp', ...target()]);
    expect(gcp.code, gcp.stderr).toBe(0);
    expect(gcp.stderr).toContain('6 pruned');
  });

  it('the API server sent afc no Secret data but the ApplySet parent\'s (its audit log, RequestResponse on Secrets)', () => {
    // scripts/testbed.sh starts kube-apiserver with an audit policy that records every Secret request with
    // its response body. The ServiceAccount is afc's alone in this file: its events are afc's requests.
    const user = `system:serviceaccount:${ns}:afc-deployer`;
    const events = readFileSync(join(repoRoot, '.testbed', 'logs', 'audit.log'), 'utf8')
      .split('\n')
      .filter((l) => l.includes(user))
      .map((l) => JSON.parse(l) as { user: { username: string }; verb: string; objectRef?: { resource?: string; name?: string }; responseObject?: Record<string, unknown> })
      .filter((e) => e.user.username === user && e.objectRef?.resource === 'secrets');
    // It did ask: the parent by name, and the mounted notifier-mail for its existence.
    expect(events.some((e) => e.objectRef?.name === 'afc-applyset-afc')).toBe(true);
    expect(events.some((e) => e.objectRef?.name === 'notifier-mail' || JSON.stringify(e.responseObject ?? {}).includes('notifier-mail'))).toBe(true);
    // No list or watch of Secrets, and no Secret with data in any response but the parent (which holds none).
    expect(events.filter((e) => e.verb === 'list' || e.verb === 'watch').map((e) => `${e.verb} ${e.objectRef?.name ?? ''}`)).toEqual([]);
    const withData = new Set<string>();
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) return v.forEach(visit);
      if (v === null || typeof v !== 'object') return;
      const o = v as Record<string, unknown>;
      const name = (o.metadata as { name?: string } | undefined)?.name;
      if (o.kind === 'Secret' && (o.data !== undefined || o.stringData !== undefined) && name !== undefined) withData.add(name);
      Object.values(o).forEach(visit);
    };
    for (const e of events) visit(e.responseObject);
    expect([...withData].filter((n) => n !== 'afc-applyset-afc')).toEqual([]);
  });

  it('removing one right gives a one-line error naming it', async () => {
    const without = rbac().replace('resources: [deployments, statefulsets]\n    verbs: [get, list, create, patch, delete]', 'resources: [deployments, statefulsets]\n    verbs: [get, create, patch, delete]');
    expect(without).not.toBe(rbac());
    await kubectl(['apply', '-f', '-'], { input: without });
    const diff = await afc(['diff', '--platform', 'gcp', ...target()]);
    expect(diff.code).toBe(2);
    const lines = diff.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^afc: error: .*cannot list resource "deployments" in API group "apps" in the namespace/);
    await kubectl(['apply', '-f', '-'], { input: rbac() });
  });

  it('apply a 1.0.x version with fake secrets: its ExternalSecrets, Ingress rights and the cluster-scoped ClusterSecretStore', async () => {
    // External Secrets' CRDs (the same files as external-secrets.e2e.test.ts; shared, never deleted).
    const dir = execFileSync('bash', [join(repoRoot, 'scripts/lib/go-build.sh'), '--info', 'Dir', '--module', 'github.com/external-secrets/external-secrets', '--version', EXTERNAL_SECRETS_VERSION], { encoding: 'utf8', timeout: 600_000 }).trim();
    const bases = join(dir, 'config/crds/bases');
    const files = readdirSync(bases).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    await kubectl(['apply', '--server-side', '--field-manager', 'e2e-external-secrets', ...files.flatMap((f) => ['-f', join(bases, f)])], { timeoutMs: 120_000 });
    await kubectl(['wait', '--for', 'condition=Established', '--timeout', '60s', 'crd/externalsecrets.external-secrets.io', 'crd/clustersecretstores.external-secrets.io']);
    // The dispatcher's nodePorts are the fc912b4a release's above: its Services go first.
    await kubectl(['delete', 'services', '--all', '-n', ns]);
    ns2 = await createNamespace('e2e-rbac-eso');
    const config = await deployer(ns2);
    const fake = join(repoRoot, 'test/fixtures/openafc/1.0.3.0/inputs/fake-secrets.yaml');
    const args = ['--openafc', '1.0.3.0', '--platform', 'k3d,http', '-f', fake, '--context', 'testbed', '--namespace', ns2];
    const first = await afc(['apply', ...args], config);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/: \d+ created, 0 changed, 0 pruned\n/);
    const diff = await afc(['diff', ...args], config);
    expect([diff.code, diff.stdout.trim().split('\n').at(-1)]).toEqual([0, 'no differences']);
    const again = await afc(['apply', ...args], config);
    expect([again.code, again.stderr.split('\n').filter((l) => !l.startsWith('afc: warning:')).join('\n')]).toEqual([0, `nothing to apply: the release matches context "testbed", namespace "${ns2}"\n`]);
    // Without the cluster-wide list of ClusterSecretStores, the member listing stops with one line naming it.
    await kubectl(['apply', '-f', '-'], { input: rbacIn(ns2).replace('resources: [clustersecretstores]\n    verbs: [list, create]', 'resources: [clustersecretstores]\n    verbs: [create]') });
    const denied = await afc(['diff', ...args], config);
    expect(denied.code).toBe(2);
    const lines = denied.stderr.trim().split('\n').filter((l) => !l.startsWith('afc: warning:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^afc: error: .*cannot list resource "clustersecretstores" in API group "external-secrets.io" at the cluster scope/);
  });
});
