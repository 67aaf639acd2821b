import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { platformCombinations } from '../../src/synth/command.js';
import { diffObjects, fixOriginalDefects, parseStream, readStream } from '../support/compare.js';
import { FIXTURES } from '../support/fixtures.js';
import { parseDocument } from 'yaml';
import { helmChartFiles } from '../../src/synth/helm/index.js';
import { cleanupCharts, helm, helmMajor, helmTemplate, writeChart } from '../support/helm.js';
import { synth } from '../support/synth.js';

afterAll(cleanupCharts);

// The 16 combinations of k3d, gcp, http and no_secrets, minikube (alone and as the seed's dev setup)
// and the two hardened ones.
const ALL_COMBINATIONS = [
  ...platformCombinations(['k3d', 'gcp', 'http', 'no_secrets']),
  ['minikube'],
  ['minikube', 'http', 'no_secrets'],
  ['k3d', 'hardened'],
  ['gcp', 'hardened'],
];
// These tests run under the helm AFC_HELM names: Helm 3 in npm test, Helm 4 in npm run test:helm4.
const MAJOR = helmMajor();
/** The chart of a combination, written once for the lint, the parity and the values checks. */
const charts = new Map<string, string>();
const chartFor = (combo: string[]): string => {
  const name = combo.join('+') || 'base';
  if (!charts.has(name)) charts.set(name, writeChart({ platforms: combo }));
  return charts.get(name)!;
};

