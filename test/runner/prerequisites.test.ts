import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { AfcError } from '../../src/errors.js';
import { builtinObjects, prometheusIngressObject } from '../../src/runner/monitoring/builtin.js';
import {
  COMPONENTS,
  componentByName,
  compareVersions,
  objectKey,
  planPrerequisites,
  runPrerequisites,
  selectComponents,
  type CrdFact,
  type PrereqFacts,
  type PrereqInputs,
} from '../../src/runner/prerequisites/index.js';
import { destructive, FIXTURES, makeBench, recordedCommands, type Bench } from './support.js';

const ROOT = join(import.meta.dirname, '../..');
const TARGET = { context: 'k3d-afc-dev', cluster: 'k3d-afc-dev', namespace: 'default' };
const GKE = { context: 'gke_p_z_c', cluster: 'gke_p_z_c', namespace: 'default' };

const facts = (over: Partial<PrereqFacts> = {}): PrereqFacts => ({
  k3d: true,
  namespaces: new Set(['default', 'kube-system']),
  crds: new Map(),
  objects: new Map(),
  releases: new Map(),
  customResources: new Map(),
  ...over,
});
const inputs = (over: Partial<PrereqInputs> = {}): PrereqInputs => ({
  action: 'install',
  components: COMPONENTS,
  source: { kind: 'upstream' },
  target: TARGET,
  workDir: '/w',
  wait: '5m',
  ...over,
});
const crdMap = (names: readonly string[], fact: Omit<CrdFact, 'name'>): Map<string, CrdFact> => new Map(names.map((n) => [n, { name: n, ...fact }]));
const argvs = (plan: { steps: readonly { tool: string; args: readonly string[] }[] }): string[] => plan.steps.map((s) => [s.tool, ...s.args].join(' '));
const po = componentByName('prometheus-operator')!;
const eso = componentByName('external_secrets')!;

describe('the catalog', () => {
  it('holds upstream install_prerequisites.yaml components in its order, with its pinned versions', () => {
    const upstream = parseYaml(readFileSync(join(FIXTURES, 'upstream-main-717d3491/source/install_prerequisites.yaml'), 'utf8')) as {
      install_components: Record<string, { manifest?: string; helm_version?: string; helm_release?: string; namespace?: string; helm_chart?: string }>;
    };
    expect(COMPONENTS.map((c) => c.upstream)).toEqual(Object.keys(upstream.install_components));
    expect(po.kind === 'manifest' && 'url' in po.manifest && po.manifest.url).toBe(upstream.install_components.prometheus_operator!.manifest);
    for (const c of COMPONENTS) {
      const u = upstream.install_components[c.upstream]!;
      if (c.kind !== 'chart') continue;
      expect(c.release).toBe(u.helm_release);
      expect(c.namespace).toBe(u.namespace);
      expect(`${u.helm_chart}`.endsWith(`/${c.chart.chart}`)).toBe(true);
    }
    expect(componentByName('prometheus_adapter')!.kind === 'chart' && (componentByName('prometheus_adapter') as { chart: { version: string } }).chart.version).toBe('2.14.2');
  });

  it("names the built-in prometheus objects as src/runner/monitoring builds them, and upstream's prometheus ingress", () => {
    const prom = componentByName('prometheus')!;
    const built = builtinObjects('prometheus').map((o) => `${o.kind.toLowerCase()}/${o.metadata.name}`);
    expect(prom.kind === 'manifest' && prom.objects.map((o) => `${o.resource.replace('prometheuses.monitoring.coreos.com', 'prometheus')}/${o.name}`)).toEqual(built);
    const upstream = parseYaml(readFileSync(join(FIXTURES, 'upstream-main-717d3491/source/prometheus-ingress.yaml'), 'utf8')) as unknown;
    expect(prometheusIngressObject()).toEqual(upstream);
  });

  it("lists every CRD of the repository's prometheus-operator v0.72.0 file (a subset of the bundle's ten), each dated 0.72.0", () => {
    const names = readFileSync(join(ROOT, 'crds/prometheus-operator-v0.72.0.yaml'), 'utf8')
      .split(/^---$/m)
      .map((d) => parseYaml(d) as { kind?: string } | null)
      .filter((d) => d?.kind === 'CustomResourceDefinition') as { metadata: { name: string; annotations: Record<string, string> } }[];
    expect(names.map((d) => d.metadata.annotations['operator.prometheus.io/version'])).toEqual(['0.72.0', '0.72.0', '0.72.0']);
    for (const d of names) expect(po.crds!.names).toContain(d.metadata.name);
  });

  it('compares versions numerically, with or without v', () => {
    expect(compareVersions('0.72.0', 'v0.72.0')).toBe(0);
    expect(compareVersions('v0.9.0', 'v0.10.3')).toBe(-1);
    expect(compareVersions('v0.80.1', 'v0.72.0')).toBe(1);
    expect(compareVersions('latest', 'v0.72.0')).toBeUndefined();
  });

  it('refuses an unknown --only name with the valid ones', () => {
    expect(() => selectComponents(['prometheus,grafana'], componentByName)).toThrow(/--only "grafana" is not a prerequisite: use prometheus-operator, prometheus,/);
    expect(selectComponents(['ingress_nginx', 'prometheus-operator'], componentByName).map((c) => c.name)).toEqual(['prometheus-operator', 'ingress-nginx']);
  });
});

