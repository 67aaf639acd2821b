/**
 * The pod template shared by Deployments and StatefulSets, from their props: one container, envFrom the
 * ConfigMaps given, its ports, resources, volumes; service account, security context and image pull
 * secrets only when set (in the pod spec, where Kubernetes reads them).
 */
import type * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Construct } from 'constructs';
import { placeholdersOf } from './params.js';
import { toResourceRequirements } from './quantity.js';
import type { AfcWorkloadProps } from './workload.js';

export interface PodTemplateOptions {
  /**
   * Extra volume mounts of the container (the StatefulSet's claim template).
   * @default - none
   */
  readonly extraMounts?: readonly k8s.VolumeMount[];
}

/** The free-form parts of the pod template, by JSON pointer into the workload (see raw.ts). */
export function podTemplateFragments(scope: Construct, props: AfcWorkloadProps): Record<string, unknown> {
  const volumes = props.volumes ?? [];
  return {
    '/spec/template/spec/securityContext': props.podSecurityContext,
    '/spec/template/spec/containers/0/securityContext': props.containerSecurityContext,
    '/spec/template/spec/imagePullSecrets': props.imagePullSecrets === undefined ? undefined : placeholdersOf(scope).json(props.imagePullSecrets),
    '/spec/template/spec/volumes': volumes.length > 0 ? volumes.map((v) => ({ name: v.name, ...v.source })) : undefined,
    '/spec/template/spec/containers/0/livenessProbe': props.livenessProbe,
    '/spec/template/spec/containers/0/readinessProbe': props.readinessProbe,
    '/spec/template/spec/containers/0/startupProbe': props.startupProbe,
  };
}

/** The pod template of a workload: labels, the pod spec and its one container. */
export function podTemplate(scope: Construct, props: AfcWorkloadProps, labels: Readonly<Record<string, string>>, opts: PodTemplateOptions = {}): k8s.PodTemplateSpec {
  const params = placeholdersOf(scope);
  const ports = props.ports ?? [];
  const env = props.envFrom ?? [];
  const mounts = [
    ...(props.volumes ?? []).map((v) => ({ name: v.name, mountPath: v.mountPath, readOnly: v.readOnly })),
    ...(opts.extraMounts ?? []),
  ];
  const container: k8s.Container = {
    name: props.name,
    image: params.string(props.image),
    imagePullPolicy: props.imagePullPolicy === undefined ? undefined : params.string(props.imagePullPolicy),
    env: props.env !== undefined && props.env.length > 0 ? props.env.map((e) => ({ name: e.name, value: e.value })) : undefined,
    envFrom: env.length > 0 ? env.map((cm) => ({ configMapRef: { name: cm.name } })) : undefined,
    ports: ports.length > 0 ? ports.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })) : undefined,
    resources: toResourceRequirements(props.resources),
    volumeMounts: mounts.length > 0 ? mounts : undefined,
  };
  return {
    metadata: { labels: { ...labels } },
    spec: {
      serviceAccountName: props.serviceAccountName,
      automountServiceAccountToken: props.automountServiceAccountToken,
      containers: [container],
    },
  };
}
