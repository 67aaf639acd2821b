/**
 * The plan of `afc prerequisites install|uninstall`: pure. From the inputs (which components, where the
 * manifests and charts come from, the cluster) and the facts (what the cluster holds, facts.ts) it
 * computes the steps, each with its final argv (what --dry-run prints), and the notes that say why a
 * component is left alone. Every refusal is thrown here, before any step runs.
 *
 * Rules:
 * - install is idempotent: a component whose marker object or release is there is skipped; a release
 *   at an older chart version is upgraded, one at a newer version kept;
 * - CRDs are never downgraded: a set whose installed version (prometheus-operator's annotation, afc's
 *   version label) is newer than the pinned one is kept, and so is one afc did not install whose version
 *   is unknown;
 * - afc labels what it created (`app.kubernetes.io/managed-by=afc-prerequisites`); uninstall deletes
 *   labelled objects only, in reverse order, and a labelled CRD only when no custom resource of it is
 *   left (after the plan's own deletions), unless --force; namespaces are never deleted;
 * - `kubectl delete apiservice v1beta1.metrics.k8s.io` (the metrics APIService that prometheus-adapter
 *   registers) runs only on k3d contexts, where it is k3s's own metrics-server's; elsewhere an APIService
 *   that is not the adapter's is a refusal unless --replace-metrics-apiservice.
 */
import { join } from 'node:path';
import { AfcError } from '../../errors.js';
import { helmTarget, kubectlTarget, type KubeTarget } from '../../kit/context.js';
import type { RunStep } from '../../kit/plan.js';
import {
  COMPONENTS,
  MANAGED_BY,
  MANAGED_BY_VALUE,
  METRICS_APISERVICE,
  VERSION_LABEL,
  type ChartComponent,
  type Component,
  type CrdSet,
  type ManifestComponent,
  type ManifestSource,
  type ObjectRef,
} from './catalog.js';

/** Where the manifests and charts come from (`--source`). */
export type Source =
  | { readonly kind: 'upstream' }
  /** A folder holding the pinned manifests by file name and the charts as `<chart>-<version>.tgz`. */
  | { readonly kind: 'dir'; readonly dir: string }
  /** Charts from `oci://REF/<chart>`; manifests from upstream. */
  | { readonly kind: 'oci'; readonly ref: string };

export type Action = 'install' | 'uninstall';

export interface PrereqInputs {
  readonly action: Action;
  /** The components asked for, in catalog order. */
  readonly components: readonly Component[];
  readonly source: Source;
  readonly target: KubeTarget;
  /** Where the built-in manifests and values are written before the steps run. */
  readonly workDir: string;
  /** Uninstall: delete CRDs that still have custom resources. */
  readonly force?: boolean;
  /** Install: replace a metrics APIService that is not the adapter's, also outside k3d. */
  readonly replaceMetricsApiService?: boolean;
  /** helm's --wait --timeout and kubectl delete's --timeout. */
  readonly wait: string;
}

/** An installed CRD, as facts.ts reads it. */
export interface CrdFact {
  readonly name: string;
  /** Its version: prometheus-operator's annotation, else afc's label (`v` prefixed), else undefined. */
  readonly version?: string;
  readonly managedByAfc: boolean;
}

/** An existing object of a component. */
export interface ObjectFact {
  readonly managedByAfc: boolean;
}

export interface ReleaseFact {
  readonly name: string;
  readonly namespace: string;
  /** `helm list`'s chart: `<chart>-<version>`. */
  readonly chart: string;
  readonly status?: string;
}

export interface ApiServiceFact {
  /** The helm release that made it (meta.helm.sh/release-name), if any. */
  readonly helmRelease?: string;
  /** Its service, `namespace/name`, or undefined when local. */
  readonly service?: string;
}

/** What the cluster holds, read by read-only queries. Absent means not there; unknown is said so. */
export interface PrereqFacts {
  readonly k3d: boolean;
  readonly namespaces: ReadonlySet<string>;
  /** Installed CRDs of the catalog's sets, by name. */
  readonly crds: ReadonlyMap<string, CrdFact>;
  /** Existing objects of the catalog, by `objectKey`. */
  readonly objects: ReadonlyMap<string, ObjectFact>;
  /** Releases of the catalog's charts in their namespaces, by `namespace/name`. */
  readonly releases: ReadonlyMap<string, ReleaseFact>;
  /** The metrics APIService, when it exists. */
  readonly metricsApiService?: ApiServiceFact;
  /** Custom resources per CRD name (counted only for the CRDs an uninstall would delete). */
  readonly customResources: ReadonlyMap<string, number>;
}

