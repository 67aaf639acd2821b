/** The Secrets and ConfigMaps a workload's pods need (pure; used by preflight.ts and secrets.ts). */
import { describeObject, isMap, type K8sObject, type Obj } from '../kit/objects.js';

export interface Ref {
  readonly kind: 'Secret' | 'ConfigMap';
  readonly name: string;
  readonly user: string;
}

const podSpecOf = (o: K8sObject): Obj | undefined => {
  const t = isMap(o.spec) && isMap(o.spec.template) ? o.spec.template : undefined;
  return t && isMap(t.spec) ? t.spec : undefined;
};

/** Secrets and ConfigMaps a workload's pods need (volumes, env, envFrom), optional ones left out. */
export function podReferences(o: K8sObject): Ref[] {
  const spec = podSpecOf(o);
  if (!spec) return [];
  const user = describeObject(o);
  const refs: Ref[] = [];
  const add = (kind: Ref['kind'], src: unknown, key: 'name' | 'secretName'): void => {
    if (isMap(src) && typeof src[key] === 'string' && src.optional !== true) refs.push({ kind, name: src[key], user });
  };
  for (const v of (spec.volumes as Obj[] | undefined) ?? []) {
    add('Secret', v.secret, 'secretName');
    add('ConfigMap', v.configMap, 'name');
    const projected = isMap(v.projected) ? ((v.projected.sources as Obj[] | undefined) ?? []) : [];
    for (const s of projected) {
      add('Secret', s.secret, 'name');
      add('ConfigMap', s.configMap, 'name');
    }
  }
  const containers = [...((spec.initContainers as Obj[] | undefined) ?? []), ...((spec.containers as Obj[] | undefined) ?? [])];
  for (const c of containers) {
    for (const e of (c.envFrom as Obj[] | undefined) ?? []) {
      add('Secret', e.secretRef, 'name');
      add('ConfigMap', e.configMapRef, 'name');
    }
    for (const e of (c.env as Obj[] | undefined) ?? []) {
      const from = isMap(e.valueFrom) ? e.valueFrom : undefined;
      if (from) {
        add('Secret', from.secretKeyRef, 'name');
        add('ConfigMap', from.configMapKeyRef, 'name');
      }
    }
  }
  return refs;
}