describe('the install plan', () => {
  it('installs everything on a fresh cluster, in order, each step with its final argv', () => {
    expect(argvs(planPrerequisites(inputs(), facts()))).toEqual([
      'kubectl apply --server-side --field-manager afc-prerequisites --namespace default -f https://github.com/prometheus-operator/prometheus-operator/releases/download/v0.72.0/bundle.yaml --context k3d-afc-dev',
      `kubectl label --overwrite --namespace default ${po.crds!.names.map((n) => `customresourcedefinition/${n}`).join(' ')} clusterrolebinding/prometheus-operator clusterrole/prometheus-operator deployment/prometheus-operator serviceaccount/prometheus-operator service/prometheus-operator app.kubernetes.io/managed-by=afc-prerequisites --context k3d-afc-dev`,
      'kubectl create namespace monitoring --context k3d-afc-dev',
      'kubectl apply --server-side --field-manager afc-prerequisites --namespace monitoring -f /w/prometheus --context k3d-afc-dev',
      'kubectl label --overwrite --namespace monitoring serviceaccount/prometheus clusterrole/prometheus clusterrolebinding/prometheus prometheuses.monitoring.coreos.com/main app.kubernetes.io/managed-by=afc-prerequisites --context k3d-afc-dev',
      'helm upgrade --install custom-metrics prometheus-adapter --repo https://prometheus-community.github.io/helm-charts --version 2.14.2 --namespace monitoring --create-namespace --kube-context k3d-afc-dev --values /w/values-prometheus_adapter.yaml --wait --timeout 5m',
      'kubectl apply --server-side --field-manager afc-prerequisites -f https://raw.githubusercontent.com/external-secrets/external-secrets/v0.16.2/deploy/crds/bundle.yaml --context k3d-afc-dev',
      `kubectl label --overwrite ${eso.crds!.names.map((n) => `customresourcedefinition/${n}`).join(' ')} app.kubernetes.io/managed-by=afc-prerequisites app.kubernetes.io/version=v0.16.2 --context k3d-afc-dev`,
      'helm upgrade --install external-secrets external-secrets --repo https://charts.external-secrets.io --version 0.16.2 --namespace external-secrets --create-namespace --kube-context k3d-afc-dev --set installCRDs=false --wait --timeout 5m',
      'helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx --version 4.12.1 --namespace ingress-nginx --create-namespace --kube-context k3d-afc-dev --wait --timeout 5m',
      'kubectl apply --server-side --field-manager afc-prerequisites --namespace monitoring -f /w/prometheus-ingress --context k3d-afc-dev',
      'kubectl label --overwrite --namespace monitoring ingress/prometheus-ingress app.kubernetes.io/managed-by=afc-prerequisites --context k3d-afc-dev',
    ]);
  });

  it('installs the charts that upstream installs: same releases, charts, namespaces, adapter version (recorded argv)', () => {
    const recorded = recordedCommands('upstream-main-717d3491/prerequisites-install').filter((c) => c.tool === 'helm' && c.argv[0] === 'upgrade');
    const ours = planPrerequisites(inputs(), facts()).steps.filter((s) => s.tool === 'helm');
    expect(ours.map((s) => [s.args[2], s.args[3], s.args[s.args.indexOf('--namespace') + 1]])).toEqual(
      recorded.map((c) => [c.argv[2], c.argv[3]!.split('/')[1], c.argv[c.argv.indexOf('--namespace') + 1]]),
    );
    const adapter = recorded[0]!.argv;
    expect(adapter[adapter.indexOf('--version') + 1]).toBe(ours[0]!.args[ours[0]!.args.indexOf('--version') + 1]);
  });

  it('takes manifests and charts from a --source folder or charts from an OCI registry', () => {
    const dir = argvs(planPrerequisites(inputs({ source: { kind: 'dir', dir: '/src' }, components: [po, eso] }), facts()));
    expect(dir[0]).toContain('-f /src/prometheus-operator-v0.72.0.yaml');
    expect(dir[2]).toContain('-f /src/external-secrets-v0.16.2-crds.yaml');
    expect(dir[4]).toContain('helm upgrade --install external-secrets /src/external-secrets-0.16.2.tgz --namespace');
    const oci = argvs(planPrerequisites(inputs({ source: { kind: 'oci', ref: 'oci://reg.example/charts/' }, components: [eso] }), facts()));
    expect(oci[2]).toContain('helm upgrade --install external-secrets oci://reg.example/charts/external-secrets --version 0.16.2 --namespace');
  });

  it('does nothing for what is installed: marker objects present, releases at the pinned chart', () => {
    const f = facts({
      namespaces: new Set(['default', 'monitoring', 'external-secrets', 'ingress-nginx']),
      crds: new Map([...crdMap(po.crds!.names, { version: 'v0.72.0', managedByAfc: true }), ...crdMap(eso.crds!.names, { version: 'v0.16.2', managedByAfc: true })]),
      objects: new Map(
        COMPONENTS.flatMap((c) => (c.kind === 'manifest' ? [c.marker, ...c.objects] : [])).map((o) => [objectKey(o), { managedByAfc: true }]),
      ),
      releases: new Map([
        ['monitoring/custom-metrics', { name: 'custom-metrics', namespace: 'monitoring', chart: 'prometheus-adapter-2.14.2' }],
        ['external-secrets/external-secrets', { name: 'external-secrets', namespace: 'external-secrets', chart: 'external-secrets-0.16.2' }],
        ['ingress-nginx/ingress-nginx', { name: 'ingress-nginx', namespace: 'ingress-nginx', chart: 'ingress-nginx-4.12.1' }],
      ]),
      metricsApiService: { helmRelease: 'custom-metrics', service: 'monitoring/custom-metrics-prometheus-adapter' },
    });
    const plan = planPrerequisites(inputs(), f);
    expect(plan.steps).toEqual([]);
    expect(plan.notes.join('\n')).toMatch(/prometheus-operator: installed \(deployment default\/prometheus-operator exists\)/);
    expect(plan.notes.join('\n')).toMatch(/external-secrets: release external-secrets\/external-secrets is at chart 0.16.2: nothing to do/);
  });

  it('never downgrades CRDs: a newer prometheus-operator or External Secrets stays', () => {
    const f = facts({
      crds: new Map([...crdMap(po.crds!.names, { version: 'v0.80.0', managedByAfc: false }), ...crdMap(eso.crds!.names, { version: 'v0.18.0', managedByAfc: true })]),
    });
    const plan = planPrerequisites(inputs({ components: [po, eso] }), f);
    expect(argvs(plan).some((a) => a.includes('apply'))).toBe(false);
    expect(argvs(plan)).toEqual([expect.stringMatching(/^helm upgrade --install external-secrets /)]);
    expect(plan.notes).toContain(
      'prometheus-operator: not installed: CRD alertmanagerconfigs.monitoring.coreos.com is at v0.80.0, newer than v0.72.0: kept (never downgraded); its manifest holds its CRDs, so install a matching operator yourself',
    );
    expect(plan.notes).toContain('external-secrets: CRD clusterexternalsecrets.external-secrets.io is at v0.18.0, newer than v0.16.2: kept (never downgraded)');
  });

  it('keeps External Secrets CRDs that afc did not install (no version to compare), and upgrades its own older ones', () => {
    const theirs = planPrerequisites(inputs({ components: [eso] }), facts({ crds: crdMap(eso.crds!.names, { managedByAfc: false }) }));
    expect(argvs(theirs).some((a) => a.includes('apply'))).toBe(false);
    expect(theirs.notes[0]).toMatch(/not by afc, and its version is unknown: kept/);
    const older = planPrerequisites(inputs({ components: [eso] }), facts({ crds: crdMap(eso.crds!.names, { version: 'v0.10.3', managedByAfc: true }) }));
    expect(argvs(older)[0]).toMatch(/^kubectl apply --server-side .* -f https:\/\/raw.githubusercontent.com\/external-secrets\/external-secrets\/v0.16.2\/deploy\/crds\/bundle.yaml/);
  });

  it('upgrades a release at an older chart, keeps a newer one and a release of another chart', () => {
    const rel = (chart: string) => facts({ namespaces: new Set(['default', 'ingress-nginx']), releases: new Map([['ingress-nginx/ingress-nginx', { name: 'ingress-nginx', namespace: 'ingress-nginx', chart }]]) });
    const nginx = [componentByName('ingress-nginx')!];
    expect(planPrerequisites(inputs({ components: nginx }), rel('ingress-nginx-4.10.0')).steps[0]!.title).toBe('upgrading ingress-nginx');
    expect(planPrerequisites(inputs({ components: nginx }), rel('ingress-nginx-4.13.0')).steps).toEqual([]);
    expect(planPrerequisites(inputs({ components: nginx }), rel('my-proxy-1.0.0')).notes[0]).toMatch(/exists with chart my-proxy-1.0.0, not ingress-nginx: kept/);
  });

  it("deletes k3s's metrics APIService on k3d only; elsewhere it refuses unless --replace-metrics-apiservice", () => {
    const adapter = [componentByName('prometheus-adapter')!];
    const api = { metricsApiService: { service: 'kube-system/metrics-server' } };
    expect(argvs(planPrerequisites(inputs({ components: adapter }), facts(api)))[0]).toBe('kubectl delete apiservice v1beta1.metrics.k8s.io --ignore-not-found --context k3d-afc-dev');
    expect(() => planPrerequisites(inputs({ components: adapter, target: GKE }), facts({ ...api, k3d: false }))).toThrow(
      'APIService v1beta1.metrics.k8s.io exists (service kube-system/metrics-server) and prometheus-adapter would replace it: it is not afc\'s and this is not a k3d cluster, so afc does not delete it; leave prometheus-adapter out (--only), or allow it with --replace-metrics-apiservice',
    );
    expect(argvs(planPrerequisites(inputs({ components: adapter, target: GKE, replaceMetricsApiService: true }), facts({ ...api, k3d: false })))[0]).toMatch(/^kubectl delete apiservice/);
    // Without an APIService nothing is deleted, anywhere.
    expect(argvs(planPrerequisites(inputs({ components: adapter, target: GKE }), facts({ k3d: false })))[0]).toMatch(/^helm upgrade --install custom-metrics/);
  });

  it('refuses prometheus alone when the prometheus-operator CRDs are missing', () => {
    expect(() => planPrerequisites(inputs({ components: [componentByName('prometheus')!] }), facts())).toThrow(/prometheus needs the prometheus-operator CRDs, which are not installed: add prometheus-operator to --only/);
  });

  it('labels only what it created: objects that existed are applied over and kept by uninstall', () => {
    const f = facts({ crds: crdMap(po.crds!.names, { version: 'v0.72.0', managedByAfc: false }), objects: new Map([[objectKey({ resource: 'clusterrole', name: 'prometheus-operator' }), { managedByAfc: false }]]) });
    const label = argvs(planPrerequisites(inputs({ components: [po] }), f))[1]!;
    expect(label).not.toContain('customresourcedefinition/');
    expect(label).not.toContain('clusterrole/prometheus-operator ');
    expect(label).toContain('deployment/prometheus-operator');
  });
});

