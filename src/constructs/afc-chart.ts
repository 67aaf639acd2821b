import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedApp, ResolvedComponent, ResolvedIngress } from '../model/index.js';
import { AfcExternalSecret, type SecretStoreRef } from './external-secret.js';
import { AfcIngress } from './ingress.js';
import { AfcSecretStore } from './secret-store.js';
import { AfcHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.js';
import { AfcDeployment } from './deployment.js';
import { ReleaseLabelSet } from './labels.js';
import { AfcConfigMap } from './config-map.js';
import { AfcNetworkPolicies } from './network-policy.js';
import {
  autoscalerProps,
  configMapProps,
  envSources,
  externalSecretProps,
  ingressProps,
  secretStoreProps,
  networkPoliciesProps,
  podMonitorProps,
  releaseLabelSetProps,
  serviceMonitorProps,
  serviceProps,
  statefulSetProps,
  volumeClaimProps,
  workloadProps,
} from './from-resolved.js';
import { AfcPodMonitor } from './pod-monitor.js';
import { AfcService } from './service.js';
import { AfcServiceMonitor } from './service-monitor.js';
import { AfcStatefulSet } from './stateful-set.js';
import { AfcPersistentVolumeClaim } from './persistent-volume-claim.js';
import type { Workload } from './workload.js';

export interface AfcChartProps {
  /** The resolved app (values merged and validated, runtime fields chosen). */
  readonly app: ResolvedApp;
  /**
   * Namespace of every object that does not name its own (cdk8s's chart namespace).
   * @default - none: the namespace of `kubectl apply` / `helm install`
   */
  readonly namespace?: string;
}

/**
 * The inner AFC cluster (the original `afc-int` chart): env ConfigMaps, one workload per enabled
 * component with its Service, autoscaler and PodMonitor, and the cadvisor ServiceMonitor. The props of
 * each construct come from the resolved app through `from-resolved.ts`; here they are only wired.
 * Children are grouped by construct id: `configmaps/<key>`, `<component key>/...`, `cadvisor`.
 */
export class AfcChart extends Chart {
  private readonly ingresses: ReadonlyMap<string, ResolvedIngress>;

  constructor(scope: Construct, id: string, props: AfcChartProps) {
    super(scope, id, { disableResourceNameHashes: true, namespace: props.namespace });
    const { app } = props;
    this.ingresses = new Map((app.ingresses ?? []).map((i) => [i.key, i]));
    const labels = new ReleaseLabelSet(this, releaseLabelSetProps(app));
    const configMapGroup = new Construct(this, 'configmaps');
    const configMaps = new Map(
      app.configMaps.map((cm) => [cm.name, new AfcConfigMap(configMapGroup, cm.key, configMapProps(cm, labels))] as const),
    );
    if (app.volumeClaims.length > 0) {
      const claimGroup = new Construct(this, 'volumeclaims');
      for (const claim of app.volumeClaims) new AfcPersistentVolumeClaim(claimGroup, claim.key, volumeClaimProps(claim, labels));
    }
    for (const component of app.components) {
      this.addComponent(new Construct(this, component.key), labels, component, configMaps);
    }
    this.addExternalSecrets(app, labels);
    if (app.serviceMonitor) new AfcServiceMonitor(this, 'cadvisor-monitor', serviceMonitorProps(app.serviceMonitor, labels));
    if (app.networkPolicies) new AfcNetworkPolicies(this, 'network-policies', networkPoliciesProps(app.networkPolicies, labels));
  }

  /** The release's secret stores (`secret-stores/<name>`) and ExternalSecrets (`external-secrets/<name>`), if any. */
  private addExternalSecrets(app: ResolvedApp, labels: ReleaseLabelSet): void {
    const stores = new Map<string, SecretStoreRef>();
    if ((app.secretStores ?? []).length > 0) {
      const group = new Construct(this, 'secret-stores');
      for (const s of app.secretStores!) stores.set(s.name, new AfcSecretStore(group, s.name, secretStoreProps(s, labels, app.externalSecretsApiVersion)));
    }
    if ((app.externalSecrets ?? []).length === 0) return;
    const group = new Construct(this, 'external-secrets');
    for (const secret of app.externalSecrets!) {
      // A store left out (no provider) is still referred to by name, as the values say.
      const store = stores.get(secret.store.name) ?? secret.store;
      new AfcExternalSecret(group, secret.name, externalSecretProps(secret, labels, store, app.externalSecretsApiVersion));
    }
  }

  private addComponent(
    scope: Construct,
    labels: ReleaseLabelSet,
    component: ResolvedComponent,
    configMaps: ReadonlyMap<string, AfcConfigMap>,
  ): void {
    const env = envSources(component, configMaps);
    let workload: Workload | undefined;
    if (component.kind === 'Deployment') {
      const deployment = new AfcDeployment(scope, 'deployment', workloadProps(component, labels, env));
      workload = deployment;
      const autoscaler = autoscalerProps(component, deployment);
      if (autoscaler) new AfcHorizontalPodAutoscaler(scope, 'autoscaler', autoscaler);
    } else if (component.kind === 'StatefulSet') {
      workload = new AfcStatefulSet(scope, 'statefulset', statefulSetProps(component, labels, env));
    }
    const service = component.service && serviceProps(component, component.service, labels, workload);
    const serviceConstruct = service ? new AfcService(scope, 'service', service) : undefined;
    const ingress = this.ingresses.get(component.key);
    if (ingress) {
      if (!serviceConstruct) throw new Error(`component "${component.key}" has an Ingress but no Service`);
      new AfcIngress(scope, 'ingress', ingressProps(ingress, labels, serviceConstruct));
    }
    const monitor = workload && podMonitorProps(component, workload);
    if (monitor) new AfcPodMonitor(scope, 'podmonitor', monitor);
  }
}