describe('generated Helm chart: files', () => {
  it('has Chart.yaml from the model, values, schema, templates, .helmignore and a README, and no CRDs', () => {
    const dir = writeChart({ platforms: ['k3d'] });
    expect(readdirSync(dir).sort()).toEqual(['.afc-output', '.helmignore', 'Chart.yaml', 'README.md', 'templates', 'values.schema.json', 'values.yaml']);
    expect(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).toMatch(/^apiVersion: v2\nname: afc-int\n[\s\S]*version: 0\.0\.0\nappVersion: brcm-3\.8\.14\.0\.1\n$/);
    const templates = readdirSync(join(dir, 'templates'));
    expect(templates).toContain('_helpers.tpl');
    expect(templates.filter((t) => t.endsWith('.yaml'))).toHaveLength(76); // 51 objects + the prometheus Service (rendered only as NodePort) + 24 NetworkPolicies (rendered only when networkPolicies.enabled)
    expect(existsSync(join(dir, 'crds'))).toBe(false);
    expect(templates.join(' ')).not.toMatch(/customresourcedefinition/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/\| Key \| Type \| Default \| Description \|\n\| --- \| --- \| --- \| --- \|\n/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toContain('| `components.worker.hpa.maxReplicas` | integer | `10` |');
  });

  it('takes the chart name, version and appVersion from the model (overridable)', () => {
    const dir = writeChart({ sets: ['chart.version=1.2.3', 'chart.appVersion=v9'] });
    expect(readFileSync(join(dir, 'Chart.yaml'), 'utf8')).toMatch(/version: 1\.2\.3\nappVersion: v9\n/);
    const rmq = parseStream(helmTemplate(dir)).find((o) => o.kind === 'Deployment' && (o.metadata as { name: string }).name === 'rmq')!;
    expect((rmq.metadata as { labels: Record<string, string> }).labels).toMatchObject({ 'helm.sh/chart': 'afc-int-1.2.3', 'app.kubernetes.io/version': 'v9' });
  });
});

describe('helm lint --strict', () => {
  // One helm process lints the charts of every combination (helm lint takes several); each test
  // checks its own chart's section of the report, and the whole run.
  let lint: { status: number; stdout: string; stderr: string; sections: Map<string, string> } | undefined;
  const chartOf = new Map<string, string>();
  const lintAll = (): NonNullable<typeof lint> => {
    if (lint) return lint;
    for (const combo of ALL_COMBINATIONS) chartOf.set(combo.join('+') || 'base', chartFor(combo));
    const r = helm(['lint', '--strict', ...chartOf.values()]);
    const sections = new Map<string, string>();
    for (const part of r.stdout.split(/^==> Linting /m).slice(1)) sections.set(part.slice(0, part.indexOf('\n')), part);
    return (lint = { ...r, sections });
  };
  for (const combo of ALL_COMBINATIONS) {
    const name = combo.join('+') || 'base';
    it(`is clean for ${name}`, () => {
      const r = lintAll();
      const section = r.sections.get(chartOf.get(name)!);
      expect(section).toBeDefined();
      expect(section).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect(r.stderr).not.toMatch(/\[(WARNING|ERROR)\]/);
      expect(r.stdout).toContain(`${ALL_COMBINATIONS.length} chart(s) linted, 0 chart(s) failed`);
      expect(r.status).toBe(0);
    });
  }
});

describe('helm template equals afc synth for every combination', () => {
  // The combinations with a reference render are compared with it below (and afc synth in parity.test.ts).
  const withFixture = new Set(FIXTURES.map((f) => f.platforms.join('+')));
  for (const combo of ALL_COMBINATIONS.filter((c) => !withFixture.has(c.join('+')))) {
    it(`for ${combo.join('+') || 'base'}`, () => {
      const rendered = parseStream(helmTemplate(chartFor(combo)));
      expect(diffObjects(rendered, synth({ platforms: combo }), { ignoreManagedBy: true })).toEqual([]);
    });
  }
});

describe('values.yaml of every combination', () => {
  // Helm 4.2 and later drop the null keys of a chart's own values.yaml (helm/helm#32530): a null there
  // would render differently under Helm 3 and 4.
  const nulls = (v: unknown, path: string): string[] =>
    v === null ? [path] : typeof v === 'object' ? Object.entries(v as object).flatMap(([k, e]) => nulls(e, path ? `${path}.${k}` : k)) : [];
  for (const combo of ALL_COMBINATIONS) {
    it(`holds no null for ${combo.join('+') || 'base'}`, () => {
      const text = readFileSync(join(chartFor(combo), 'values.yaml'), 'utf8');
      const doc = parseDocument(text);
      expect(doc.errors).toEqual([]);
      expect(Object.keys(doc.toJS() as object).length).toBeGreaterThan(0);
      expect(nulls(doc.toJS(), '')).toEqual([]);
    });
  }
});

describe('the replicas of a workload an HPA drives (defect fix: never reset what the autoscaler chose)', () => {
  it('come from the live Deployment (lookup), else initialReplicas, only for the worker', () => {
    const files = helmChartFiles({ platforms: ['k3d'] });
    const replicasLines = [...files].flatMap(([name, text]) => (name.startsWith('templates/') ? text.split('\n').filter((l) => /^ {2}replicas: /.test(l)).map((l) => `${name}: ${l.trim()}`) : []));
    expect(replicasLines.filter((l) => l.includes('afc.replicas'))).toEqual(['templates/deployment-worker.yaml: replicas: {{ include "afc.replicas" (list $ "worker" "Deployment" "worker") }}']);
    expect(replicasLines.filter((l) => !l.includes('afc.replicas')).every((l) => l.includes('include "afc.field"'))).toBe(true);
    // helm template (no cluster: lookup finds nothing) renders initialReplicas, as afc synth does.
    const worker = (sets: string[]): unknown =>
      (parseStream(helmTemplate(chartFor(['k3d']), sets)).find((o) => o.kind === 'Deployment' && (o.metadata as { name: string }).name === 'worker')!.spec as { replicas: unknown }).replicas;
    expect(worker([])).toBe(1);
    expect(worker(['--set', 'components.worker.initialReplicas=2'])).toBe(2);
  });
});

describe('helm template parity with the reference renders (labels included)', () => {
  for (const fixture of FIXTURES) {
    it(`renders ${fixture.name} exactly (0 differences, managed-by Helm)`, () => {
      const rendered = parseStream(helmTemplate(chartFor(fixture.platforms)));
      const expected = fixOriginalDefects(readStream(fixture.file));
      expect(rendered.length).toBe(expected.length);
      expect(diffObjects(rendered, expected)).toEqual([]);
    });
  }
});

describe('helm template equals afc synth for the same inputs', () => {
  const cases: { name: string; platforms: string[]; valuesFiles?: string[]; sets?: string[]; release?: string }[] = [
    { name: 'gcp+no_secrets', platforms: ['gcp', 'no_secrets'] },
    { name: 'minikube with a values file', platforms: ['minikube'], valuesFiles: ['test/fixtures/overlays/pull-secrets.yaml'] },
    { name: 'k3d with synth-time sets', platforms: ['k3d'], sets: ['components.rmq.serviceType=NodePort', 'configmaps.worker.AFC_WORKER_CELERY_CONCURRENCY=4'] },
    { name: 'release "release-name" (no instance label)', platforms: ['k3d'], release: 'release-name' },
    { name: 'release "afc-dev"', platforms: [], release: 'afc-dev' },
  ];
  for (const c of cases) {
    it(`for ${c.name}`, () => {
      const opts = { platforms: c.platforms, valuesFiles: c.valuesFiles, sets: c.sets, release: c.release };
      const rendered = parseStream(helmTemplate(writeChart(opts), [], c.release ?? 'afc'));
      expect(diffObjects(rendered, synth(opts), { ignoreManagedBy: true })).toEqual([]);
      if (c.release === 'release-name') expect(JSON.stringify(rendered)).not.toContain('app.kubernetes.io/instance');
    });
  }
});

describe('install-time --set on the chart equals afc synth --set', () => {
  const matrix: string[][] = [
    ['components.default.imageTag=dev_tag'],
    ['components.msghnd.imageTag=hotfix'],
    ['imageRepositories.k3d.path=k3d-afcregistry.localhost:41237', 'components.default.imageRepositoryKeyOverride=k3d'],
    ['components.worker.imageRepositoryKeyOverride=public'],
    ['imageRepositories.public.path=mirror.example/afc'],
    ['components.rcache.serviceType=NodePort'],
    ['components.dispatcher.serviceType=ClusterIP'],
    ['components.ratdb.serviceType=NodePort', 'components.bulk_postgres.serviceType=NodePort'],
    ['components.prometheus.serviceType=NodePort'],
    ['components.default.serviceType=NodePort', 'components.dispatcher.serviceType=null'],
    ['components.rmq.initialReplicas=3'],
    ['components.default.initialReplicas=0'],
    ['components.default.imagePullPolicy=Never'],
    ['components.worker.imagePullPolicy=IfNotPresent'],
    ['components.worker.hpa.minReplicas=2', 'components.worker.hpa.maxReplicas=7'],
    [
      'components.default.imageTag=tester_openafc',
      'imageRepositories.k3d.path=k3d-afcregistry.localhost:41237',
      'components.default.imageRepositoryKeyOverride=k3d',
      'components.dispatcher.serviceType=NodePort',
      'components.prometheus.serviceType=NodePort',
      'components.worker.hpa.maxReplicas=1',
    ],
  ];
  const chart = (): string => writeChart({ platforms: ['k3d', 'http', 'no_secrets'] });
  let dir: string | undefined;
  for (const sets of matrix) {
    it(`for ${sets.join(' ')}`, () => {
      dir ??= chart();
      const rendered = parseStream(helmTemplate(dir, sets.flatMap((s) => ['--set', s])));
      const expected = synth({ platforms: ['k3d', 'http', 'no_secrets'], sets });
      expect(diffObjects(rendered, expected, { ignoreManagedBy: true })).toEqual([]);
    });
  }

  it('adds the nodePorts only while the Service is NodePort', () => {
    dir ??= chart();
    const rcache = (args: string[]): unknown =>
      parseStream(helmTemplate(dir!, args)).find((o) => o.kind === 'Service' && (o.metadata as { name: string }).name === 'rcache');
    expect(JSON.stringify(rcache([]))).not.toContain('nodePort');
    expect(JSON.stringify(rcache(['--set', 'components.rcache.serviceType=NodePort']))).toContain('"nodePort":30083');
  });
});

describe('values.schema.json rejects bad values', () => {
  let dir: string | undefined;
  const rejects = (set: string, message: RegExp): void => {
    dir ??= writeChart({ platforms: ['k3d'] });
    const r = helm(['template', 'afc', dir, '--set', set]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/values don't meet the specifications of the schema/);
    expect(r.stderr).toMatch(message);
  };
  it('rejects a wrong type', () => rejects('components.worker.hpa.maxReplicas=many', /maxReplicas/));
  it('rejects a bad serviceType enum', () => rejects('components.rmq.serviceType=Nodeport', /serviceType/));
  it('rejects a bad imagePullPolicy enum', () => rejects('components.default.imagePullPolicy=Sometimes', /imagePullPolicy/));
  it('rejects negative replicas', () => rejects('components.rmq.initialReplicas=-1', /initialReplicas/));
  it('rejects a value fixed at synth time (re-synthesize instead), in the words of the helm major', () =>
    rejects('configmaps.worker.AFC_AEP_DEBUG=0', MAJOR === 3 ? /^- \(root\): Additional property configmaps is not allowed$/m : /^- at '': additional properties 'configmaps' not allowed$/m));
  it('rejects an unknown component', () => rejects('components.rmqq.serviceType=NodePort', /rmqq/));
  it('fails with a clear message for an unknown repository override', () => {
    dir ??= writeChart({ platforms: ['k3d'] });
    const r = helm(['template', 'afc', dir, '--set', 'components.default.imageRepositoryKeyOverride=nope']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/image repository "nope" is not a key of imageRepositories/);
  });
});

describe('literal {{ in rendered strings', () => {
  it('is escaped so Helm prints it instead of evaluating it', () => {
    const sets = ['configmaps.dispatcher.AFC_SERVER_NAME@S={{ .Release.Name }} and {{ fail "boom" }}'];
    const rendered = parseStream(helmTemplate(writeChart({ sets })));
    const cm = rendered.find((o) => o.kind === 'ConfigMap' && (o.metadata as { name: string }).name === 'dispatcher')!;
    expect((cm.data as Record<string, string>).AFC_SERVER_NAME).toBe('{{ .Release.Name }} and {{ fail "boom" }}');
    expect(diffObjects(rendered, synth({ sets }), { ignoreManagedBy: true })).toEqual([]);
  });
});
