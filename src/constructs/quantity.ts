import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';

type QuantityMap = Record<string, string | number>;

const toQuantities = (m: QuantityMap | undefined): Record<string, k8s.Quantity> | undefined =>
  m === undefined
    ? undefined
    : Object.fromEntries(
        Object.entries(m).map(([k, v]) => [k, typeof v === 'number' ? k8s.Quantity.fromNumber(v) : k8s.Quantity.fromString(v)]),
      );

/** Chart-values resources (`requests`/`limits` maps of plain quantities) as the generated k8s type. */
export function toResourceRequirements(r: Readonly<Record<string, unknown>> | undefined): k8s.ResourceRequirements | undefined {
  if (r === undefined) return undefined;
  return {
    requests: toQuantities(r.requests as QuantityMap | undefined),
    limits: toQuantities(r.limits as QuantityMap | undefined),
  };
}
