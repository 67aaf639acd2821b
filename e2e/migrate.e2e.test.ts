// `afc migrate` against the testbed with real helm: a release of the ORIGINAL afc-int chart (the
// unedited fixture in e2e/fixtures/original-chart, installed the way the original helm_install.py
// installs it) is adopted in place by the generated chart, without any Deployment or StatefulSet
// rolling; `helm rollback` returns to the original chart. Then a values change that alters a pod template
// (refused without --allow-rollout) against one that only changes a ConfigMap, and the refusals.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHART_DESCRIPTION } from '../src/synth/helm/index.js';
import { CommandError, createNamespace, helm, helmPath, kubeconfigPath, kubectl, kubectlPath, originalHelmPath, repoRoot, run, testbedDir } from './testbed.js';

const RELEASE = 'afc';
const ORIGINAL_DESCRIPTION = "Helm charts for 'inner' AFC cluster";
/** The runtime --sets of the issue (what helm_install.py passes). */
const RUNTIME_SETS = ['components.default.imageTag=mytag', 'imageRepositories.k3d.path=k3d-reg:5000', 'components.ratdb.serviceType=NodePort'];
/** The kinds the original chart renders (all namespaced, in the release namespace). */
const KINDS = 'configmaps,services,deployments,statefulsets,horizontalpodautoscalers,podmonitors,servicemonitors';

let ns: string;
let ns2: string;
let root: string;
let chart: string;
let env: Record<string, string>;