export type PrereqStep = RunStep & { readonly component: string };

export interface PrereqPlan {
  readonly steps: readonly PrereqStep[];
  /** One line per component left alone or kept, and why. */
  readonly notes: readonly string[];
}

export const objectKey = (o: ObjectRef): string => `${o.resource}/${o.namespace ?? ''}/${o.name}`;

/** `v0.72.0` and `0.72.0` compared numerically; undefined when either is not a version. */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string): number[] | undefined => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return 0;
}

/** The chart version of `helm list`'s `chart` field (`prometheus-adapter-2.14.2` → `2.14.2`). */
export function releaseChart(release: ReleaseFact, chart: string): { sameChart: boolean; version: string } {
  const sameChart = release.chart.startsWith(`${chart}-`) && /^v?\d/.test(release.chart.slice(chart.length + 1));
  return { sameChart, version: sameChart ? release.chart.slice(chart.length + 1) : '' };
}

/** Where a pinned manifest is read from. */
export function manifestLocation(m: ManifestSource, source: Source): string {
  return source.kind === 'dir' ? join(source.dir, m.file) : m.url;
}

/** The chart argument and the repository flags of `helm upgrade --install`. */
export function chartLocation(c: ChartComponent, source: Source): string[] {
  if (source.kind === 'dir') return [join(source.dir, `${c.chart.chart}-${c.chart.version}.tgz`)];
  if (source.kind === 'oci') return [`${source.ref.replace(/\/+$/, '')}/${c.chart.chart}`, '--version', c.chart.version];
  return [c.chart.chart, '--repo', c.chart.repo, '--version', c.chart.version];
}

/** The built-in files the steps read: written by the executor into workDir (paths fixed here). */
export const builtinManifestDir = (workDir: string, builtin: 'prometheus' | 'prometheus-ingress'): string => join(workDir, builtin);
export const builtinValuesFile = (workDir: string, name: string): string => join(workDir, `values-${name}.yaml`);

const nsArgs = (o: { namespace?: string }): string[] => (o.namespace ? ['--namespace', o.namespace] : []);

/** The state of a CRD set on the cluster, for install. */
export function crdState(set: CrdSet, facts: PrereqFacts): { kind: 'absent' } | { kind: 'apply'; created: string[] } | { kind: 'keep'; why: string } | { kind: 'current' } {
  const installed = set.names.map((n) => facts.crds.get(n)).filter((c): c is CrdFact => c !== undefined);
  if (installed.length === 0) return { kind: 'absent' };
  const created = set.names.filter((n) => !facts.crds.has(n));
  for (const crd of installed) {
    if (crd.version === undefined) {
      if (crd.managedByAfc) continue;
      return { kind: 'keep', why: `CRD ${crd.name} is installed, not by afc, and its version is unknown: kept (afc never replaces CRDs it cannot date)` };
    }
    const cmp = compareVersions(crd.version, set.version);
    if (cmp === undefined) return { kind: 'keep', why: `CRD ${crd.name} has version "${crd.version}", which afc cannot compare with ${set.version}: kept` };
    if (cmp > 0) return { kind: 'keep', why: `CRD ${crd.name} is at ${crd.version}, newer than ${set.version}: kept (never downgraded)` };
  }
  const older = installed.filter((c) => c.version !== undefined && compareVersions(c.version, set.version)! < 0);
  if (created.length === 0 && older.length === 0 && installed.every((c) => c.version !== undefined)) return { kind: 'current' };
  return { kind: 'apply', created };
}

interface Builder {
  readonly steps: PrereqStep[];
  readonly notes: string[];
  readonly namespaces: Set<string>;
  /** CRD names that exist, or will once the steps before run. */
  readonly crds: Set<string>;
}

function kubectlStep(b: Builder, c: Component, title: string, why: string, args: string[], target: KubeTarget, destroys?: string): void {
  b.steps.push({ kind: 'run', component: c.name, title, why, tool: 'kubectl', args: [...args, ...kubectlTarget(target)], opts: { step: title }, ...(destroys ? { destroys } : {}) });
}

function ensureNamespace(b: Builder, c: Component, target: KubeTarget): void {
  if (b.namespaces.has(c.namespace)) return;
  b.namespaces.add(c.namespace);
  kubectlStep(b, c, `creating namespace ${c.namespace}`, `${c.name} lives there (afc never deletes it)`, ['create', 'namespace', c.namespace], target);
}

