// Day 2 you can trust, on the testbed (a real kube-apiserver, controller-manager with its PV binder and
// StatefulSet controller, kwok nodes; the real kubectl): a claim is never pruned, a lost or contested
// ApplySet is refused, overlapping applies are serialized by the release's Lease.
//
// kwok runs no containers, so a claim's survival is shown by its uid and its volume's: the same
// PersistentVolumeClaim uid, the same PersistentVolume uid, its claimRef naming that claim, and a marker
// file that the test writes into the hostPath of a pre-created volume with reclaim policy Retain (nothing
// on this machine deletes it; it stands in for the data). The reclaim-Delete case uses kwok's default
// StorageClass `kwok-volume`, whose provisioner and pv-delete stage are a stand-in for a real cloud
// volume's provisioner: deleting the claim deletes its volume there, as a cloud's would.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { applySetId, LABEL_PART_OF, parentFor } from '../src/kit/applyset.js';
import type { K8sObject } from '../src/kit/objects.js';
import { CommandError, createNamespace, kubeconfigPath, kubectl, kubectlPath, repoRoot, run } from './testbed.js';

const CONTEXT = 'testbed';
let root: string;
const namespaces: string[] = [];
const volumes: string[] = [];
const env = (): Record<string, string> => ({ KUBECONFIG: kubeconfigPath(), AFC_KUBECTL: kubectlPath, NO_COLOR: '1', TMPDIR: join(root, 'tmp') });

interface Result {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

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
const exists = async (args: readonly string[]): Promise<boolean> => (await kubectl([...args, '--ignore-not-found', '-o', 'name'])).trim() !== '';
/**
 * What afc wrote, per object: its generation and the time of afc's last write (resourceVersions move on
 * while the controllers write the status of the workloads).
 */
const writes = (ns: string, kinds: string): Promise<string> =>
  kubectl(['get', kinds, '-n', ns, '--show-managed-fields', '-o', 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.generation},{.metadata.labels},{.metadata.managedFields[?(@.manager=="afc")].time} {end}']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

interface Claim {
  uid: string;
  phase: string;
  volume: string;
  part: string | undefined;
}

async function claimOf(ns: string, name = 'rat-transfer'): Promise<Claim> {
  const c = await getJson<{ metadata: { uid: string; labels?: Record<string, string> }; spec: { volumeName?: string }; status?: { phase?: string } }>(['get', 'pvc', name, '-n', ns]);
  return { uid: c.metadata.uid, phase: c.status?.phase ?? '', volume: c.spec.volumeName ?? '', part: c.metadata.labels?.[LABEL_PART_OF] };
}

const bound = (ns: string, name = 'rat-transfer'): Promise<Claim> => until(`claim ${name} bound`, async () => ((await claimOf(ns, name)).phase === 'Bound' ? claimOf(ns, name) : undefined));

async function volumeOf(name: string): Promise<{ uid: string; phase: string; claimUid: string; claim: string }> {
  const v = await getJson<{ metadata: { uid: string }; spec: { claimRef?: { uid?: string; name?: string; namespace?: string } }; status?: { phase?: string } }>(['get', 'pv', name]);
  return { uid: v.metadata.uid, phase: v.status?.phase ?? '', claimUid: v.spec.claimRef?.uid ?? '', claim: `${v.spec.claimRef?.namespace ?? ''}/${v.spec.claimRef?.name ?? ''}` };
}

async function releaseNamespace(prefix: string): Promise<string> {
  const ns = await createNamespace(prefix);
  namespaces.push(ns);
  current.push(ns);
  await kubectl(['create', 'secret', 'generic', 'notifier-mail', '-n', ns, '--from-literal=NOTIFIER_MAIL.json={}']);
  return ns;
}

/** A hostPath volume with reclaim Retain holding a marker file, and the values file that binds rat-transfer to it (the README's binding). */
function retainedVolume(ns: string): { values: string; marker: string; pv: string } {
  const pv = `e2e-keep-${ns}`;
  const dir = mkdtempSync(join(root, 'volume-'));
  const marker = join(dir, 'ULS_Database.marker');
  writeFileSync(marker, `written by the e2e for ${ns}\n`);
  const manifest = join(root, `${pv}.yaml`);
  writeFileSync(
    manifest,
    stringify({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pv },
      spec: { capacity: { storage: '100Gi' }, accessModes: ['ReadWriteMany'], persistentVolumeReclaimPolicy: 'Retain', storageClassName: '', hostPath: { path: dir } },
    }),
  );
  volumes.push(pv);
  const values = join(root, `${pv}.values.yaml`);
  writeFileSync(values, stringify({ staticVolumeClaims: { rat_transfer: { storageClassName: '', volumeName: pv } } }));
  return { values, marker, pv: manifest };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-keep-'));
  // afc's temporary folders go here (TMPDIR).
  mkdirSync(join(root, 'tmp'));
});

