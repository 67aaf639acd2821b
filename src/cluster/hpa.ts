/**
 * Never fight the autoscaler. The synth output keeps `replicas` on the Deployment an HPA scales (as the
 * original chart did, so plain output stays byte-identical), but what `afc apply` sends leaves
 * `spec.replicas` out for every Deployment a HorizontalPodAutoscaler of the release targets, as the
 * Kubernetes docs advise for HPAs under server-side apply. When the live object's `spec.replicas` is
 * still owned by afc (an earlier apply of the full output), ownership is first handed over to the
 * field manager `afc-hpa-handover` with the live value, so that dropping the field does not reset it.
 */
import type { K8sObject, Obj } from '../kit/objects.js';
import { isMap } from '../kit/objects.js';

export const HANDOVER_MANAGER = 'afc-hpa-handover';

/** `Deployment/<namespace>/<name>` of each Deployment an HPA among `objects` scales. */
export function hpaTargets(objects: readonly K8sObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const o of objects) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    const ref = (o.spec as Obj | undefined)?.scaleTargetRef as Obj | undefined;
    if (ref && ref.kind === 'Deployment' && typeof ref.name === 'string') out.set(`Deployment/${o.metadata.namespace ?? ''}/${ref.name}`, o.metadata.name);
  }
  return out;
}

const targetKey = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** The HPA scaling this object, if it is an HPA-targeted Deployment. */
export function scalingHpa(o: K8sObject, targets: ReadonlyMap<string, string>): string | undefined {
  return o.apiVersion === 'apps/v1' ? targets.get(targetKey(o)) : undefined;
}

/** What `afc apply` sends: the objects, with `spec.replicas` removed from HPA-targeted Deployments. */
export function applyPayload(objects: readonly K8sObject[]): K8sObject[] {
  const targets = hpaTargets(objects);
  return objects.map((o) => {
    if (!scalingHpa(o, targets) || !isMap(o.spec) || !('replicas' in o.spec)) return o;
    const { replicas: _replicas, ...spec } = o.spec;
    return { ...o, spec };
  });
}

/** Whether a managedFields entry list gives `manager` ownership of `spec.replicas`. */
export function ownsReplicas(managedFields: unknown, manager: string): boolean {
  if (!Array.isArray(managedFields)) return false;
  return managedFields.some((e: Obj) => e.manager === manager && isMap(e.fieldsV1) && isMap(e.fieldsV1['f:spec']) && 'f:replicas' in e.fieldsV1['f:spec']);
}

/** The manifest that hands `spec.replicas` of a live Deployment over (applied by HANDOVER_MANAGER). */
export function handoverManifest(live: K8sObject): K8sObject {
  return {
    apiVersion: live.apiVersion,
    kind: live.kind,
    metadata: { name: live.metadata.name, ...(live.metadata.namespace ? { namespace: live.metadata.namespace } : {}) },
    spec: { replicas: (live.spec as Obj | undefined)?.replicas ?? 1 },
  };
}
