/**
 * What `afc prerequisites` reads from the cluster before planning, all read-only (they run in --dry-run
 * too): the namespaces, the catalog's CRDs (their version marks and afc's label), the catalog's objects,
 * the releases in the components' namespaces, the metrics APIService and, for an uninstall, how many
 * custom resources each CRD afc would delete still has. Rights: get/list of those kinds.
 */
import { z } from 'zod';
import type { Exec } from '../../kit/exec.js';
import { kubectlTarget, helmTarget, type KubeTarget } from '../../kit/context.js';
import { parseAnswer } from '../../kit/answer.js';
import { K3D_PREFIX } from '../../kit/context.js';
import { MANAGED_BY, MANAGED_BY_VALUE, METRICS_APISERVICE, PROMETHEUS_OPERATOR_VERSION_ANNOTATION, VERSION_LABEL, type Component } from './catalog.js';
import { objectKey, type Action, type ApiServiceFact, type CrdFact, type ObjectFact, type PrereqFacts, type ReleaseFact } from './plan.js';

const meta = z.looseObject({
  name: z.string(),
  namespace: z.string().nullish(),
  labels: z.record(z.string(), z.string()).nullish(),
  annotations: z.record(z.string(), z.string()).nullish(),
});
const item = z.looseObject({ kind: z.string().nullish(), metadata: meta, spec: z.looseObject({}).nullish() });
const list = z.looseObject({ items: z.array(item).nullish() });
type Item = z.infer<typeof item>;

/** kubectl's answer as items: a List, one object, or nothing (`--ignore-not-found` found none). */
function items(text: string, command: string): Item[] {
  if (text.trim() === '') return [];
  const doc = parseAnswer(text, z.union([list, item]), command);
  return 'items' in doc && Array.isArray(doc.items) ? doc.items : [doc as Item];
}

const afcLabelled = (i: Item): boolean => i.metadata.labels?.[MANAGED_BY] === MANAGED_BY_VALUE;

export function crdFact(i: Item): CrdFact {
  const annotated = i.metadata.annotations?.[PROMETHEUS_OPERATOR_VERSION_ANNOTATION];
  const labelled = i.metadata.labels?.[VERSION_LABEL];
  const managedByAfc = afcLabelled(i);
  return {
    name: i.metadata.name,
    ...(annotated ? { version: `v${annotated.replace(/^v/, '')}` } : labelled && managedByAfc ? { version: labelled } : {}),
    managedByAfc,
  };
}

const releaseSchema = z.array(z.looseObject({ name: z.string(), namespace: z.string(), chart: z.string(), status: z.string().nullish() }));

export async function gatherPrereqFacts(exec: Exec, target: KubeTarget, components: readonly Component[], action: Action): Promise<PrereqFacts> {
  const k = kubectlTarget(target);
  const nsText = await exec.query('kubectl', ['get', 'namespaces', '-o', 'json', ...k]);
  const namespaces = new Set(items(nsText, 'kubectl get namespaces -o json').map((i) => i.metadata.name));

  // The components' CRDs, and those whose kinds their objects are (prometheus's Prometheus).
  const crdNames = [
    ...components.flatMap((c) => c.crds?.names ?? []),
    ...components.flatMap((c) => (c.kind === 'manifest' ? [...c.objects, c.marker] : [])).map((o) => o.resource).filter((r) => r.includes('.')),
  ];
  const crds = new Map<string, CrdFact>();
  if (crdNames.length > 0) {
    // Every CRD at once (a List whatever matches), keeping the catalog's; only their metadata is used.
    const text = await exec.query('kubectl', ['get', 'customresourcedefinitions', '-o', 'json', ...k]);
    for (const i of items(text, 'kubectl get customresourcedefinitions -o json')) if (crdNames.includes(i.metadata.name)) crds.set(i.metadata.name, crdFact(i));
  }

  const objects = new Map<string, ObjectFact>();
  for (const c of components) {
    if (c.kind !== 'manifest') continue;
    const refs = [...c.objects, ...(c.objects.some((o) => objectKey(o) === objectKey(c.marker)) ? [] : [c.marker])];
    // A CRD-backed kind is asked only when its CRD exists (else kubectl fails on the unknown kind).
    const askable = refs.filter((o) => !o.resource.includes('.') || crds.has(o.resource));
    for (const namespaced of [true, false]) {
      const group = askable.filter((o) => (o.namespace !== undefined) === namespaced);
      if (group.length === 0) continue;
      if (namespaced && !namespaces.has(group[0]!.namespace!)) continue;
      const text = await exec.query('kubectl', ['get', ...group.map((o) => `${o.resource}/${o.name}`), ...(namespaced ? ['--namespace', group[0]!.namespace!] : []), '--ignore-not-found', '-o', 'json', ...k]);
      for (const i of items(text, `kubectl get ${group.map((o) => `${o.resource}/${o.name}`).join(' ')}`)) {
        const ref = group.find((o) => o.name === i.metadata.name && (i.kind === undefined || i.kind === null || kindMatches(o.resource, i.kind)));
        if (ref) objects.set(objectKey(ref), { managedByAfc: afcLabelled(i) });
      }
    }
  }

  const releases = new Map<string, ReleaseFact>();
  for (const ns of [...new Set(components.filter((c) => c.kind === 'chart').map((c) => c.namespace))]) {
    if (!namespaces.has(ns)) continue;
    const text = await exec.query('helm', ['list', '--namespace', ns, '-o', 'json', ...helmTarget(target)]);
    for (const r of parseAnswer(text.trim() === '' ? '[]' : text, releaseSchema, `helm list --namespace ${ns} -o json`)) {
      releases.set(`${r.namespace}/${r.name}`, { name: r.name, namespace: r.namespace, chart: r.chart, ...(r.status ? { status: r.status } : {}) });
    }
  }

  let metricsApiService: ApiServiceFact | undefined;
  if (action === 'install' && components.some((c) => c.name === 'prometheus-adapter')) {
    const text = await exec.query('kubectl', ['get', 'apiservice', METRICS_APISERVICE, '--ignore-not-found', '-o', 'json', ...k]);
    const found = items(text, `kubectl get apiservice ${METRICS_APISERVICE}`)[0];
    if (found) {
      const svc = (found.spec as { service?: { namespace?: string; name?: string } | null } | null | undefined)?.service;
      const release = found.metadata.annotations?.['meta.helm.sh/release-name'];
      metricsApiService = { ...(release ? { helmRelease: release } : {}), ...(svc?.name ? { service: `${svc.namespace ?? ''}/${svc.name}` } : {}) };
    }
  }

  const customResources = new Map<string, number>();
  if (action === 'uninstall') {
    for (const crd of [...crds.values()].filter((c) => c.managedByAfc)) {
      const text = await exec.query('kubectl', ['get', crd.name, '--all-namespaces', '-o', 'name', ...k]);
      customResources.set(crd.name, text.split('\n').filter((l) => l.trim() !== '').length);
    }
  }

  return { k3d: target.cluster.startsWith(K3D_PREFIX), namespaces, crds, objects, releases, ...(metricsApiService ? { metricsApiService } : {}), customResources };
}

/** Whether kubectl's `kind` is the resource asked for (`deployment` ↔ Deployment, `prometheuses.monitoring.coreos.com` ↔ Prometheus). */
function kindMatches(resource: string, kind: string): boolean {
  const r = resource.split('.')[0]!;
  const k = kind.toLowerCase();
  return r === k || r === `${k}s` || r === `${k}es`;
}