function planInstallManifest(b: Builder, c: ManifestComponent, inputs: PrereqInputs, facts: PrereqFacts): void {
  const { target } = inputs;
  if (facts.objects.has(objectKey(c.marker))) {
    b.notes.push(`${c.name}: installed (${c.marker.resource} ${c.marker.namespace ? `${c.marker.namespace}/` : ''}${c.marker.name} exists): nothing to do`);
    if (c.crds) c.crds.names.forEach((n) => b.crds.add(n));
    return;
  }
  let crdsCreated: string[] = [];
  if (c.crds) {
    const state = crdState(c.crds, facts);
    if (state.kind === 'keep') {
      b.notes.push(`${c.name}: not installed: ${state.why}; its manifest holds its CRDs, so install a matching operator yourself`);
      c.crds.names.forEach((n) => b.crds.add(n));
      return;
    }
    crdsCreated = state.kind === 'apply' ? state.created : state.kind === 'absent' ? [...c.crds.names] : [];
  }
  if (c.marker.resource.endsWith('.monitoring.coreos.com') && !b.crds.has(`${c.marker.resource.split('.')[0]}.monitoring.coreos.com`)) {
    throw new AfcError(`${c.name} needs the prometheus-operator CRDs, which are not installed: add prometheus-operator to --only, or install it first`);
  }
  ensureNamespace(b, c, target);
  const file = 'builtin' in c.manifest ? builtinManifestDir(inputs.workDir, c.manifest.builtin) : manifestLocation(c.manifest, inputs.source);
  const existing = c.objects.filter((o) => facts.objects.has(objectKey(o)));
  if (existing.length > 0) {
    b.notes.push(`${c.name}: ${existing.map((o) => `${o.resource} ${o.name}`).join(', ')} exist already: applied over, not labelled (uninstall keeps them)`);
  }
  const created = [
    ...crdsCreated.map((n) => `customresourcedefinition/${n}`),
    ...c.objects.filter((o) => !facts.objects.has(objectKey(o))).map((o) => `${o.resource}/${o.name}`),
  ];
  // kubectl label takes one namespace: the component's objects share it, cluster-scoped ones ignore it.
  kubectlStep(b, c, `applying ${c.name}`, c.description, ['apply', '--server-side', '--field-manager', MANAGED_BY_VALUE, ...nsArgs(c), '-f', file], target);
  if (created.length > 0) {
    kubectlStep(b, c, `labelling what afc created for ${c.name}`, 'uninstall deletes only what carries this label', ['label', '--overwrite', ...nsArgs(c), ...created, `${MANAGED_BY}=${MANAGED_BY_VALUE}`], target);
  }
  c.crds?.names.forEach((n) => b.crds.add(n));
}