interface Live {
  kind: string;
  metadata: { name: string; generation?: number; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

const afc = (args: string[]): Promise<{ stdout: string; stderr: string }> =>
  run(join(repoRoot, 'bin/afc'), [...args, '--context', `${kubeconfigPath()}:testbed`], { env, timeoutMs: 300_000 });

/** Runs afc expecting exit 1; returns its output. */
async function afcFails(args: string[]): Promise<{ stdout: string; stderr: string }> {
  try {
    await afc(args);
  } catch (e) {
    if (e instanceof CommandError) {
      expect(e.exitCode).toBe(1);
      return { stdout: e.stdout, stderr: e.stderr };
    }
    throw e;
  }
  throw new Error(`afc ${args.join(' ')} succeeded but was expected to fail`);
}

const liveObjects = async (namespace: string): Promise<Live[]> => (JSON.parse(await kubectl(['get', KINDS, '-n', namespace, '-o', 'json'])) as { items: Live[] }).items;

/**
 * The annotations minus those the Deployment controller writes (`deployment.kubernetes.io/revision`),
 * which appear when the controller gets to a new Deployment, whether or not anything was upgraded.
 */
const ownAnnotations = (o: Live): Record<string, string> | undefined =>
  o.metadata.annotations && Object.fromEntries(Object.entries(o.metadata.annotations).filter(([k]) => !k.startsWith('deployment.kubernetes.io/')));

/** What an upgrade may change, per object (`Kind/name`): labels, annotations (ours), spec, data. */
const contents = (objects: Live[]): Map<string, string> =>
  new Map(
    objects
      .filter((o) => !(o.kind === 'ConfigMap' && o.metadata.name === 'kube-root-ca.crt'))
      .map((o) => [`${o.kind}/${o.metadata.name}`, JSON.stringify([o.metadata.labels, ownAnnotations(o), o.spec, o.data])]),
  );
const generations = (objects: Live[]): Record<string, number | undefined> =>
  Object.fromEntries(objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => [`${o.kind}/${o.metadata.name}`, o.metadata.generation]));
const changed = (before: Map<string, string>, after: Map<string, string>): string[] =>
  [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort();

const releaseInfo = async (release: string, namespace: string): Promise<{ revision: number; chart: string; version: string; description: string }> => {
  const meta = JSON.parse(await helm(['get', 'metadata', release, '-n', namespace, '-o', 'json'])) as { revision: number; chart: string; version: string };
  const description = (await helm(['get', 'all', release, '-n', namespace, '--template', '{{ .Release.Chart.Metadata.Description }}'])).trim();
  return { revision: meta.revision, chart: meta.chart, version: meta.version, description };
};

beforeAll(async () => {
  ns = await createNamespace('e2e-migrate');
  ns2 = await createNamespace('e2e-migrate-roll');
  root = mkdtempSync(join(tmpdir(), 'afc-e2e-migrate-'));
  // The fixture is never written to: helm dependency update packs afc-common into the copy's charts/.
  cpSync(join(repoRoot, 'e2e/fixtures/original-chart'), join(root, 'chart-src'), { recursive: true });
  chart = join(root, 'chart-src', 'afc-int');
  await helm(['dependency', 'update', chart]);
  env = {
    AFC_KUBECTL: kubectlPath,
    AFC_HELM: helmPath,
    HELM_CONFIG_HOME: join(testbedDir, 'helm', 'config'),
    HELM_CACHE_HOME: join(testbedDir, 'helm', 'cache'),
    HELM_DATA_HOME: join(testbedDir, 'helm', 'data'),
    KUBECONFIG: kubeconfigPath(),
  };
});

afterAll(async () => {
  for (const [release, namespace] of [[RELEASE, ns], ['afc2', ns2], ['other', ns]] as const) {
    if (namespace) await helm(['uninstall', release, '-n', namespace]).catch(() => undefined);
  }
  for (const namespace of [ns, ns2]) {
    if (!namespace) continue;
    await kubectl(['delete', 'services', '--all', '-n', namespace]).catch(() => undefined);
    await kubectl(['delete', 'namespace', namespace, '--wait=false']).catch(() => undefined);
  }
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('afc migrate: a release of the original chart, installed as helm_install.py does (k3d, http, no_secrets)', () => {
  let before: Live[];

  it('installs the original chart (the fixture) with the overlays and the runtime --sets', async () => {
    const values = ['values-k3d.yaml', 'values-http.yaml', 'values-no_secrets.yaml'].flatMap((f) => ['-f', join(chart, f)]);
    const out = await helm(['install', RELEASE, chart, '-n', ns, ...values, ...RUNTIME_SETS.flatMap((s) => ['--set', s])], { timeoutMs: 240_000, bin: originalHelmPath });
    expect(out).toMatch(/STATUS: deployed/);
    expect(await releaseInfo(RELEASE, ns)).toEqual({ revision: 1, chart: 'afc-int', version: '0.0.0', description: ORIGINAL_DESCRIPTION });
    before = await liveObjects(ns);
    expect(Object.keys(generations(before))).toHaveLength(15);
  });

  it('--dry-run prints the changes (only the defect fixes) and the upgrade, and changes nothing', async () => {
    const { stdout } = await afc(['migrate', '--namespace', ns, '--dry-run', RELEASE]);
    expect(stdout).toContain(`~ ServiceMonitor ${ns}/kubelet: metadata.labels.app.kubernetes.io/component`);
    expect(stdout).not.toMatch(/rolls its pods/);
    expect(stdout).toMatch(/^helm upgrade afc CHART --kubeconfig \S+ --kube-context testbed --namespace \S+ --reset-values --set-json 'components.default.imagePullPolicy="Always"'/m);
    expect(stdout).toContain(`--set-json 'components.default.imageTag="mytag"'`);
    expect(stdout).toContain(`helm rollback afc 1 --namespace ${ns}`);
    expect((await releaseInfo(RELEASE, ns)).revision).toBe(1);
  });

  it('migrates in place: no Deployment or StatefulSet rolls, images stay mytag, ratdb stays NodePort, only the defect fixes change', async () => {
    const { stdout } = await afc(['migrate', '--namespace', ns, RELEASE]);
    expect(stdout).toMatch(/Release 'afc' migrated in place: revision 2 of chart afc-int-0\.0\.0 generated by afc/);
    expect(stdout).toContain(`helm rollback afc 1 --namespace ${ns}`);
    const after = await liveObjects(ns);
    expect(generations(after)).toEqual(generations(before));
    // The objects that changed: exactly the defect fixes (the cadvisor ServiceMonitor, named kubelet:
    // no stray labels key, and labelled component cadvisor instead of the template before it).
    expect(changed(contents(before), contents(after))).toEqual(['ServiceMonitor/kubelet']);
    const monitor = after.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'kubelet')!;
    expect(monitor.metadata.labels!['app.kubernetes.io/component']).toBe('cadvisor');
    for (const w of after.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')) {
      const containers = (w.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers;
      for (const c of containers) expect(c.image, `${w.kind}/${w.metadata.name}`).toMatch(/:mytag$/);
    }
    const ratdb = after.find((o) => o.kind === 'Service' && o.metadata.name === 'ratdb')!;
    expect(ratdb.spec!.type).toBe('NodePort');
    expect(await releaseInfo(RELEASE, ns)).toEqual({ revision: 2, chart: 'afc-int', version: '0.0.0', description: CHART_DESCRIPTION });
    const history = JSON.parse(await helm(['history', RELEASE, '-n', ns, '-o', 'json'])) as { revision: number; status: string }[];
    expect(history.map((h) => [h.revision, h.status])).toEqual([[1, 'superseded'], [2, 'deployed']]);
  });

  it('refuses a release already of the generated chart, pointing at afc install --upgrade', async () => {
    const { stderr } = await afcFails(['migrate', '--namespace', ns, RELEASE]);
    expect(stderr).toMatch(/^afc: error: release "afc" in namespace "\S+" is already of the chart generated by afc \(revision 2\): upgrade it with afc install --upgrade afc$/m);
    expect((await releaseInfo(RELEASE, ns)).revision).toBe(2);
  });

  it('helm rollback afc 1 restores the original chart, still without a rollout', async () => {
    await helm(['rollback', RELEASE, '1', '-n', ns]);
    expect(await releaseInfo(RELEASE, ns)).toEqual({ revision: 3, chart: 'afc-int', version: '0.0.0', description: ORIGINAL_DESCRIPTION });
    const after = await liveObjects(ns);
    expect(generations(after)).toEqual(generations(before));
    if (originalHelmPath === helmPath) {
      expect(changed(contents(before), contents(after))).toEqual([]);
    } else {
      // Helm 4 rolling back to a revision Helm 3 installed: the original chart's malformed labels of the
      // kubelet ServiceMonitor (the defect the migration fixed) are read by Helm 4 as two labels, where
      // Helm 3 had applied none (observed with 4.3.2 and 3.16.4; in the Helm 4-only lane the original
      // install has them too). Every other object is as before.
      expect(changed(contents(before), contents(after))).toEqual(['ServiceMonitor/kubelet']);
      const labels = (l: Live[]): Record<string, string> | undefined => l.find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'kubelet')!.metadata.labels;
      expect(labels(after)).toEqual({ ...labels(before), 'app.kubernetes.io/component': 'bulk-postgres', labels: '' });
    }
  });
});

describe('afc migrate refuses what it cannot adopt', () => {
  it('a missing release', async () => {
    const { stderr } = await afcFails(['migrate', '--namespace', ns, 'nothere']);
    expect(stderr).toMatch(/^afc: error: release "nothere" not found in namespace "\S+" of context "testbed"/m);
  });

  it('a release of another chart', async () => {
    const other = join(root, 'other');
    mkdirSync(join(other, 'templates'), { recursive: true });
    writeFileSync(join(other, 'Chart.yaml'), 'apiVersion: v2\nname: other\nversion: 0.1.0\n');
    writeFileSync(join(other, 'templates', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\ndata:\n  a: "1"\n');
    await helm(['install', 'other', other, '-n', ns]);
    const { stderr } = await afcFails(['migrate', '--namespace', ns, 'other']);
    expect(stderr).toMatch(/^afc: error: release "other" in namespace "\S+" is of chart other-0\.1\.0, not afc-int: afc migrate adopts only releases of the original afc-int chart$/m);
    expect((await releaseInfo('other', ns)).revision).toBe(1);
  });

  it('a helm create chart renamed afc-int (told by its templates, not its name)', async () => {
    mkdirSync(join(root, 'impostor'), { recursive: true });
    await helm(['create', 'afc-int'], { cwd: join(root, 'impostor') });
    const impostor = join(root, 'impostor', 'afc-int');
    await helm(['install', 'impostor', impostor, '-n', ns]);
    const before = await liveObjects(ns);
    const { stderr } = await afcFails(['migrate', '--namespace', ns, 'impostor']);
    expect(stderr).toMatch(
      /^afc: error: release "impostor" in namespace "\S+" is of a chart named afc-int whose templates are not those of the original afc-int chart \(templates digest [0-9a-f]{12}, known: OpenAFC fc912b4a\): afc migrate adopts only releases of the original chart$/m,
    );
    expect(stderr.split('\n').filter((l) => l.startsWith('afc: error:'))).toHaveLength(1);
    expect((await releaseInfo('impostor', ns)).revision).toBe(1);
    expect(contents(await liveObjects(ns))).toEqual(contents(before));
  });
});

describe('afc migrate with a values change: a ConfigMap loaded by envFrom rolls nothing, a pod template change is refused', () => {
  let before: Live[];
  let configOnly: string;
  let podChange: string;

  beforeAll(async () => {
    // The original chart with its defaults alone (no node ports: nothing clashes with the release above).
    await helm(['install', 'afc2', chart, '-n', ns2, '--set', 'components.default.imageTag=mytag'], { bin: originalHelmPath });
    before = await liveObjects(ns2);
    configOnly = join(root, 'config-only.yaml');
    writeFileSync(configOnly, 'configmaps:\n  dispatcher:\n    AFC_ENFORCE_HTTPS: False\n');
    // The no_secrets change: uls_downloader loses a volume and its mount.
    podChange = join(root, 'pod-change.yaml');
    writeFileSync(podChange, 'components:\n  uls_downloader:\n    staticVolumeMounts:\n      notifier_mail_secret:\n');
  });

  it('--dry-run of a ConfigMap value change: the ConfigMap changes, no pod template', async () => {
    const { stdout } = await afc(['migrate', '--namespace', ns2, '--dry-run', '-f', configOnly, 'afc2']);
    expect(stdout).toContain(`~ ConfigMap ${ns2}/dispatcher: data.AFC_ENFORCE_HTTPS`);
    expect(stdout).not.toMatch(/rolls its pods/);
    expect(stdout).toMatch(/^helm upgrade afc2 /m);
  });

  it('--dry-run of a volume change shows the rollout and refuses; so does the real run, which changes nothing', async () => {
    const dry = await afcFails(['migrate', '--namespace', ns2, '--dry-run', '-f', podChange, 'afc2']);
    expect(dry.stdout).toMatch(new RegExp(`~ Deployment ${ns2}/uls-downloader: .*spec\\.template\\.spec\\..*\\(rolls its pods\\)`));
    expect(dry.stderr).toMatch(new RegExp(`^afc: error: the upgrade would replace the pods of Deployment ${ns2}/uls-downloader .*--allow-rollout`, 'm'));
    const real = await afcFails(['migrate', '--namespace', ns2, '-f', podChange, 'afc2']);
    expect(real.stderr).toMatch(/--allow-rollout/);
    expect((await releaseInfo('afc2', ns2)).revision).toBe(1);
    expect(generations(await liveObjects(ns2))).toEqual(generations(before));
  });

  it('refuses, before anything changes, a field another manager changed (under both helm majors)', async () => {
    const cm = async (): Promise<Record<string, string>> => (JSON.parse(await kubectl(['get', 'configmap', 'rcache', '-n', ns2, '-o', 'json'])) as { data: Record<string, string> }).data;
    const [key, value] = Object.entries(await cm()).sort()[0]!;
    await kubectl(['patch', 'configmap', 'rcache', '-n', ns2, '--type', 'merge', '-p', JSON.stringify({ data: { [key]: 'planted' } })]);
    const { stderr } = await afcFails(['migrate', '--namespace', ns2, '--allow-rollout', '-f', podChange, 'afc2']);
    expect(stderr).toContain(`ConfigMap ${ns2}/rcache .data.${key} (kubectl-patch)`);
    expect(stderr).toMatch(/nothing was changed: .*pass --force-conflicts to overwrite them with the chart's values$/m);
    expect((await releaseInfo('afc2', ns2)).revision).toBe(1);
    expect((await cm())[key]).toBe('planted');
    // Changed back (kubectl-patch still co-owns the field, with the chart's value): nothing to take.
    await kubectl(['patch', 'configmap', 'rcache', '-n', ns2, '--type', 'merge', '-p', JSON.stringify({ data: { [key]: value } })]);
  });

  it('--allow-rollout migrates: only the uls-downloader Deployment rolls', async () => {
    await afc(['migrate', '--namespace', ns2, '--allow-rollout', '-f', podChange, 'afc2']);
    const was = generations(before);
    const now = generations(await liveObjects(ns2));
    expect(Object.keys(now).filter((k) => now[k] !== was[k])).toEqual(['Deployment/uls-downloader']);
    expect(await releaseInfo('afc2', ns2)).toMatchObject({ revision: 2, description: CHART_DESCRIPTION });
  });
});
