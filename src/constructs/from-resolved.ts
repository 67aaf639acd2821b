/**
 * From the resolved app to the props of each construct: the one place that knows both shapes. The
 * constructs take what they render (names, labels, image, ports, env sources, condition); `AfcChart`
 * calls these and wires the constructs together.
 */
import type { ResolvedApp, ResolvedComponent, ResolvedConfigMap, ResolvedExternalSecret, ResolvedIngress, ResolvedNetworkPolicies, ResolvedSecretStore, ResolvedService, ResolvedVolumeClaim } from '../model/index.js';
import type { AfcExternalSecretProps, ExternalSecretsApiVersion, SecretStoreRef } from './external-secret.js';
import type { AfcIngressProps, IngressBackend } from './ingress.js';
import type { AfcSecretStoreProps } from './secret-store.js';
import type { AfcConfigMapProps } from './config-map.js';
import type { AfcHorizontalPodAutoscalerProps } from './horizontal-pod-autoscaler.js';
import type { ReleaseLabelSet, ReleaseLabelSetProps } from './labels.js';
import type { AfcNetworkPoliciesProps } from './network-policy.js';
import type { AfcPersistentVolumeClaimProps } from './persistent-volume-claim.js';
import type { AfcPodMonitorProps } from './pod-monitor.js';
import type { AfcServiceMonitorProps } from './service-monitor.js';
import type { AfcServiceProps } from './service.js';
import type { AfcStatefulSetProps } from './stateful-set.js';
import type { AfcWorkloadProps, EnvSource, PodSelector, Workload } from './workload.js';

/** The release's label values: the app's name and the release-dependent labels. */
export function releaseLabelSetProps(app: Pick<ResolvedApp, 'appName' | 'releaseLabels'>): ReleaseLabelSetProps {
  const { instance, managedBy, chart, version } = app.releaseLabels;
  return { appName: app.appName, instance, managedBy, chart, version };
}

/** An env ConfigMap, labelled for the release (no component). */
export function configMapProps(cm: ResolvedConfigMap, labels: ReleaseLabelSet): AfcConfigMapProps {
  return { name: cm.name, labels: labels.object(), data: cm.data };
}

/** The ConfigMaps a component loads, as objects; a missing one is a bug caught by validation first. */
export function envSources<T extends EnvSource>(component: ResolvedComponent, configMaps: ReadonlyMap<string, T>): T[] {
  return component.envFrom.map((name) => {
    const cm = configMaps.get(name);
    if (!cm) throw new Error(`component "${component.key}" loads ConfigMap "${name}", which was not built`);
    return cm;
  });
}

/** The workload (Deployment) props of a component: its pod and container, labelled for the release. */
export function workloadProps(c: ResolvedComponent, labels: ReleaseLabelSet, envFrom: readonly EnvSource[]): AfcWorkloadProps {
  return {
    name: c.name,
    selectorLabels: labels.selector(c.name),
    labels: labels.object(c.name),
    replicas: c.replicas,
    image: c.image,
    imagePullPolicy: c.imagePullPolicy,
    imagePullSecrets: c.imagePullSecrets,
    ports: c.ports.flatMap((p) => (p.containerPort === undefined ? [] : [{ name: p.name, containerPort: p.containerPort }])),
    envFrom,
    env: c.env,
    resources: c.resources,
    volumes: c.volumes,
    livenessProbe: c.probes.liveness,
    readinessProbe: c.probes.readiness,
    startupProbe: c.probes.startup,
    serviceAccountName: c.serviceAccount,
    automountServiceAccountToken: c.automountServiceAccountToken,
    podSecurityContext: c.podSecurityContext,
    containerSecurityContext: c.containerSecurityContext,
  };
}

/** The StatefulSet props of a component, which must have a `pvc` (its one volume claim template). */
export function statefulSetProps(c: ResolvedComponent, labels: ReleaseLabelSet, envFrom: readonly EnvSource[]): AfcStatefulSetProps {
  if (!c.pvc) throw new Error(`component "${c.key}" is a StatefulSet without a pvc`);
  return { ...workloadProps(c, labels, envFrom), volumeClaim: c.pvc };
}

/** The autoscaler of a component's Deployment, or undefined when the component has no `hpa`. */
export function autoscalerProps(c: ResolvedComponent, target: Workload): AfcHorizontalPodAutoscalerProps | undefined {
  if (!c.hpa) return undefined;
  const { minReplicas, maxReplicas, metricType, metric, behavior } = c.hpa;
  return { target, minReplicas, maxReplicas, metricType, metric, behavior };
}