function planInstallChart(b: Builder, c: ChartComponent, inputs: PrereqInputs, facts: PrereqFacts): void {
  const { target } = inputs;
  if (c.crds) {
    const state = crdState(c.crds, facts);
    if (state.kind === 'keep') b.notes.push(`${c.name}: ${state.why}`);
    else if (state.kind === 'current') b.notes.push(`${c.name}: its CRDs are installed at ${c.crds.version}`);
    else {
      kubectlStep(b, c, `applying ${c.name}'s CRDs`, `the ${c.crds.version} CRDs, apart from the chart so that helm never deletes them`, ['apply', '--server-side', '--field-manager', MANAGED_BY_VALUE, '-f', manifestLocation(c.crds.manifest, inputs.source)], target);
      // Labelled: those afc creates now and those it installed before (their version label moves on).
      const mine = c.crds.names.filter((n) => !facts.crds.has(n) || facts.crds.get(n)!.managedByAfc).map((n) => `customresourcedefinition/${n}`);
      if (mine.length > 0) {
        kubectlStep(b, c, `labelling ${c.name}'s CRDs`, 'their version, and that uninstall may delete them', ['label', '--overwrite', ...mine, `${MANAGED_BY}=${MANAGED_BY_VALUE}`, `${VERSION_LABEL}=${c.crds.version}`], target);
      }
    }
    c.crds.names.forEach((n) => b.crds.add(n));
  }
  const release = facts.releases.get(`${c.namespace}/${c.release}`);
  if (release) {
    const { sameChart, version } = releaseChart(release, c.chart.chart);
    if (!sameChart) {
      b.notes.push(`${c.name}: release ${c.namespace}/${c.release} exists with chart ${release.chart}, not ${c.chart.chart}: kept`);
      return;
    }
    const cmp = compareVersions(version, c.chart.version);
    if (cmp !== undefined && cmp >= 0) {
      b.notes.push(`${c.name}: release ${c.namespace}/${c.release} is at chart ${version}${cmp > 0 ? `, newer than ${c.chart.version}: kept` : ': nothing to do'}`);
      return;
    }
  }
  if (c.name === 'prometheus-adapter') {
    if (!b.crds.has('servicemonitors.monitoring.coreos.com') && !b.crds.has('prometheuses.monitoring.coreos.com')) {
      b.notes.push(`${c.name}: the prometheus-operator CRDs are not installed: the adapter will find no Prometheus until they are`);
    }
    const api = facts.metricsApiService;
    if (api && api.helmRelease !== c.release) {
      const whose = api.service ? `service ${api.service}` : 'a local service';
      if (!facts.k3d && !inputs.replaceMetricsApiService) {
        throw new AfcError(
          `APIService ${METRICS_APISERVICE} exists (${whose}) and prometheus-adapter would replace it: it is not afc's and this is not a k3d cluster, so afc does not delete it; leave prometheus-adapter out (--only), or allow it with --replace-metrics-apiservice`,
        );
      }
      kubectlStep(
        b,
        c,
        `deleting APIService ${METRICS_APISERVICE}`,
        facts.k3d ? `k3s's metrics-server registered it (${whose}); prometheus-adapter serves it instead` : `--replace-metrics-apiservice (${whose})`,
        ['delete', 'apiservice', METRICS_APISERVICE, '--ignore-not-found'],
        target,
        `APIService ${METRICS_APISERVICE}`,
      );
    }
  }
  const values = (c.builtinValues ?? []).map((v) => builtinValuesFile(inputs.workDir, v));
  const title = `${release ? 'upgrading' : 'installing'} ${c.name}`;
  b.steps.push({
    kind: 'run',
    component: c.name,
    title,
    why: release ? `release ${c.namespace}/${c.release} is at ${release.chart}, older than ${c.chart.version}` : c.description,
    tool: 'helm',
    args: [
      'upgrade', '--install', c.release,
      ...chartLocation(c, inputs.source),
      '--namespace', c.namespace, '--create-namespace',
      ...helmTarget(target),
      ...values.flatMap((v) => ['--values', v]),
      ...(c.settings ?? []).flatMap((s) => ['--set', s]),
      '--wait', '--timeout', inputs.wait,
    ],
    opts: { step: title },
  });
  b.namespaces.add(c.namespace);
}

/** Deletes the labelled CRDs of a set, refusing those with custom resources left unless --force. */
function planDeleteCrds(b: Builder, c: Component, set: CrdSet, inputs: PrereqInputs, facts: PrereqFacts, deletedResources: ReadonlyMap<string, number>): void {
  const ours = set.names.filter((n) => facts.crds.get(n)?.managedByAfc);
  const others = set.names.filter((n) => facts.crds.has(n) && !facts.crds.get(n)!.managedByAfc);
  if (others.length > 0) b.notes.push(`${c.name}: ${others.length} CRD${others.length === 1 ? '' : 's'} not installed by afc kept (${others.join(', ')})`);
  if (ours.length === 0) return;
  const busy = ours
    .map((n) => ({ n, left: (facts.customResources.get(n) ?? 0) - (deletedResources.get(n) ?? 0) }))
    .filter((x) => x.left > 0);
  if (busy.length > 0 && !inputs.force) {
    throw new AfcError(
      `${c.name}: CRD ${busy.map((x) => `${x.n} (${x.left} left)`).join(', ')} still ha${busy.length === 1 ? 's' : 've'} custom resources: delete them first (kubectl get ${busy[0]!.n} -A), or delete them with the CRDs by --force`,
    );
  }
  kubectlStep(
    b,
    c,
    `deleting ${c.name}'s CRDs`,
    busy.length > 0 ? `--force: with their custom resources (${busy.map((x) => `${x.n}: ${x.left}`).join(', ')})` : 'afc installed them and no custom resource is left',
    ['delete', 'customresourcedefinition', ...ours, '--ignore-not-found', '--wait', '--timeout', inputs.wait],
    inputs.target,
    `${c.name}'s CRDs`,
  );
}

