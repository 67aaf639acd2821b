// `afc diff` and `afc apply` against the testbed: a real kube-apiserver with the controller-manager,
// scheduler and kwok nodes; kubectl is the real one (the reference ApplySet implementation), helm too.
// The scenarios: 1 apply → diff empty → second apply changes nothing; 2 k3d → gcp prunes exactly
// the database objects and nothing foreign; 3 drift shows up and is restored, the autoscaled replicas
// are left alone; 4 preflight refusals change nothing; 5 --wait. (6, the offline diff, needs no cluster:
// test/cli/diff.test.ts.)
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { applySetId, containsGroupKinds, LABEL_PART_OF, parentFor } from '../src/kit/applyset.js';
import type { K8sObject } from '../src/kit/objects.js';
import { synthPlainObjects, synthPlainYaml } from '../src/synth/plain.js';
import { CommandError, createNamespace, helmPath, kubeconfigPath, kubectl, kubectlPath, repoRoot, run, testbedDir, uniqueNamespace } from './testbed.js';

const CONTEXT = 'testbed';
let root: string;
let ns: string;
const env = (): Record<string, string> => ({
  KUBECONFIG: kubeconfigPath(),
  AFC_KUBECTL: kubectlPath,
  AFC_HELM: helmPath,
  HELM_CONFIG_HOME: join(testbedDir, 'helm', 'config'),
  HELM_CACHE_HOME: join(testbedDir, 'helm', 'cache'),
  HELM_DATA_HOME: join(testbedDir, 'helm', 'data'),
  NO_COLOR: '1',
});

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs ./bin/afc; resolves with its exit code and output (non-zero exits too). */
async function afc(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<Result> {
  try {
    const r = await run(join(repoRoot, 'bin/afc'), args, { env: { ...env(), ...extraEnv }, timeoutMs: 240_000 });
    return { code: 0, ...r };
  } catch (e) {
    if (e instanceof CommandError && typeof e.exitCode === 'number') return { code: e.exitCode, stdout: e.stdout, stderr: e.stderr };
    throw e;
  }
}

const target = (namespace: string): string[] => ['--context', CONTEXT, '--namespace', namespace];
const getJson = async <T = K8sObject>(args: readonly string[]): Promise<T> => JSON.parse(await kubectl([...args, '-o', 'json'])) as T;
const items = async (args: readonly string[]): Promise<K8sObject[]> => (await getJson<{ items: K8sObject[] }>(args)).items;

/**
 * kind/name → resourceVersion of the release's members and the parent. Controllers keep writing the status
 * of Deployments, StatefulSets and the HPA (pods becoming ready on kwok nodes): for those, the generation
 * and the time of afc's last write (its managedFields entry) stand in for the resourceVersion.
 */
async function versions(namespace: string): Promise<Map<string, string>> {
  const id = applySetId(parentFor('afc', namespace));
  const list = await items(['get', 'configmaps,services,deployments,horizontalpodautoscalers,statefulsets,podmonitors,servicemonitors', '-n', namespace, '-l', `${LABEL_PART_OF}=${id}`, '--show-managed-fields']);
  const parent = await getJson(['get', 'secret', 'afc-applyset-afc', '-n', namespace]);
  const version = (o: K8sObject): string => {
    if (!['Deployment', 'StatefulSet', 'HorizontalPodAutoscaler'].includes(o.kind)) return String(o.metadata.resourceVersion);
    const afcEntry = (o.metadata.managedFields as { manager: string; time: string }[]).find((m) => m.manager === 'afc');
    return `generation ${String(o.metadata.generation)}, afc wrote at ${afcEntry?.time ?? 'never'}`;
  };
  return new Map([...list, parent].map((o) => [`${o.kind}/${o.metadata.name}`, version(o)]));
}

const replicas = async (namespace: string, name: string): Promise<number> =>
  (await getJson<{ spec: { replicas: number } }>(['get', 'deployment', name, '-n', namespace])).spec.replicas;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-day2-'));
  ns = await createNamespace('e2e-day2');
  await kubectl(['create', 'secret', 'generic', 'notifier-mail', '-n', ns, '--from-literal=NOTIFIER_MAIL.json={}']);
});