/**
 * The Service of a component: the pods of its workload, or of `service.externalSelector` (pods run by
 * someone else); undefined when neither selects anything (the component is not rendered).
 */
export function serviceProps(
  c: ResolvedComponent,
  service: ResolvedService,
  labels: ReleaseLabelSet,
  workload: Workload | undefined,
): AfcServiceProps | undefined {
  const selector: PodSelector | undefined = workload ?? (service.externalSelector && { selectorLabels: service.externalSelector });
  if (!selector) return undefined;
  return {
    name: service.name,
    namespace: service.namespace,
    labels: labels.object(c.name),
    selector,
    type: service.type,
    loadBalancerIP: service.loadBalancerIP,
    annotations: service.annotations,
    ports: service.ports.map((p) => {
      if (p.servicePort === undefined) throw new Error(`Service "${service.name}": port "${p.key}" has no servicePort`);
      return { name: p.name, port: p.servicePort, targetPort: p.targetPort, nodePort: p.nodePort, appProtocol: p.appProtocol };
    }),
    headless: c.kind === 'StatefulSet',
    condition: service.when,
  };
}

/** The PodMonitor of a component's workload, or undefined when the component has no `metrics`. */
export function podMonitorProps(c: ResolvedComponent, workload: Workload): AfcPodMonitorProps | undefined {
  if (!c.metrics) return undefined;
  const { port, ...endpoint } = c.metrics;
  if (!c.ports.some((p) => p.key === port)) throw new Error(`component "${c.key}": metrics port "${String(port)}" is not one of its ports`);
  return { workload, port: String(port), endpoint };
}

/** The claim that backs a static volume (staticVolumeClaims), labelled for the release (no component). */
export function volumeClaimProps(claim: ResolvedVolumeClaim, labels: ReleaseLabelSet): AfcPersistentVolumeClaimProps {
  const { name, accessMode, storage, storageClassName, volumeName } = claim;
  return { name, labels: labels.object(), accessMode, storage, storageClassName, volumeName };
}

/** The cadvisor ServiceMonitor, labelled as its component (`cadvisor`) over its own extra labels. */
export function serviceMonitorProps(sm: NonNullable<ResolvedApp['serviceMonitor']>, labels: ReleaseLabelSet): AfcServiceMonitorProps {
  return { name: sm.name, labels: { ...sm.extraLabels, ...labels.object(sm.component) }, spec: sm.spec };
}

/** The release's NetworkPolicies, under the chart's switch when it is a runtime value. */
export function networkPoliciesProps(policies: ResolvedNetworkPolicies, labels: ReleaseLabelSet): AfcNetworkPoliciesProps {
  return {
    labels,
    components: policies.components,
    egress: policies.egress,
    condition: policies.exists === true ? undefined : policies.exists,
  };
}

/** A secret store of the release (no component label). */
export function secretStoreProps(store: ResolvedSecretStore, labels: ReleaseLabelSet, apiVersion: string | undefined): AfcSecretStoreProps {
  const { name, namespace, refreshInterval, provider } = store;
  return { name, namespace, refreshInterval, provider, labels: labels.object(), apiVersion: apiVersion as ExternalSecretsApiVersion | undefined };
}

/** An ExternalSecret of the release (no component label: several components mount one secret). */
export function externalSecretProps(
  secret: ResolvedExternalSecret,
  labels: ReleaseLabelSet,
  store: SecretStoreRef,
  apiVersion: string | undefined,
): AfcExternalSecretProps {
  const { name, refreshInterval, template, data, dataFromKey } = secret;
  return { name, labels: labels.object(), store, refreshInterval, template, data, dataFromKey, apiVersion: apiVersion as ExternalSecretsApiVersion | undefined };
}

/** The Ingress of a component, routed to its Service. */
export function ingressProps(ingress: ResolvedIngress, labels: ReleaseLabelSet, service: IngressBackend): AfcIngressProps {
  return {
    name: ingress.name,
    labels: labels.object(ingress.name),
    annotations: ingress.annotations,
    className: ingress.className,
    service,
    paths: ingress.paths.map((p) => {
      if (p.service !== service.name) throw new Error(`Ingress "${ingress.name}" routes to Service "${p.service}", not to its component's "${service.name}"`);
      return { path: p.path, pathType: p.pathType as 'Prefix', port: p.port };
    }),
  };
}