describe('the uninstall plan', () => {
  const installed = (over: Partial<PrereqFacts> = {}): PrereqFacts =>
    facts({
      namespaces: new Set(['default', 'monitoring', 'external-secrets', 'ingress-nginx']),
      crds: new Map([...crdMap(po.crds!.names, { version: 'v0.72.0', managedByAfc: true }), ...crdMap(eso.crds!.names, { version: 'v0.16.2', managedByAfc: true })]),
      objects: new Map(COMPONENTS.flatMap((c) => (c.kind === 'manifest' ? [c.marker, ...c.objects] : [])).map((o) => [objectKey(o), { managedByAfc: true }])),
      releases: new Map([
        ['monitoring/custom-metrics', { name: 'custom-metrics', namespace: 'monitoring', chart: 'prometheus-adapter-2.14.2' }],
        ['external-secrets/external-secrets', { name: 'external-secrets', namespace: 'external-secrets', chart: 'external-secrets-0.16.2' }],
        ['ingress-nginx/ingress-nginx', { name: 'ingress-nginx', namespace: 'ingress-nginx', chart: 'ingress-nginx-4.12.1' }],
      ]),
      ...over,
    });

  it('deletes in reverse order what afc installed, CRDs last of each component, and no namespace', () => {
    const plan = planPrerequisites(inputs({ action: 'uninstall' }), installed());
    expect(plan.steps.map((s) => s.title)).toEqual([
      'deleting prometheus-ingress',
      'uninstalling ingress-nginx',
      'uninstalling external-secrets',
      "deleting external-secrets's CRDs",
      'uninstalling prometheus-adapter',
      'deleting prometheus',
      "deleting prometheus's cluster-wide objects",
      'deleting prometheus-operator',
      "deleting prometheus-operator's cluster-wide objects",
      "deleting prometheus-operator's CRDs",
    ]);
    expect(argvs(plan)[1]).toBe('helm uninstall ingress-nginx --namespace ingress-nginx --kube-context k3d-afc-dev --wait --timeout 5m');
    expect(argvs(plan)[7]).toBe('kubectl delete deployment/prometheus-operator serviceaccount/prometheus-operator service/prometheus-operator --namespace default --ignore-not-found --wait --timeout 5m --context k3d-afc-dev');
    expect(argvs(plan).some((a) => a.includes('delete namespace'))).toBe(false);
    expect(plan.notes.at(-1)).toBe('namespaces monitoring, external-secrets, ingress-nginx kept (afc never deletes a namespace)');
  });

  it('counts the Prometheus it deletes itself, so that CRD is not held by it', () => {
    const plan = planPrerequisites(inputs({ action: 'uninstall' }), installed({ customResources: new Map([['prometheuses.monitoring.coreos.com', 1]]) }));
    expect(plan.steps.at(-1)!.title).toBe("deleting prometheus-operator's CRDs");
  });

  it('refuses to delete a CRD that still has custom resources, before any step, unless --force', () => {
    const f = installed({ customResources: new Map([['externalsecrets.external-secrets.io', 3], ['podmonitors.monitoring.coreos.com', 2]]) });
    expect(() => planPrerequisites(inputs({ action: 'uninstall' }), f)).toThrow(
      'external-secrets: CRD externalsecrets.external-secrets.io (3 left) still has custom resources: delete them first (kubectl get externalsecrets.external-secrets.io -A), or delete them with the CRDs by --force',
    );
    const forced = planPrerequisites(inputs({ action: 'uninstall', force: true }), f);
    expect(forced.steps.find((s) => s.title === "deleting external-secrets's CRDs")!.why).toBe('--force: with their custom resources (externalsecrets.external-secrets.io: 3)');
  });

  it('keeps what afc did not create: unlabelled objects and CRDs, releases of other charts', () => {
    const f = installed({
      crds: crdMap(po.crds!.names, { version: 'v0.72.0', managedByAfc: false }),
      objects: new Map([[objectKey({ resource: 'deployment', name: 'prometheus-operator', namespace: 'default' }), { managedByAfc: false }]]),
      releases: new Map([['monitoring/custom-metrics', { name: 'custom-metrics', namespace: 'monitoring', chart: 'my-adapter-1.0.0' }]]),
    });
    const plan = planPrerequisites(inputs({ action: 'uninstall', components: [po, componentByName('prometheus-adapter')!] }), f);
    expect(plan.steps).toEqual([]);
    expect(plan.notes).toEqual([
      'prometheus-adapter: release monitoring/custom-metrics is chart my-adapter-1.0.0, not prometheus-adapter: kept',
      'prometheus-operator: deployment prometheus-operator not created by afc: kept',
      `prometheus-operator: 10 CRDs not installed by afc kept (${po.crds!.names.join(', ')})`,
      'namespaces monitoring kept (afc never deletes a namespace)',
    ]);
  });
});