function planUninstall(b: Builder, inputs: PrereqInputs, facts: PrereqFacts): void {
  const { target } = inputs;
  // Custom resources the plan deletes itself (the built-in Prometheus), so they do not hold a CRD.
  const deleted = new Map<string, number>();
  for (const c of [...inputs.components].reverse()) {
    if (c.kind === 'chart') {
      const release = facts.releases.get(`${c.namespace}/${c.release}`);
      if (!release) b.notes.push(`${c.name}: no release ${c.namespace}/${c.release}`);
      else if (!releaseChart(release, c.chart.chart).sameChart) b.notes.push(`${c.name}: release ${c.namespace}/${c.release} is chart ${release.chart}, not ${c.chart.chart}: kept`);
      else {
        b.steps.push({
          kind: 'run',
          component: c.name,
          title: `uninstalling ${c.name}`,
          why: `release ${c.namespace}/${c.release} (${release.chart})`,
          tool: 'helm',
          args: ['uninstall', c.release, '--namespace', c.namespace, ...helmTarget(target), '--wait', '--timeout', inputs.wait],
          opts: { step: `uninstalling ${c.name}` },
          destroys: `release ${c.namespace}/${c.release}`,
        });
      }
    } else {
      const ours = c.objects.filter((o) => facts.objects.get(objectKey(o))?.managedByAfc);
      const others = c.objects.filter((o) => facts.objects.has(objectKey(o)) && !facts.objects.get(objectKey(o))!.managedByAfc);
      if (others.length > 0) b.notes.push(`${c.name}: ${others.map((o) => `${o.resource} ${o.name}`).join(', ')} not created by afc: kept`);
      if (ours.length === 0 && others.length === 0 && !c.crds?.names.some((n) => facts.crds.has(n))) b.notes.push(`${c.name}: not installed`);
      for (const namespaced of [true, false]) {
        const group = ours.filter((o) => (o.namespace !== undefined) === namespaced);
        if (group.length === 0) continue;
        kubectlStep(
          b,
          c,
          `deleting ${c.name}${namespaced ? '' : "'s cluster-wide objects"}`,
          'afc created them (labelled)',
          ['delete', ...group.map((o) => `${o.resource}/${o.name}`), ...(namespaced ? ['--namespace', group[0]!.namespace!] : []), '--ignore-not-found', '--wait', '--timeout', inputs.wait],
          target,
          group.map((o) => `${o.resource} ${o.name}`).join(', '),
        );
        for (const o of group) {
          if (o.resource.includes('.')) deleted.set(o.resource, (deleted.get(o.resource) ?? 0) + 1);
        }
      }
    }
    if (c.crds) planDeleteCrds(b, c, c.crds, inputs, facts, deleted);
  }
}

/** The plan: pure; refusals are AfcErrors thrown before any step. */
export function planPrerequisites(inputs: PrereqInputs, facts: PrereqFacts): PrereqPlan {
  const b: Builder = { steps: [], notes: [], namespaces: new Set(facts.namespaces), crds: new Set(facts.crds.keys()) };
  if (inputs.action === 'install') {
    for (const c of inputs.components) {
      if (c.kind === 'manifest') planInstallManifest(b, c, inputs, facts);
      else planInstallChart(b, c, inputs, facts);
    }
  } else {
    planUninstall(b, inputs, facts);
    if (inputs.components.some((c) => facts.namespaces.has(c.namespace) && c.namespace !== 'default')) {
      b.notes.push(`namespaces ${[...new Set(inputs.components.map((c) => c.namespace))].filter((n) => n !== 'default' && facts.namespaces.has(n)).join(', ')} kept (afc never deletes a namespace)`);
    }
  }
  return { steps: b.steps, notes: b.notes };
}

/** The components of `--only` (names comma-separated, ours or upstream's), in catalog order; all when undefined. */
export function selectComponents(only: readonly string[] | undefined, lookup: (name: string) => Component | undefined): Component[] {
  if (only === undefined || only.length === 0) return [...COMPONENTS];
  const wanted = new Set<string>();
  for (const name of only.flatMap((o) => o.split(',')).filter((n) => n.trim() !== '')) {
    const c = lookup(name);
    if (!c) throw new AfcError(`--only "${name}" is not a prerequisite: use ${COMPONENTS.map((x) => x.name).join(', ')}`);
    wanted.add(c.name);
  }
  return COMPONENTS.filter((c) => wanted.has(c.name));
}