afterAll(async () => {
  // Services first: their node ports are cluster-wide (and a testbed without controllers keeps them).
  await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
  await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('afc apply and afc diff on a live cluster', () => {
  it('1: apply --platform k3d creates the release as an ApplySet; diff is empty; a second apply changes nothing', async () => {
    const first = await afc(['apply', '--platform', 'k3d', ...target(ns)]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toBe(`applied to context "testbed", namespace "${ns}": 51 created, 0 changed, 0 pruned\n`);
    const desired = synthPlainObjects({ platforms: ['k3d'], namespace: ns }) as K8sObject[];
    expect(first.stdout).toContain(`${desired.length} to create, 0 to change, 0 to prune`);

    // kubectl (the reference implementation) wrote the parent: its id is the one afc computes.
    const parent = await getJson(['get', 'secret', 'afc-applyset-afc', '-n', ns]);
    const id = applySetId(parentFor('afc', ns));
    expect(parent.metadata.labels?.['applyset.kubernetes.io/id']).toBe(id);
    expect(parent.metadata.annotations?.['applyset.kubernetes.io/contains-group-kinds']).toBe(containsGroupKinds(desired));
    expect(parent.metadata.annotations?.['applyset.kubernetes.io/tooling']).toMatch(/^kubectl\/v1\./);
    const members = await items(['get', 'configmaps,services,deployments,horizontalpodautoscalers,statefulsets,podmonitors,servicemonitors', '-n', ns, '-l', `${LABEL_PART_OF}=${id}`]);
    expect(members.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(desired.map((o) => `${o.kind}/${o.metadata.name}`).sort());
    // Applied by field manager afc, server-side.
    const rmq = await getJson(['get', 'deployment', 'rmq', '-n', ns, '--show-managed-fields']);
    expect((rmq.metadata.managedFields as { manager: string; operation: string }[]).some((m) => m.manager === 'afc' && m.operation === 'Apply')).toBe(true);

    // --verbose echoes each kubectl call: with nothing to change, diff needs three, started together
    // (the dry run; the set's members by label selector; the ApplySet parent by name: nothing that grows
    // with the namespace's foreign objects, and no Secret but the parent; the release's objects that exist
    // without being members would be asked for by name after the dry run, and there are none);
    // apply reads the release's Lease in the by-name call, lists the StorageClasses (k3d's claim
    // templates name none), asks whether the Secret notifier-mail exists (a table: metadata only) and
    // reads the cluster's Services (k3d fixes nodePorts), not the server version (the dry run accepted
    // the autoscaling/v2 HPA). Each kubectl start is a large fixed cost: a new query should be a
    // conscious choice.
    const calls = (stderr: string): string[] =>
      stderr
        .split('\n')
        .filter((l) => l.startsWith('> '))
        .map((l) => l.split(' ').slice(3, 5).join(' '))
        .sort();
    const memberListing = `get configmap,deployment.v1.apps,horizontalpodautoscaler.v2.autoscaling,podmonitor.v1.monitoring.coreos.com,service,servicemonitor.v1.monitoring.coreos.com,statefulset.v1.apps`;
    const diff = await afc(['diff', '--platform', 'k3d', ...target(ns), '--verbose']);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toBe(`Deployment ${ns}/worker: spec.replicas (1) is managed by HorizontalPodAutoscaler worker; afc leaves it out\nno differences\n`);
    expect(calls(diff.stderr)).toEqual(['apply --server-side', memberListing, 'get secret/afc-applyset-afc']);
    expect(diff.stderr.split('\n').find((l) => l.includes(` ${memberListing} `))).toContain(` -l ${LABEL_PART_OF}=${id} `);

    const before = await versions(ns);
    const second = await afc(['apply', '--platform', 'k3d', ...target(ns), '--verbose']);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('nothing to apply');
    expect(calls(second.stderr)).toEqual(['apply --server-side', memberListing, 'get secret/afc-applyset-afc', 'get secret/notifier-mail', 'get services', 'get storageclass.v1.storage.k8s.io']);
    expect(second.stderr.split('\n').find((l) => l.includes(' get secret/afc-applyset-afc '))).toContain(' lease.v1.coordination.k8s.io/afc-apply-afc ');
    expect(second.stderr.split('\n').find((l) => l.includes(' get secret/notifier-mail '))).toContain(' --no-headers --show-kind');
    expect(await versions(ns)).toEqual(before);
  });

  it('3: drift (kubectl scale, label, edit) shows in diff as drift and a plain apply restores it; the autoscaled worker stays at 3; a real conflict stops a plain apply', async () => {
    await kubectl(['scale', 'deployment', 'rmq', '-n', ns, '--replicas=2']);
    await kubectl(['scale', 'deployment', 'worker', '-n', ns, '--replicas=3']);
    await kubectl(['label', 'deployment', 'objst', '-n', ns, 'app.kubernetes.io/version=drifted', '--overwrite']);
    // A real `kubectl edit`, with an editor that changes one value of the rcache ConfigMap.
    const editor = join(root, 'editor.mjs');
    writeFileSync(editor, `#!${process.execPath}\nimport { readFileSync, writeFileSync } from 'node:fs';\nconst f = process.argv[2];\nwriteFileSync(f, readFileSync(f, 'utf8').replace(/^(  RCACHE_CLIENT_PORT: ).*$/m, '$1"9999"'));\n`);
    chmodSync(editor, 0o755);
    const cm = async (): Promise<Record<string, string>> => (await getJson<{ data: Record<string, string> }>(['get', 'configmap', 'rcache', '-n', ns])).data;
    const label = async (): Promise<string | undefined> => (await getJson(['get', 'deployment', 'objst', '-n', ns])).metadata.labels?.['app.kubernetes.io/version'];
    const cmBefore = await cm();
    expect(cmBefore.RCACHE_CLIENT_PORT).toBeDefined();
    await kubectl(['edit', 'configmap', 'rcache', '-n', ns], { env: { KUBE_EDITOR: editor, EDITOR: editor } });
    expect((await cm()).RCACHE_CLIENT_PORT).toBe('9999');

    type Owned = { object: string; path: string; manager: string };
    type DiffDoc = { summary: unknown; objects: { kind: string; name: string; changes: { path: string; before?: unknown; after?: unknown }[]; notes: string[] }[]; autoscaled: unknown[]; conflicts: Owned[]; drift: Owned[] };
    const diff = await afc(['diff', '--platform', 'k3d', ...target(ns), '-o', 'json']);
    expect(diff.code, diff.stderr).toBe(1);
    const doc = JSON.parse(diff.stdout) as DiffDoc;
    expect(doc.summary).toEqual({ create: 0, change: 3, prune: 0 });
    const changes = Object.fromEntries(doc.objects.map((o) => [`${o.kind}/${o.name}`, o.changes]));
    expect(changes).toEqual({
      'ConfigMap/rcache': [{ path: '.data.RCACHE_CLIENT_PORT', before: '9999', after: cmBefore.RCACHE_CLIENT_PORT }],
      'Deployment/objst': [{ path: '.metadata.labels["app.kubernetes.io/version"]', before: 'drifted', after: 'brcm-3.8.14.0.1' }],
      'Deployment/rmq': [{ path: '.spec.replicas', before: 2, after: 1 }],
    });
    expect(doc.autoscaled).toEqual([{ kind: 'Deployment', namespace: ns, name: 'worker', hpa: 'worker', replicas: 3 }]);
    // The managers are the names kubectl v1.34 writes with: `kubectl scale` goes through the scale
    // subresource as plain `kubectl`; label and edit as kubectl-label and kubectl-edit.
    expect(doc.drift).toEqual([
      { object: `ConfigMap ${ns}/rcache`, path: '.data.RCACHE_CLIENT_PORT', manager: 'kubectl-edit' },
      { object: `Deployment ${ns}/objst`, path: '.metadata.labels["app.kubernetes.io/version"]', manager: 'kubectl-label' },
      { object: `Deployment ${ns}/rmq`, path: '.spec.replicas', manager: 'kubectl' },
    ]);
    expect(doc.conflicts).toEqual([]);
    expect(doc.objects.find((o) => o.name === 'rcache')!.notes).toEqual(['drift by kubectl-edit: .data.RCACHE_CLIENT_PORT (afc apply restores it)']);
    const text = await afc(['diff', '--platform', 'k3d', ...target(ns)]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('  note: drift by kubectl-label: .metadata.labels["app.kubernetes.io/version"] (afc apply restores it)\n');
    expect(text.stdout).toContain('\n3 drifted field(s), changed by kubectl, kubectl-edit, kubectl-label: afc apply restores them\n0 to create, 3 to change, 0 to prune\n');

    // A plain apply restores the drift and says what it restored; the autoscaled worker keeps its 3.
    const restored = await afc(['apply', '--platform', 'k3d', ...target(ns)]);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toBe(
      [
        `restored: ConfigMap ${ns}/rcache .data.RCACHE_CLIENT_PORT (drift by kubectl-edit)`,
        `restored: Deployment ${ns}/objst .metadata.labels["app.kubernetes.io/version"] (drift by kubectl-label)`,
        `restored: Deployment ${ns}/rmq .spec.replicas (drift by kubectl)`,
        `applied to context "testbed", namespace "${ns}": 0 created, 3 changed, 0 pruned`,
        '',
      ].join('\n'),
    );
    expect(await replicas(ns, 'rmq')).toBe(1);
    expect(await replicas(ns, 'worker')).toBe(3);
    expect(await label()).toBe('brcm-3.8.14.0.1');
    expect((await cm()).RCACHE_CLIENT_PORT).toBe(cmBefore.RCACHE_CLIENT_PORT);
    const clean = `Deployment ${ns}/worker: spec.replicas (3) is managed by HorizontalPodAutoscaler worker; afc leaves it out\nno differences\n`;
    const after = await afc(['diff', '--platform', 'k3d', ...target(ns)]);
    expect([after.code, after.stdout]).toEqual([0, clean]);

    // A real conflict: another manager's server-side apply claims a field afc owns. With drift beside it,
    // a plain apply refuses the whole plan: nothing changes, the drift is not restored partially.
    const claim = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'rcache', namespace: ns }, data: { RCACHE_CLIENT_PORT: '7777' } });
    await kubectl(['apply', '--server-side', '--field-manager=other', '--force-conflicts', '-f', '-'], { input: claim });
    await kubectl(['label', 'deployment', 'objst', '-n', ns, 'app.kubernetes.io/version=drifted', '--overwrite']);
    const conflicted = JSON.parse((await afc(['diff', '--platform', 'k3d', ...target(ns), '-o', 'json'])).stdout) as DiffDoc;
    expect(conflicted.conflicts).toEqual([{ object: `ConfigMap ${ns}/rcache`, path: '.data.RCACHE_CLIENT_PORT', manager: 'other' }]);
    expect(conflicted.drift).toEqual([{ object: `Deployment ${ns}/objst`, path: '.metadata.labels["app.kubernetes.io/version"]', manager: 'kubectl-label' }]);
    const before = await versions(ns);
    const refused = await afc(['apply', '--platform', 'k3d', ...target(ns)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `afc: error: 1 field(s) owned by other managers would change, nothing applied (the 1 drifted field(s) not restored either): ConfigMap ${ns}/rcache .data.RCACHE_CLIENT_PORT (owned by other): pass --force-conflicts to take them over, or change them back\n`,
    );
    expect(refused.stdout).toContain('  note: conflict: .data.RCACHE_CLIENT_PORT is owned by "other" (afc apply stops unless --force-conflicts)\n');
    expect(await versions(ns)).toEqual(before);
    expect((await cm()).RCACHE_CLIENT_PORT).toBe('7777');
    expect(await label()).toBe('drifted');

    // --force-conflicts takes the field over (and restores the drift with it).
    const forced = await afc(['apply', '--platform', 'k3d', ...target(ns), '--force-conflicts']);
    expect(forced.code, forced.stderr).toBe(0);
    expect((await cm()).RCACHE_CLIENT_PORT).toBe(cmBefore.RCACHE_CLIENT_PORT);
    expect(await label()).toBe('brcm-3.8.14.0.1');
    expect(await replicas(ns, 'worker')).toBe(3);
    const owners = ((await getJson(['get', 'configmap', 'rcache', '-n', ns, '--show-managed-fields'])).metadata.managedFields as { manager: string; fieldsV1: { 'f:data'?: Record<string, unknown> } }[])
      .filter((m) => m.fieldsV1['f:data'] && 'f:RCACHE_CLIENT_PORT' in m.fieldsV1['f:data'])
      .map((m) => m.manager);
    expect(owners).toEqual(['afc']);
    const empty = await afc(['diff', '--platform', 'k3d', ...target(ns)]);
    expect([empty.code, empty.stdout]).toEqual([0, clean]);
  });

  it('2: diff/apply --platform gcp prune exactly the ratdb and bulk_postgres objects; foreign objects and another set stay', async () => {
    const id = applySetId(parentFor('afc', ns));
    await kubectl(['create', 'configmap', 'foreign', '-n', ns, '--from-literal=a=b']);
    await kubectl(['create', 'configmap', 'look-alike', '-n', ns, '--from-literal=a=b']);
    await kubectl(['label', 'configmap', 'look-alike', '-n', ns, 'app.kubernetes.io/instance=afc', 'app.kubernetes.io/managed-by=afc', 'app.kubernetes.io/name=afc-int']);
    // A second release's set in the same namespace, made by kubectl itself (its own ApplySet parent).
    const other = stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'other-release', namespace: ns }, data: { a: 'b' } });
    await kubectl(['apply', '--server-side', '--prune', '--applyset=secrets/afc-applyset-other', '-n', ns, '-f', '-'], { input: other, env: { KUBECTL_APPLYSET: 'true' } });

    const diff = await afc(['diff', '--platform', 'gcp', ...target(ns), '-o', 'json']);
    expect(diff.code, diff.stderr).toBe(1);
    const doc = JSON.parse(diff.stdout) as { objects: { action: string; kind: string; name: string; changes: { path: string; before?: unknown; after?: unknown }[] }[] };
    const prunes = doc.objects.filter((o) => o.action === 'prune').map((o) => `${o.kind}/${o.name}`);
    const expectedPrunes = ['Service/bulk-postgres', 'Service/bulk-postgres-headless', 'Service/ratdb', 'Service/ratdb-headless', 'StatefulSet/bulk-postgres', 'StatefulSet/ratdb'];
    expect(prunes).toEqual(expectedPrunes);
    expect(doc.objects.filter((o) => o.action === 'create')).toEqual([]);
    const byName = Object.fromEntries(doc.objects.filter((o) => o.action === 'change').map((o) => [`${o.kind}/${o.name}`, o.changes]));
    expect(byName['Service/rmq']).toEqual([{ path: '.spec.loadBalancerIP', after: '10.255.128.214' }]);
    expect(byName['Deployment/worker']).toEqual([{ path: '.spec.template.spec.containers[name=worker].imagePullPolicy', before: 'Always', after: 'Never' }]);
    expect(Object.keys(byName).filter((k) => k.startsWith('Deployment/')).length).toBe(13);

    // kubectl's own prune (server dry run) selects the same members.
    const manifest = join(root, 'gcp.yaml');
    writeFileSync(manifest, synthPlainYaml({ platforms: ['gcp'], namespace: ns }));
    const dry = await kubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=afc', '--dry-run=server', '--prune', '--applyset=secrets/afc-applyset-afc', '-n', ns, '-f', manifest], { env: { KUBECTL_APPLYSET: 'true' } });
    const kubectlPrunes = dry
      .split('\n')
      .filter((l) => /pruned/.test(l))
      .map((l) => l.split(' ')[0]!)
      .sort();
    expect(kubectlPrunes).toEqual(['service/bulk-postgres', 'service/bulk-postgres-headless', 'service/ratdb', 'service/ratdb-headless', 'statefulset.apps/bulk-postgres', 'statefulset.apps/ratdb']);

    const applied = await afc(['apply', '--platform', 'gcp', ...target(ns)]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain('0 created, 15 changed, 6 pruned');
    const left = await items(['get', 'configmaps,services,statefulsets', '-n', ns]);
    const names = left.map((o) => `${o.kind}/${o.metadata.name}`);
    for (const p of expectedPrunes) expect(names).not.toContain(p);
    for (const keep of ['ConfigMap/foreign', 'ConfigMap/look-alike', 'ConfigMap/other-release', 'Service/rmq', 'ConfigMap/worker']) expect(names).toContain(keep);
    expect((await getJson(['get', 'configmap', 'other-release', '-n', ns])).metadata.labels?.[LABEL_PART_OF]).toBe(applySetId(parentFor('other', ns)));
    expect(await replicas(ns, 'worker')).toBe(3);
    expect(id).toMatch(/^applyset-/);

    const empty = await afc(['diff', '--platform', 'gcp', ...target(ns)]);
    expect(empty.code).toBe(0);
    expect(empty.stdout.endsWith('no differences\n')).toBe(true);
  });

  it('4: preflight refusals name what is missing and change nothing', async () => {
    // A namespace that does not exist.
    const missing = uniqueNamespace('e2e-day2-none');
    const r1 = await afc(['apply', '--platform', 'k3d,no_secrets', ...target(missing)]);
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain(`afc: error: preflight: namespace "${missing}" does not exist: create it (kubectl create namespace ${missing}) or pass --create-namespace\n`);
    await expect(kubectl(['get', 'namespace', missing])).rejects.toThrow(/NotFound/);

    // A Secret a pod mounts (notifier-mail), and a fixed nodePort another Service holds.
    const bare = await createNamespace('e2e-day2-bare');
    try {
      // Node ports are cluster-wide: this release asks for its own pair, one of them held by a blocker.
      const ports = ['--set', 'components.dispatcher.ports.http.nodePort=30981', '--set', 'components.dispatcher.ports.https.nodePort=30982'];
      await kubectl(['create', 'service', 'nodeport', 'blocker', '-n', bare, '--tcp=80:80', '--node-port=30981']);
      const r2 = await afc(['apply', '--platform', 'k3d', ...ports, ...target(bare)]);
      expect(r2.code).toBe(1);
      const lines = r2.stderr.trim().split('\n');
      expect(lines).toEqual([
        `afc: error: preflight: Secret "notifier-mail" (used by Deployment ${bare}/uls-downloader) does not exist in namespace "${bare}": create it (kubectl create secret generic notifier-mail -n ${bare} …), or use --platform no_secrets (uls_downloader without the mail notifier)`,
        `afc: error: preflight: nodePort 30981 of Service ${bare}/dispatcher is taken by Service ${bare}/blocker: free it, or set another nodePort (--set components.<name>.ports.<port>.nodePort=…)`,
      ]);
      expect((await items(['get', 'configmaps,secrets,deployments', '-n', bare])).map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt')).toEqual([]);

      // A context that is not local, without --yes (and no terminal to ask on).
      const config = parse(readFileSync(kubeconfigPath(), 'utf8')) as { contexts: { name: string }[]; 'current-context': string };
      for (const c of config.contexts) if (c.name === 'testbed') c.name = 'gke_proj_europe-west1_prod';
      config['current-context'] = 'gke_proj_europe-west1_prod';
      const remote = join(root, 'remote-kubeconfig');
      writeFileSync(remote, stringify(config), { mode: 0o600 });
      const r3 = await afc(['apply', '--platform', 'k3d,no_secrets', '--namespace', bare, '--set', 'components.dispatcher.serviceType=ClusterIP'], { KUBECONFIG: remote });
      expect(r3.code).toBe(1);
      expect(r3.stdout).toContain('to create, 0 to change, 0 to prune');
      expect(r3.stderr).toBe(`afc: error: context "gke_proj_europe-west1_prod" is not a local cluster (k3d-*, kind-*, minikube, testbed): review the diff above, then pass --yes to apply it\n`);
      expect((await items(['get', 'configmaps,deployments', '-n', bare])).map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt')).toEqual([]);

      // A Helm release of the same name in the namespace (a real helm install of the generated chart).
      const chart = join(root, 'chart');
      const synth = await run(join(repoRoot, 'bin/afc'), ['synth', '--format', 'helm', '--platform', 'no_secrets', '--out', chart], { env: env() });
      expect(synth.stdout).toContain('wrote');
      await run(helmPath, ['install', 'afc', chart, '-n', bare, '--kubeconfig', kubeconfigPath()], { env: env() });
      const managers = async (): Promise<string[]> =>
        // The controller's status writes (subresource status) come whenever it gets to the new Deployment.
        ((await getJson(['get', 'deployment', 'rmq', '-n', bare, '--show-managed-fields'])).metadata.managedFields as { manager: string; subresource?: string }[])
          .filter((m) => m.subresource !== 'status')
          .map((m) => m.manager);
      const generation = async (): Promise<unknown> => (await getJson(['get', 'deployment', 'rmq', '-n', bare])).metadata.generation;
      const [managersBefore, generationBefore] = [await managers(), await generation()];
      const r4 = await afc(['apply', '--platform', 'no_secrets', ...target(bare)]);
      expect(r4.code).toBe(1);
      expect(r4.stderr).toContain(`afc: error: preflight: namespace "${bare}" holds a Helm release "afc": manage it with afc install or helm (helm upgrade afc), or apply with another --release or --namespace\n`);
      expect(await managers()).toEqual(managersBefore);
      expect(managersBefore).not.toContain('afc');
      expect(await generation()).toBe(generationBefore);
    } finally {
      await kubectl(['delete', 'services', '--all', '-n', bare]).catch(() => undefined);
      await kubectl(['delete', 'namespace', bare, '--wait=false']).catch(() => undefined);
    }
  });

  it('5: --wait reports each workload ready; a workload that cannot be scheduled is named on timeout', async () => {
    const waitNs = uniqueNamespace('e2e-day2-wait');
    try {
      const ok = await afc(['apply', '--platform', 'no_secrets', ...target(waitNs), '--create-namespace', '--wait', '3m']);
      expect(ok.code).toBe(0);
      const ready = ok.stderr.split('\n').filter((l) => l.startsWith('ready: '));
      expect(ready.map((l) => l.replace(/ \(.*$/, '')).sort()).toEqual(
        ['als-kafka', 'als-siphon', 'cert-db', 'dispatcher', 'grafana', 'msghnd', 'nginxexporter', 'objst', 'rat-server', 'rcache', 'rmq', 'uls-downloader', 'worker']
          .map((n) => `ready: Deployment ${n}`)
          .concat(['ready: StatefulSet bulk-postgres', 'ready: StatefulSet ratdb'])
          .sort(),
      );
      expect(ok.stderr).toContain('all 15 workloads ready after');

      const stuck = await afc(['apply', '--platform', 'no_secrets', ...target(waitNs), '--set', 'components.worker.containerResources.requests.memory=1000Gi', '--wait', '20s']);
      expect(stuck.code).toBe(1);
      expect(stuck.stderr).toMatch(/^afc: error: timed out after \d+s waiting for 1 of 15 workloads/m);
      // The old pod is available (1/1) while the new one cannot be scheduled: the line says why, not just "(1/1)".
      expect(stuck.stderr).toMatch(/^afc: error: Deployment worker not ready \((0\/1|1\/1, 1 old replica\(s\) still running)\); .*last event FailedScheduling: 0\/\d+ nodes are available: .*Insufficient memory/m);
      // Only the worker is named.
      expect(stuck.stderr.split('\n').filter((l) => / not ready \(/.test(l))).toHaveLength(1);
    } finally {
      await kubectl(['delete', 'services', '--all', '-n', waitNs]).catch(() => undefined);
      await kubectl(['delete', 'namespace', waitNs, '--wait=false']).catch(() => undefined);
    }
  });

  it('hands spec.replicas of the autoscaled worker over when an earlier full-output apply left afc owning it', async () => {
    const hoNs = await createNamespace('e2e-day2-handover');
    try {
      // An earlier apply of the full synth output under field manager afc: afc owns the worker's replicas (2).
      const sets = ['--set', 'components.worker.initialReplicas=2'];
      const full = synthPlainYaml({ platforms: ['no_secrets'], namespace: hoNs, sets: ['components.worker.initialReplicas=2'] });
      await kubectl(['apply', '--server-side', '--field-manager=afc', '-f', '-'], { input: full });
      const owners = async (): Promise<string[]> =>
        ((await getJson(['get', 'deployment', 'worker', '-n', hoNs, '--show-managed-fields'])).metadata.managedFields as { manager: string; fieldsV1: { 'f:spec'?: Record<string, unknown> } }[])
          .filter((m) => m.fieldsV1['f:spec'] && 'f:replicas' in m.fieldsV1['f:spec'])
          .map((m) => m.manager)
          .sort();
      expect(await owners()).toEqual(['afc']);
      const r = await afc(['apply', '--platform', 'no_secrets', ...sets, ...target(hoNs)]);
      expect(r.code, r.stderr).toBe(0);
      // Without the handover, dropping the field would have reset the worker to the default of 1.
      expect(await replicas(hoNs, 'worker')).toBe(2);
      expect(await owners()).toEqual(['afc-hpa-handover']);
      const d = await afc(['diff', '--platform', 'no_secrets', ...sets, ...target(hoNs)]);
      expect([d.code, d.stdout]).toEqual([0, `Deployment ${hoNs}/worker: spec.replicas (2) is managed by HorizontalPodAutoscaler worker; afc leaves it out\nno differences\n`]);
    } finally {
      await kubectl(['delete', 'services', '--all', '-n', hoNs]).catch(() => undefined);
      await kubectl(['delete', 'namespace', hoNs, '--wait=false']).catch(() => undefined);
    }
  });

  it('4: missing monitor CRDs are refused with prometheus-operator named, or skipped with --skip-monitors', async () => {
    // The testbed's CRDs are shared: removed for this test only and put back (files run one at a time).
    const crds = ['podmonitors.monitoring.coreos.com', 'servicemonitors.monitoring.coreos.com'];
    const saved = await Promise.all(crds.map((c) => kubectl(['get', 'crd', c, '-o', 'yaml'])));
    const crdNs = await createNamespace('e2e-day2-crd');
    try {
      await kubectl(['delete', 'crd', ...crds, '--wait=true']);
      const r = await afc(['apply', '--platform', 'no_secrets', ...target(crdNs)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toBe(
        "afc: error: preflight: CRD podmonitors.monitoring.coreos.com and servicemonitors.monitoring.coreos.com not installed (prometheus-operator): install prometheus-operator's CRDs, or pass --skip-monitors to apply without the PodMonitors and ServiceMonitors\n",
      );
      expect((await items(['get', 'configmaps,deployments', '-n', crdNs])).map((o) => o.metadata.name).filter((n) => n !== 'kube-root-ca.crt')).toEqual([]);
      const skipped = await afc(['apply', '--platform', 'no_secrets', ...target(crdNs), '--skip-monitors']);
      expect(skipped.code).toBe(0);
      expect((await items(['get', 'deployments', '-n', crdNs])).length).toBe(13);
    } finally {
      for (const text of saved) {
        // Put back as it was, labels and annotations included (the prerequisites e2e dates CRDs by
        // prometheus-operator's version annotation).
        const crd = parse(text) as { metadata: Record<string, unknown> };
        crd.metadata = { name: crd.metadata.name, labels: crd.metadata.labels, annotations: crd.metadata.annotations };
        await kubectl(['apply', '--server-side', '-f', '-'], { input: stringify(crd) });
      }
      await kubectl(['wait', '--for=condition=Established', ...crds.map((c) => `crd/${c}`), '--timeout=60s']);
      await kubectl(['delete', 'services', '--all', '-n', crdNs]).catch(() => undefined);
      await kubectl(['delete', 'namespace', crdNs, '--wait=false']).catch(() => undefined);
    }
  });
});