describe('the facts', () => {
  it('reads CRD versions, afc labels, releases, the APIService (one object) and custom resources from kubectl and helm answers', async () => {
    const { gatherPrereqFacts } = await import('../../src/runner/prerequisites/facts.js');
    const calls: string[] = [];
    const answers: [RegExp, unknown][] = [
      [/^kubectl get namespaces/, { items: [{ metadata: { name: 'default' } }, { metadata: { name: 'monitoring' } }, { metadata: { name: 'external-secrets' } }] }],
      [
        /^kubectl get customresourcedefinitions/,
        {
          items: [
            { metadata: { name: 'prometheuses.monitoring.coreos.com', annotations: { 'operator.prometheus.io/version': '0.75.1' } } },
            { metadata: { name: 'externalsecrets.external-secrets.io', labels: { 'app.kubernetes.io/managed-by': 'afc-prerequisites', 'app.kubernetes.io/version': 'v0.16.2' } } },
            { metadata: { name: 'secretstores.external-secrets.io', labels: { 'app.kubernetes.io/version': 'v9.9.9' } } },
            { metadata: { name: 'unrelated.example.com' } },
          ],
        },
      ],
      [/^kubectl get deployment\/prometheus-operator/, { kind: 'Deployment', metadata: { name: 'prometheus-operator', labels: { 'app.kubernetes.io/managed-by': 'afc-prerequisites' } } }],
      // The namespaced objects of prometheus in one call: a List (an unlabelled ServiceAccount of another kind's name is not it).
      [/^kubectl get serviceaccount\/prometheus prometheuses.monitoring.coreos.com\/main --namespace monitoring/, { kind: 'List', items: [{ kind: 'Prometheus', metadata: { name: 'main' } }, { kind: 'ConfigMap', metadata: { name: 'prometheus' } }] }],
      [/^helm list --namespace monitoring/, [{ name: 'custom-metrics', namespace: 'monitoring', chart: 'prometheus-adapter-2.14.2', status: 'deployed' }]],
      [/^kubectl get apiservice/, { kind: 'APIService', metadata: { name: 'v1beta1.metrics.k8s.io' }, spec: { service: { namespace: 'kube-system', name: 'metrics-server' } } }],
      [/^kubectl get externalsecrets.external-secrets.io --all-namespaces -o name/, 'externalsecret.external-secrets.io/a\nexternalsecret.external-secrets.io/b\n'],
    ];
    const exec = {
      query: async (tool: string, args: readonly string[]) => {
        const line = [tool, ...args].join(' ');
        calls.push(line);
        const hit = answers.find(([re]) => re.test(line));
        return hit === undefined ? '' : typeof hit[1] === 'string' ? hit[1] : JSON.stringify(hit[1]);
      },
    } as unknown as Parameters<typeof gatherPrereqFacts>[0];
    const install = await gatherPrereqFacts(exec, TARGET, COMPONENTS, 'install');
    expect(install.k3d).toBe(true);
    expect([...install.crds.values()]).toEqual([
      { name: 'prometheuses.monitoring.coreos.com', version: 'v0.75.1', managedByAfc: false },
      { name: 'externalsecrets.external-secrets.io', version: 'v0.16.2', managedByAfc: true },
      // A version label afc did not put there is not trusted.
      { name: 'secretstores.external-secrets.io', managedByAfc: false },
    ]);
    expect(install.objects.get(objectKey({ resource: 'deployment', name: 'prometheus-operator', namespace: 'default' }))).toEqual({ managedByAfc: true });
    expect(install.objects.get(objectKey({ resource: 'prometheuses.monitoring.coreos.com', name: 'main', namespace: 'monitoring' }))).toEqual({ managedByAfc: false });
    expect(install.objects.has(objectKey({ resource: 'serviceaccount', name: 'prometheus', namespace: 'monitoring' }))).toBe(false);
    expect(install.releases.get('monitoring/custom-metrics')?.chart).toBe('prometheus-adapter-2.14.2');
    expect(install.metricsApiService).toEqual({ service: 'kube-system/metrics-server' });
    // No helm list where the namespace does not exist (ingress-nginx); nothing counted for an install.
    expect(calls.filter((c) => c.startsWith('helm list')).map((c) => c.split(' ')[3])).toEqual(['monitoring', 'external-secrets']);
    expect(install.customResources.size).toBe(0);
    const uninstall = await gatherPrereqFacts(exec, { ...TARGET, cluster: 'gke_x' }, COMPONENTS, 'uninstall');
    expect(uninstall.k3d).toBe(false);
    expect([...uninstall.customResources]).toEqual([['externalsecrets.external-secrets.io', 2]]);
  });
});

