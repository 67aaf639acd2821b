/**
 * `afc synth --format helm` for a version of the 1.0.x model: the same chart layout as fc912b4a's
 * (index.ts), its runtime values at upstream's 1.0.x paths - components.<key>.imageTag,
 * imageRepositoryKeyOverride, imagePullPolicy, initialReplicas, service.type, hpa.minReplicas /
 * maxReplicas, and imageRepositories - so `--set` lines written for upstream's chart keep working.
 * values.yaml holds no null (Helm >= 4.2 drops the null keys of a chart's own values).
 */
import { AfcError } from '../../errors.js';
import { z } from 'zod';
import type { OpenafcModelVersion } from '../../../platforms/versions.js';
import { Guard, HelmExpr, type Runtime } from '../../model/index.js';
import { mergedOpenafcComponent } from '../../model/openafc/env.js';
import { OPENAFC_INT_APP, type OpenafcAppModel } from '../../model/openafc/apps.js';
import { openafcEnabled, resolveOpenafcApp } from '../../model/openafc/resolve.js';
import { openafcSchemas, type OpenafcValues } from '../../model/openafc/schema.js';
import { appModelOf } from '../../../platforms/ext-versions.js';
import { synthRuntimeObjects } from '../objects.js';
import { openafcValues, releaseName, type SynthOptions } from '../plain.js';
import { fieldExpr } from './runtime.js';

const q = (s: string): string => JSON.stringify(s);

/** The helper the 1.0.x chart adds: a component's service.type, else components.default's. */
export const OPENAFC_HELPERS_TPL = `
{{/* The Service type of a component (1.0.x paths): components.<c>.service.type, else components.default's. */}}
{{- define "afc.serviceType" -}}
{{- $root := index . 0 -}}
{{- $comp := (index $root.Values.components (index . 1) | default dict).service | default dict -}}
{{- $default := $root.Values.components.default.service | default dict -}}
{{- if hasKey $comp "type" -}}{{ $comp.type }}{{- else if hasKey $default "type" -}}{{ $default.type }}{{- end -}}
{{- end -}}
`;

const serviceTypeExpr = (c: string): string => `include "afc.serviceType" (list $ ${q(c)})`;

/** The Runtime of the 1.0.x chart. */
export function openafcHelmRuntime(values: OpenafcValues): Runtime {
  const repoKey = (c: string): string => mergedOpenafcComponent(values, c)?.imageRepositoryKey ?? '';
  return {
    image: (c, i) => HelmExpr.value(`include "afc.image" (list $ ${q(c)} ${q(repoKey(c))} ${q(i.name)}) | quote`),
    imagePullPolicy: (c) => HelmExpr.value(`${fieldExpr(c, 'imagePullPolicy')} | quote`),
    replicas: (c) => HelmExpr.value(`${fieldExpr(c, 'initialReplicas')}`),
    serviceType: (c) => HelmExpr.value(`${serviceTypeExpr(c)} | quote`),
    nodePort: (c, _type, n) => HelmExpr.line(`eq (${serviceTypeExpr(c)}) "NodePort"`, String(n)),
    existsWhenServiceType: (c, _type, required) => new Guard(`eq (${serviceTypeExpr(c)}) ${q(required)}`),
    imagePullSecrets: (c) => HelmExpr.block(`include "afc.pullSecrets" (list $ ${q(c)} ${q(repoKey(c))})`),
    networkPolicies: () => false,
    networkExposure: () => false,
    hpaMinReplicas: (c) => HelmExpr.value(`include "afc.hpa" (list $ ${q(c)} "minReplicas" 1)`),
    hpaMaxReplicas: (c) => HelmExpr.value(`include "afc.hpa" (list $ ${q(c)} "maxReplicas" 1)`),
    releaseLabels: {
      instance: HelmExpr.line('ne $.Release.Name "release-name"', '{{ $.Release.Name | quote }}'),
      managedBy: HelmExpr.value('$.Release.Service | quote'),
      chart: HelmExpr.value('printf "%s-%s" $.Chart.Name $.Chart.Version | replace "+" "_" | quote'),
      version: HelmExpr.value('$.Chart.AppVersion | quote'),
    },
  };
}