// k3d fixes nodePorts, which are cluster-wide: each test's Services go when it ends (one release at a time).
const current: string[] = [];
afterEach(async () => {
  for (const ns of current.splice(0)) await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
});

afterAll(async () => {
  for (const ns of namespaces) {
    await kubectl(['delete', 'services', '--all', '-n', ns]).catch(() => undefined);
    await kubectl(['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  }
  for (const pv of volumes) await kubectl(['delete', 'pv', pv, '--wait=false']).catch(() => undefined);
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('a volume claim is never pruned', () => {
  it('k3d,hardened → k3d → k3d,hardened keeps rat-transfer (same claim and volume uids, claimRef, marker file); it leaves the set and is adopted back', async () => {
    const ns = await releaseNamespace('e2e-keep');
    const vol = retainedVolume(ns);
    await kubectl(['apply', '-f', vol.pv]);
    const hardened = ['--platform', 'k3d,hardened', '-f', vol.values, ...target(ns)];

    const first = await afc(['apply', ...hardened]);
    expect(first.code, first.stderr).toBe(0);
    const before = await bound(ns);
    const pvName = volumes.at(-1)!;
    expect(before.volume).toBe(pvName);
    const volBefore = await volumeOf(pvName);
    expect(volBefore.claimUid).toBe(before.uid);

    const id = applySetId(parentFor('afc', ns));
    const diff = await afc(['diff', '--platform', 'k3d', ...target(ns)]);
    expect(diff.code, diff.stderr).toBe(1);
    expect(diff.stdout).toContain(`kept: PersistentVolumeClaim ${ns}/rat-transfer (no longer rendered; delete it yourself with kubectl delete persistentvolumeclaim rat-transfer -n ${ns})\n`);
    expect(diff.stdout).not.toMatch(/prune +PersistentVolumeClaim/);
    expect(diff.stdout).toMatch(/, 1 to keep \(they leave the release\)\n$/);

    const down = await afc(['apply', '--platform', 'k3d', ...target(ns)]);
    expect(down.code, down.stderr).toBe(0);
    expect(down.stderr).toContain(`kept: PersistentVolumeClaim ${ns}/rat-transfer (no longer rendered; delete it yourself with kubectl delete persistentvolumeclaim rat-transfer -n ${ns})\n`);
    expect(down.stderr).toMatch(/, 1 kept\n$/);
    const kept = await claimOf(ns);
    expect(kept).toEqual({ ...before, part: undefined });
    // Everything else of the claim stays: afc's annotation, labels, spec.
    const keptObject = await getJson(['get', 'pvc', 'rat-transfer', '-n', ns]);
    expect(keptObject.metadata.annotations?.['helm.sh/resource-policy']).toBe('keep');
    expect(keptObject.metadata.labels?.['app.kubernetes.io/instance']).toBe('afc');
    expect((await volumeOf(pvName)).uid).toBe(volBefore.uid);
    expect((await volumeOf(pvName)).phase).toBe('Bound');
    expect(readFileSync(vol.marker, 'utf8')).toBe(`written by the e2e for ${ns}\n`);
    // No longer a member: the next diff of k3d has nothing to say about it.
    const quiet = await afc(['diff', '--platform', 'k3d', ...target(ns)]);
    expect(quiet.code, quiet.stdout).toBe(0);

    const diffBack = await afc(['diff', ...hardened]);
    expect(diffBack.code).toBe(1);
    expect(diffBack.stdout).toContain(`note: adopted back: kept by an earlier apply, it rejoins the release (the same object, uid ${before.uid})`);
    const back = await afc(['apply', ...hardened]);
    expect(back.code, back.stderr).toBe(0);
    expect(back.stderr).toContain(`adopted: PersistentVolumeClaim ${ns}/rat-transfer (kept by an earlier apply; the same object, uid ${before.uid})`);
    expect(await claimOf(ns)).toEqual({ ...before, part: id });
    const volAfter = await volumeOf(pvName);
    expect([volAfter.uid, volAfter.claimUid, volAfter.claim, volAfter.phase]).toEqual([volBefore.uid, before.uid, `${ns}/rat-transfer`, 'Bound']);
    expect(existsSync(vol.marker)).toBe(true);
    const empty = await afc(['diff', ...hardened]);
    expect(empty.code, empty.stdout).toBe(0);

    // Re-adopting a kept claim whose immutable spec changed is refused before anything changes.
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    const other = join(root, 'rwo.values.yaml');
    writeFileSync(other, stringify({ staticVolumeClaims: { rat_transfer: { accessMode: 'ReadWriteOnce', storageClassName: '', volumeName: pvName } } }));
    const refused = await afc(['apply', '--platform', 'k3d,hardened', '-f', other, ...target(ns)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`afc: error: PersistentVolumeClaim ${ns}/rat-transfer exists (kept by an earlier apply, or made by hand) with .spec.accessModes ["ReadWriteMany"], the release renders ["ReadWriteOnce"]: a claim's spec cannot change`);
    expect((await claimOf(ns)).part).toBeUndefined();
    expect((await afc(['diff', '--platform', 'k3d,hardened', '-f', other, ...target(ns)])).code).toBe(2);
  });

  it('reclaim Delete (kwok-volume, a stand-in for a cloud provisioner): kept on a switch, deleted with its volume only by --prune-claim rat-transfer', async () => {
    const ns = await releaseNamespace('e2e-keep-del');
    expect((await afc(['apply', '--platform', 'k3d,hardened', ...target(ns)])).code).toBe(0);
    const claim = await bound(ns);
    const pv = await volumeOf(claim.volume);
    const down = await afc(['apply', '--platform', 'k3d', ...target(ns)]);
    expect(down.code, down.stderr).toBe(0);
    expect(await claimOf(ns)).toEqual({ ...claim, part: undefined });
    expect((await volumeOf(claim.volume)).uid).toBe(pv.uid);

    // The flag names a claim this apply lets go of; a kept claim that already left the set is the user's.
    const bad = await afc(['apply', '--platform', 'k3d', '--prune-claim', 'rat-transfer', ...target(ns)]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('afc: error: preflight: --prune-claim rat-transfer: no kept claim or StatefulSet of that name leaves the release in this apply (candidates: none)');
    expect((await afc(['apply', '--platform', 'k3d,hardened', ...target(ns)])).code).toBe(0);
    const pruned = await afc(['apply', '--platform', 'k3d', '--prune-claim', 'rat-transfer', ...target(ns)]);
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain(`- prune  PersistentVolumeClaim ${ns}/rat-transfer`);
    await until('the claim deleted', async () => ((await exists(['get', 'pvc', 'rat-transfer', '-n', ns])) ? undefined : true));
    await until("the volume deleted by kwok's pv-delete stage", async () => ((await exists(['get', 'pv', claim.volume])) ? undefined : true));
  });

  it("gcp and back: the StatefulSets' own claims stay (retention policy Retain, the default) and bind again", async () => {
    const ns = await releaseNamespace('e2e-keep-sts');
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    const sts = await getJson<{ spec: { volumeClaimTemplates: { metadata: { name: string } }[]; persistentVolumeClaimRetentionPolicy?: { whenDeleted: string } } }>(['get', 'statefulset', 'ratdb', '-n', ns]);
    expect(sts.spec.persistentVolumeClaimRetentionPolicy?.whenDeleted ?? 'Retain').toBe('Retain');
    const claimName = `${sts.spec.volumeClaimTemplates[0]!.metadata.name}-ratdb-0`;
    const before = await bound(ns, claimName);
    const gcp = await afc(['apply', '--platform', 'gcp', ...target(ns)]);
    expect(gcp.code, gcp.stderr).toBe(0);
    expect(await exists(['get', 'statefulset', 'ratdb', '-n', ns])).toBe(false);
    expect(await claimOf(ns, claimName)).toEqual(before);
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    expect(await claimOf(ns, claimName)).toEqual(before);

    // A retention policy that deletes the claims (set by hand): pruning that StatefulSet is refused.
    await kubectl(['patch', 'statefulset', 'ratdb', '-n', ns, '--type', 'merge', '-p', '{"spec":{"persistentVolumeClaimRetentionPolicy":{"whenDeleted":"Delete"}}}']);
    const refused = await afc(['apply', '--platform', 'gcp', ...target(ns)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`afc: error: preflight: pruning StatefulSet ${ns}/ratdb would delete its volume claims (persistentVolumeClaimRetentionPolicy.whenDeleted: Delete)`);
    expect(await exists(['get', 'statefulset', 'ratdb', '-n', ns])).toBe(true);
  });
});

describe('the ApplySet integrity', () => {
  it('a lost parent: diff and apply refuse (never "no differences"); --rebuild-applyset rebuilds it and the prune is exact', async () => {
    const ns = await releaseNamespace('e2e-lost');
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    await kubectl(['delete', 'secret', 'afc-applyset-afc', '-n', ns]);
    const diff = await afc(['diff', '--platform', 'k3d', ...target(ns)]);
    expect(diff.code).toBe(2);
    expect(diff.stdout).toBe('');
    expect(diff.stderr).toMatch(new RegExp(`^afc: error: the ApplySet parent Secret ${ns}/afc-applyset-afc is missing, but \\d+ object\\(s\\) are labelled members of its set .*afc apply --rebuild-applyset`));
    const gcp = await afc(['apply', '--platform', 'gcp', ...target(ns)]);
    expect(gcp.code).toBe(1);
    expect(gcp.stderr).toContain('--rebuild-applyset');
    expect(await exists(['get', 'statefulset', 'ratdb', '-n', ns])).toBe(true);
    expect(await exists(['get', 'secret', 'afc-applyset-afc', '-n', ns])).toBe(false);

    const predicted = await afc(['diff', '--platform', 'gcp', '--rebuild-applyset', ...target(ns), '-o', 'json']);
    expect(predicted.code, predicted.stderr).toBe(1);
    const prunes = (JSON.parse(predicted.stdout) as { objects: { action: string; kind: string; name: string }[] }).objects.filter((o) => o.action === 'prune').map((o) => `${o.kind}/${o.name}`);
    expect(prunes).toEqual(['Service/bulk-postgres', 'Service/bulk-postgres-headless', 'Service/ratdb', 'Service/ratdb-headless', 'StatefulSet/bulk-postgres', 'StatefulSet/ratdb']);
    const rebuilt = await afc(['apply', '--platform', 'gcp', '--rebuild-applyset', ...target(ns)]);
    expect(rebuilt.code, rebuilt.stderr).toBe(0);
    expect(rebuilt.stderr).toMatch(new RegExp(`rebuilt: Secret ${ns}/afc-applyset-afc from \\d+ member\\(s\\) found by their label`));
    expect(rebuilt.stderr).toContain('6 pruned');
    expect(await exists(['get', 'statefulset', 'ratdb', '-n', ns])).toBe(false);
    expect(await exists(['get', 'statefulset', 'bulk-postgres', '-n', ns])).toBe(false);
    expect((await afc(['diff', '--platform', 'gcp', ...target(ns)])).code).toBe(0);
  });

  it('a parent name taken by a foreign Secret is refused before anything changes', async () => {
    const ns = await releaseNamespace('e2e-collide');
    await kubectl(['create', 'secret', 'generic', 'afc-applyset-foo', '-n', ns, '--from-literal=a=b']);
    const line = `Secret ${ns}/afc-applyset-foo exists but is not the ApplySet parent of release "foo" (it has no applyset.kubernetes.io/id label): it is somebody else's, and afc changes nothing`;
    const diff = await afc(['diff', '--platform', 'k3d', '--release', 'foo', ...target(ns)]);
    expect([diff.code, diff.stdout]).toEqual([2, '']);
    expect(diff.stderr).toContain(`afc: error: ${line}`);
    const applied = await afc(['apply', '--platform', 'k3d', '--release', 'foo', ...target(ns)]);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(line);
    expect((await kubectl(['get', 'deployments,configmaps', '-n', ns, '-o', 'name'])).trim()).toBe('configmap/kube-root-ca.crt');
    expect((await getJson(['get', 'secret', 'afc-applyset-foo', '-n', ns])).metadata.annotations).toBeUndefined();
  });

  it('a second release in the namespace is refused in one line naming both releases; nothing changes', async () => {
    const ns = await releaseNamespace('e2e-second');
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    const before = await writes(ns, 'deployments,services,configmaps,statefulsets');
    for (const cmd of ['diff', 'apply']) {
      const r = await afc([cmd, '--platform', 'k3d', '--release', 'other', ...target(ns)]);
      expect(r.code, r.stderr).toBe(cmd === 'diff' ? 2 : 1);
      const lines = r.stderr.split('\n').filter((l) => l.includes('cannot share namespace'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(new RegExp(`release "other" cannot share namespace "${ns}" with release "afc": object names carry no release prefix`));
    }
    const after = await writes(ns, 'deployments,services,configmaps,statefulsets');
    expect(after).toBe(before);
    expect(await exists(['get', 'secret', 'afc-applyset-other', '-n', ns])).toBe(false);
  });
});

describe('one apply at a time', () => {
  it('overlapping applies (paused deterministically): exactly one exits 0 and the cluster holds exactly its input', async () => {
    const ns = await releaseNamespace('e2e-lease');
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    const go = join(root, `go-${ns}`);
    const a = afc(['apply', '--platform', 'k3d,hardened', ...target(ns)], { AFC_TEST_PAUSE_AFTER_PLAN: go });
    await until('the first apply to claim the release', async () => ((await exists(['get', 'lease', 'afc-apply-afc', '-n', ns])) && (await getJson<{ spec: { holderIdentity?: string } }>(['get', 'lease', 'afc-apply-afc', '-n', ns])).spec.holderIdentity ? true : undefined));
    const before = await writes(ns, 'deployments,services,configmaps,networkpolicies,pvc');
    for (const platform of ['k3d', 'gcp']) {
      const b = await afc(['apply', '--platform', platform, ...target(ns)]);
      expect(b.code, b.stderr).toBe(1);
      expect(b.stderr).toMatch(new RegExp(`afc: error: another apply holds release "afc" \\(Lease ${ns}/afc-apply-afc, held by afc apply pid \\d+ on .* since .*, expires .*\\): nothing was changed`));
    }
    expect(await writes(ns, 'deployments,services,configmaps,networkpolicies,pvc')).toBe(before);
    writeFileSync(go, '');
    const first = await a;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('paused after the plan (AFC_TEST_PAUSE_AFTER_PLAN)');
    // The cluster holds exactly the first apply's input; the Lease was given back.
    const diff = await afc(['diff', '--platform', 'k3d,hardened', ...target(ns)]);
    expect([diff.code, diff.stdout.split('\n').at(-2)]).toEqual([0, 'no differences']);
    expect((await getJson<{ spec: { holderIdentity?: string } }>(['get', 'lease', 'afc-apply-afc', '-n', ns])).spec.holderIdentity).toBeUndefined();
    expect((await afc(['apply', '--platform', 'k3d,hardened', ...target(ns)])).code).toBe(0);
  });

  it('an interrupted apply names the step and its state, removes its temporary files, gives the claim back; a claim left by a killed apply is taken over only with --take-over-lease', async () => {
    const ns = await releaseNamespace('e2e-interrupt');
    expect((await afc(['apply', '--platform', 'k3d', ...target(ns)])).code).toBe(0);
    const tmp = mkdtempSync(join(root, 'afc-tmp-'));
    const go = join(root, `never-${ns}`);
    const child = run(join(repoRoot, 'bin/afc'), ['apply', '--platform', 'gcp', ...target(ns)], { env: { ...env(), TMPDIR: tmp, AFC_TEST_PAUSE_AFTER_PLAN: go }, timeoutMs: 120_000 });
    const outcome = child.then(
      () => ({ code: 0, stderr: '' }),
      (e: unknown) => (e instanceof CommandError ? { code: e.exitCode, stderr: e.stderr } : { code: -1, stderr: String(e) }),
    );
    await until('the apply to pause', async () => ((await exists(['get', 'lease', 'afc-apply-afc', '-n', ns])) && (await getJson<{ spec: { holderIdentity?: string } }>(['get', 'lease', 'afc-apply-afc', '-n', ns])).spec.holderIdentity ? true : undefined));
    const pid = (await getJson<{ spec: { holderIdentity: string } }>(['get', 'lease', 'afc-apply-afc', '-n', ns])).spec.holderIdentity.match(/pid (\d+)/)![1]!;
    process.kill(Number(pid), 'SIGINT');
    const r = await outcome;
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('afc: error: interrupted by SIGINT while paused after the plan (step: the pause after the plan): nothing of the release was changed');
    expect(readdirSync(tmp)).toEqual([]);
    expect((await getJson<{ spec: { holderIdentity?: string } }>(['get', 'lease', 'afc-apply-afc', '-n', ns])).spec.holderIdentity).toBeUndefined();
    expect(await exists(['get', 'statefulset', 'ratdb', '-n', ns])).toBe(true);

    // A claim left behind (an apply killed with SIGKILL): refused, then taken over with the flag.
    const lease = await getJson(['get', 'lease', 'afc-apply-afc', '-n', ns]);
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    const held = { ...lease, spec: { holderIdentity: 'afc apply pid 1 on gone', leaseDurationSeconds: 900, acquireTime: now, renewTime: now } };
    await kubectl(['replace', '-f', '-'], { input: JSON.stringify(held) });
    const refused = await afc(['apply', '--platform', 'gcp', ...target(ns)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('held by afc apply pid 1 on gone');
    const taken = await afc(['apply', '--platform', 'gcp', '--take-over-lease', ...target(ns)]);
    expect(taken.code, taken.stderr).toBe(0);
    expect(await exists(['get', 'statefulset', 'ratdb', '-n', ns])).toBe(false);
  });
});

describe('list drift', () => {
  it("a volumeMount renamed with kubectl edit is drift: diff shows it, apply restores the one mount afc declares", async () => {
    const ns = await releaseNamespace('e2e-listdrift');
    expect((await afc(['apply', '--platform', 'gcp', ...target(ns)])).code).toBe(0);
    // The real kubectl edit, with an editor that renames the worker's /pipe mount.
    const editor = join(root, 'rename-mount.sh');
    writeFileSync(editor, "#!/bin/sh\nsed -i -e 's#mountPath: /pipe$#mountPath: /pipe2#' \"$1\"\n", { mode: 0o755 });
    await kubectl(['edit', 'deployment', 'worker', '-n', ns], { env: { KUBE_EDITOR: editor } });
    const mountsOf = async (): Promise<string[]> =>
      (await getJson<{ spec: { template: { spec: { containers: { name: string; volumeMounts?: { mountPath: string }[] }[] } } } }>(['get', 'deployment', 'worker', '-n', ns])).spec.template.spec.containers
        .find((c) => c.name === 'worker')!
        .volumeMounts!.map((m) => m.mountPath)
        .sort();
    expect(await mountsOf()).toEqual(['/mnt/nfs/rat_transfer', '/pipe2']);

    const diff = await afc(['diff', '--platform', 'gcp', ...target(ns), '-o', 'json']);
    expect(diff.code, diff.stderr).toBe(1);
    const doc = JSON.parse(diff.stdout) as { drift: { object: string; path: string; manager: string }[]; objects: { name: string; kind: string; changes: unknown[] }[] };
    expect(doc.drift).toEqual([{ object: `Deployment ${ns}/worker`, path: '.spec.template.spec.containers[name=worker].volumeMounts[mountPath=/pipe2]', manager: 'kubectl-edit' }]);
    expect(doc.objects.find((o) => o.kind === 'Deployment' && o.name === 'worker')!.changes).toEqual([{ path: '.spec.template.spec.containers[name=worker].volumeMounts[name=pipe].mountPath', before: '/pipe2', after: '/pipe' }]);

    const applied = await afc(['apply', '--platform', 'gcp', ...target(ns)]);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stderr).toContain(`restored: Deployment ${ns}/worker .spec.template.spec.containers[name=worker].volumeMounts[mountPath=/pipe2] (drift by kubectl-edit)`);
    expect(await mountsOf()).toEqual(['/mnt/nfs/rat_transfer', '/pipe']);
    const empty = await afc(['diff', '--platform', 'gcp', ...target(ns)]);
    expect([empty.code, empty.stdout.split('\n').at(-2)]).toEqual([0, 'no differences']);
  });
});
