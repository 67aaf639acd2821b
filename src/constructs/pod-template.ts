/**
 * The pod template shared by Deployments and StatefulSets: one container, envFrom the component's
 * ConfigMaps, its ports, resources, static volumes; service account, security context and image pull
 * secrets only when set (in the pod spec, where Kubernetes reads them).
 */
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Construct } from 'constructs';
import type { ResolvedComponent } from '../model/index.js';
import type { AfcConfigMap } from './config-map.js';
import type { ReleaseLabelSet } from './labels.js';
import { placeholdersOf } from './params.js';
import { toResourceRequirements } from './quantity.js';

export interface PodTemplateOptions {
  /**
   * Extra volume mounts of the container (the StatefulSet's claim template).
   * @default - none
   */
  readonly extraMounts?: readonly k8s.VolumeMount[];
}

/** The ConfigMaps a component loads, as objects; a missing one is a bug caught by validation first. */
export function envSources(component: ResolvedComponent, configMaps: ReadonlyMap<string, AfcConfigMap>): AfcConfigMap[] {
  return component.envFrom.map((name) => {
    const cm = configMaps.get(name);
    if (!cm) throw new Error(`component "${component.key}" loads ConfigMap "${name}", which was not built`);
    return cm;
  });
}

/** The free-form parts of the pod template, by JSON pointer into the workload (see raw.ts). */
export function podTemplateFragments(scope: Construct, c: ResolvedComponent): Record<string, unknown> {
  return {
    '/spec/template/spec/securityContext': c.podSecurityContext,
    '/spec/template/spec/containers/0/securityContext': c.containerSecurityContext,
    '/spec/template/spec/imagePullSecrets': c.imagePullSecrets === undefined ? undefined : placeholdersOf(scope).json(c.imagePullSecrets),
    '/spec/template/spec/volumes': c.volumes.length > 0 ? c.volumes.map((v) => ({ name: v.name, ...v.source })) : undefined,
    '/spec/template/spec/containers/0/livenessProbe': c.probes.liveness,
    '/spec/template/spec/containers/0/readinessProbe': c.probes.readiness,
    '/spec/template/spec/containers/0/startupProbe': c.probes.startup,
  };
}

export function podTemplate(
  scope: Construct,
  labels: ReleaseLabelSet,
  c: ResolvedComponent,
  env: readonly AfcConfigMap[],
  opts: PodTemplateOptions = {},
): k8s.PodTemplateSpec {
  const params = placeholdersOf(scope);
  const containerPorts = c.ports.filter((p) => p.containerPort !== undefined);
  const mounts = [...c.volumes.map((v) => ({ name: v.name, mountPath: v.mountPath, readOnly: v.readOnly })), ...(opts.extraMounts ?? [])];
  const container: k8s.Container = {
    name: c.name,
    image: params.string(c.image),
    imagePullPolicy: params.string(c.imagePullPolicy),
    envFrom: env.length > 0 ? env.map((cm) => ({ configMapRef: { name: cm.name } })) : undefined,
    ports:
      containerPorts.length > 0
        ? containerPorts.map((p) => ({ name: p.name, containerPort: p.containerPort!, protocol: 'TCP' }))
        : undefined,
    resources: toResourceRequirements(c.resources),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
  };
  return {
    metadata: { labels: labels.object(c.name) },
    spec: {
      serviceAccountName: c.serviceAccount,
      automountServiceAccountToken: c.automountServiceAccountToken,
      containers: [container],
    },
  };
}
