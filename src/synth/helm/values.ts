/**
 * values.yaml and values.schema.json of the generated chart: the runtime values only, at the original
 * chart's paths, with the synthesized values as defaults. Anything else in a `--set` is rejected by the
 * schema (it was fixed at synth time: re-synthesize with `afc synth --set` instead).
 */
import { z } from 'zod';
import {
  catalog,
  COMPONENT_KEYS,
  isEnabled,
  schemas,
  mergedComponent,
  type ComponentKey,
  type Values,
} from '../../model/index.js';

/** Component fields that stay values in the chart. */
export const RUNTIME_COMPONENT_FIELDS = [
  'imageTag',
  'imageRepositoryKeyOverride',
  'imagePullPolicy',
  'serviceType',
  'initialReplicas',
] as const;

const runtimeComponentSchema = (): z.ZodType => {
  const { componentSchema, hpaSchema } = schemas();
  return componentSchema
    .pick({ imageTag: true, imageRepositoryKeyOverride: true, imagePullPolicy: true, serviceType: true, initialReplicas: true })
    .extend({ hpa: hpaSchema.pick({ minReplicas: true, maxReplicas: true }).optional().describe('Autoscaler bounds') });
};

/** Components that the chart renders (and so may take runtime values): a monitor-only one has no runtime fields. */
export function chartComponents(values: Values): ComponentKey[] {
  return COMPONENT_KEYS.filter((c) => isEnabled(values, c) && catalog[c].kind !== 'monitor-only');
}

export function runtimeValuesSchema(values: Values): z.ZodType {
  const component = runtimeComponentSchema();
  const components = Object.fromEntries(['default', ...chartComponents(values)].map((c) => [c, component.optional()]));
  return z.strictObject({
    imageRepositories: z.record(z.string(), schemas().imageRepositorySchema).optional().describe('Image repositories by key'),
    components: z.strictObject(components).optional().describe('Runtime values per component; components.default applies where a component sets none'),
    networkPolicies: z
      .strictObject({ enabled: z.boolean().optional().describe('Render the NetworkPolicies of the dependency graph') })
      .optional()
      .describe('NetworkPolicies (egress and the graph were fixed by afc synth)'),
  });
}

/** The runtime projection of merged values: what values.yaml holds. */
export function runtimeValues(values: Values): Record<string, unknown> {
  const pick = (c: Record<string, unknown> | undefined): Record<string, unknown> =>
    Object.fromEntries(RUNTIME_COMPONENT_FIELDS.filter((f) => c?.[f] !== undefined && c?.[f] !== null).map((f) => [f, c![f]]));
  const components: Record<string, unknown> = { default: pick(values.components?.default) };
  for (const c of chartComponents(values)) {
    const own = pick(values.components?.[c]);
    const hpa = mergedComponent(values, c).hpa;
    if (hpa) own.hpa = { minReplicas: hpa.minReplicas ?? 1, maxReplicas: hpa.maxReplicas };
    components[c] = own;
  }
  const imageRepositories = Object.fromEntries(
    Object.entries(values.imageRepositories ?? {}).map(([k, r]) => [k, { path: r.path ?? null, pullSecrets: r.pullSecrets ?? [] }]),
  );
  return { imageRepositories, components, networkPolicies: { enabled: values.networkPolicies?.enabled ?? false } };
}

/** JSON Schema (draft-07, what Helm validates) of the runtime values. */
export function runtimeJsonSchema(values: Values): Record<string, unknown> {
  return z.toJSONSchema(runtimeValuesSchema(values), { target: 'draft-7' }) as Record<string, unknown>;
}