/** Components of `app` that take runtime values (enabled, not monitor-only). */
const chartComponents = (values: OpenafcValues, app: OpenafcAppModel): string[] =>
  app.componentKeys.filter((c) => openafcEnabled(values, c, app.catalog) && app.catalog[c]!.kind !== 'monitor-only');

/** The runtime values' schema of a 1.0.x chart of `app` (default afc-int). */
export function openafcRuntimeSchema(values: OpenafcValues, app: OpenafcAppModel = OPENAFC_INT_APP): z.ZodType {
  const { component } = openafcSchemas();
  const shape = component.shape;
  const runtimeComponent = z.strictObject({
    imageTag: shape.imageTag,
    imageRepositoryKeyOverride: shape.imageRepositoryKeyOverride,
    imagePullPolicy: shape.imagePullPolicy,
    initialReplicas: shape.initialReplicas,
    service: z.strictObject({ type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).optional().describe('Service type') }).optional().describe('The Service'),
    hpa: z.strictObject({ minReplicas: z.number().int().min(1).optional(), maxReplicas: z.number().int().min(1).optional() }).optional().describe('Autoscaler bounds'),
  });
  const components = Object.fromEntries(['default', ...chartComponents(values, app)].map((c) => [c, runtimeComponent.optional()]));
  return z.strictObject({
    imageRepositories: z
      .record(z.string(), z.strictObject({ path: z.string().optional().describe('Repository path'), pullSecrets: z.array(z.string()).optional().describe('Image pull secrets') }))
      .optional()
      .describe('Image repositories by key'),
    components: z.strictObject(components).optional().describe('Runtime values per component; components.default applies where a component sets none'),
  });
}

/** What values.yaml of a 1.0.x chart of `app` (default afc-int) holds: the runtime projection of the merged values, without null. */
export function openafcRuntimeValues(values: OpenafcValues, app: OpenafcAppModel = OPENAFC_INT_APP): Record<string, unknown> {
  const pick = (key: string): Record<string, unknown> => {
    const c = (values.components as Record<string, Record<string, unknown> | undefined> | undefined)?.[key] ?? {};
    const out: Record<string, unknown> = {};
    for (const f of ['imageTag', 'imageRepositoryKeyOverride', 'imagePullPolicy', 'initialReplicas'] as const) if (c[f] !== undefined && c[f] !== null) out[f] = c[f];
    const type = (c.service as { type?: string } | undefined)?.type;
    if (type !== undefined) out.service = { type };
    return out;
  };
  const components: Record<string, unknown> = { default: pick('default') };
  for (const c of chartComponents(values, app)) {
    const own = pick(c);
    const hpa = mergedOpenafcComponent(values, c)?.hpa;
    if (hpa) own.hpa = { minReplicas: hpa.minReplicas ?? 1, ...(hpa.maxReplicas === undefined ? {} : { maxReplicas: hpa.maxReplicas }) };
    components[c] = own;
  }
  const imageRepositories = Object.fromEntries(
    Object.entries(values.imageRepositories ?? {}).map(([k, r]) => [k, { ...(r.path ? { path: r.path } : {}), pullSecrets: r.pullSecrets ?? [] }]),
  );
  return { imageRepositories, components };
}

/** The objects, runtime values and schema of a 1.0.x chart; `warn` receives the synth's warnings. */
export function openafcChartParts(opts: SynthOptions, version: OpenafcModelVersion) {
  releaseName(opts);
  const app = appModelOf(version);
  const { values, warnings } = openafcValues(opts, version);
  if (values.networkPolicies?.enabled && app.app === 'afc-int') {
    throw new AfcError(`networkPolicies.enabled: the chart output of OpenAFC ${version.id} renders no NetworkPolicies (its chart has no such switch): use the plain output (drop --format helm), or drop networkPolicies.enabled`);
  }
  const synthesized = synthRuntimeObjects(resolveOpenafcApp(values, openafcHelmRuntime(values), warnings, app));
  for (const w of warnings) opts.warn?.(w);
  const schema = z.toJSONSchema(openafcRuntimeSchema(values, app), { target: 'draft-7' }) as Record<string, unknown>;
  return { chart: values.chart!, synthesized, runtime: openafcRuntimeValues(values, app), schema };
}