describe('afc prerequisites against the stand-ins', () => {
  let bench: Bench;
  beforeEach(() => {
    bench = makeBench();
  });
  afterEach(() => bench.cleanup());

  it('--dry-run reads only and prints every step with its command; the run then sends exactly those commands', async () => {
    await runPrerequisites('install', { dryRun: true, only: ['prometheus-operator,external-secrets'] }, bench.host);
    expect(destructive(bench.commands())).toEqual([]);
    const printed = bench.stdout().split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(bench.stdout()).toMatch(/^# applying prometheus-operator: prometheus-operator v0.72.0 \(its CRDs and the operator\)\n/);
    expect(printed).toHaveLength(5);
    const queries = bench.commands();
    expect(queries.map((c) => `${c.tool} ${c.argv.join(' ')}`)).toEqual([
      'kubectl config view -o json',
      'kubectl get namespaces -o json --context k3d-afc-dev',
      'kubectl get customresourcedefinitions -o json --context k3d-afc-dev',
      'kubectl get deployment/prometheus-operator serviceaccount/prometheus-operator service/prometheus-operator --namespace default --ignore-not-found -o json --context k3d-afc-dev',
      'kubectl get clusterrolebinding/prometheus-operator clusterrole/prometheus-operator --ignore-not-found -o json --context k3d-afc-dev',
    ]);
    const bench2 = makeBench();
    try {
      await runPrerequisites('install', { only: ['prometheus-operator,external-secrets'] }, bench2.host);
      expect(destructive(bench2.commands()).map((c) => `${c.tool} ${c.argv.join(' ')}`)).toEqual(printed);
      expect(bench2.stdout()).toBe('Installed prometheus-operator, external-secrets on context k3d-afc-dev.\n');
    } finally {
      bench2.cleanup();
    }
  });

  it('status prints one line per component', async () => {
    bench.setState('namespaces.json', { items: [{ metadata: { name: 'default' } }, { metadata: { name: 'monitoring' } }] });
    bench.setState('helm-releases.json', [{ name: 'custom-metrics', namespace: 'monitoring', chart: 'prometheus-adapter-2.14.2', status: 'deployed' }]);
    await runPrerequisites('status', {}, bench.host);
    expect(bench.stdout()).toBe(
      [
        'prometheus-operator: CRDs absent; deployment prometheus-operator absent',
        'prometheus: prometheuses main absent',
        'prometheus-adapter: release monitoring/custom-metrics deployed chart prometheus-adapter-2.14.2',
        'external-secrets: CRDs absent; release external-secrets/external-secrets absent',
        'ingress-nginx: release ingress-nginx/ingress-nginx absent',
        'prometheus-ingress: ingress prometheus-ingress absent',
        '',
      ].join('\n'),
    );
  });

  it('a --source folder without the pinned files is refused before any query', async () => {
    await expect(runPrerequisites('install', { source: bench.tmp, only: ['external-secrets'] }, bench.host)).rejects.toThrow(
      `--source ${bench.tmp} lacks external-secrets-0.16.2.tgz, external-secrets-v0.16.2-crds.yaml: put the pinned files there (docs: prerequisites), or leave those components out with --only`,
    );
    expect(bench.commands()).toEqual([]);
    await expect(runPrerequisites('install', { source: join(bench.tmp, 'nope') }, bench.host)).rejects.toThrow(AfcError);
  });

  it('a step that fails after a deletion names what is gone and how to finish', async () => {
    const { applyPrerequisites } = await import('../../src/runner/prerequisites/run.js');
    const { execFor } = await import('../../src/kit/exec.js');
    const { Progress } = await import('../../src/kit/progress.js');
    const plan = planPrerequisites(inputs({ action: 'uninstall', components: [componentByName('ingress-nginx')!, componentByName('prometheus-ingress')!] }), facts({
      namespaces: new Set(['default', 'monitoring', 'ingress-nginx']),
      objects: new Map([[objectKey({ resource: 'ingress', name: 'prometheus-ingress', namespace: 'monitoring' }), { managedByAfc: true }]]),
      releases: new Map([['ingress-nginx/ingress-nginx', { name: 'ingress-nginx', namespace: 'ingress-nginx', chart: 'ingress-nginx-4.12.1' }]]),
    }));
    bench.setState('fail.json', [['helm', 'uninstall']]);
    await expect(applyPrerequisites(plan, [], bench.tmp, '5m', execFor(bench.host, {}), new Progress(bench.host))).rejects.toThrow(
      'uninstalling ingress-nginx failed with exit code 1: Error: helm uninstall failed (injected by the test); already deleted: ingress prometheus-ingress (run the same command again to finish)',
    );
    expect(bench.commands().map((c) => c.argv.slice(0, 2).join(' '))).toEqual(['delete ingress/prometheus-ingress', 'uninstall ingress-nginx']);
  });

  it('has the upstream recordings it is checked against', () => {
    expect(readFileSync(join(FIXTURES, 'upstream-1.0.3.0/prerequisites-install/run.txt'), 'utf8')).toMatch(/^script: helm\/bin\/install_prerequisites.py\n/);
  });
});
