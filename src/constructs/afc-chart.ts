import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { ResolvedApp, ResolvedComponent } from '../model/index.js';
import { AfcHorizontalPodAutoscaler } from './horizontal-pod-autoscaler.js';
import { AfcDeployment } from './deployment.js';
import { ReleaseLabelSet } from './labels.js';
import { AfcConfigMap } from './config-map.js';
import { AfcNetworkPolicies } from './network-policy.js';
import { envSources } from './pod-template.js';
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
 * component with its Service, autoscaler and PodMonitor, and the cadvisor ServiceMonitor.
 * Children are grouped by construct id: `configmaps/<key>`, `<component key>/...`, `cadvisor`.
 */
export class AfcChart extends Chart {
  constructor(scope: Construct, id: string, props: AfcChartProps) {
    super(scope, id, { disableResourceNameHashes: true, namespace: props.namespace });
    const { app } = props;
    const labels = new ReleaseLabelSet(this, app);
    const configMapGroup = new Construct(this, 'configmaps');
    const configMaps = new Map(
      app.configMaps.map((cm) => [cm.name, new AfcConfigMap(configMapGroup, cm.key, { labels, name: cm.name, data: cm.data })] as const),
    );
    if (app.volumeClaims.length > 0) {
      const claimGroup = new Construct(this, 'volumeclaims');
      for (const claim of app.volumeClaims) new AfcPersistentVolumeClaim(claimGroup, claim.key, { labels, claim });
    }
    for (const component of app.components) {
      this.addComponent(new Construct(this, component.key), labels, component, configMaps);
    }
    new AfcServiceMonitor(this, 'cadvisor-monitor', { labels, monitor: app.serviceMonitor });
    if (app.networkPolicies) new AfcNetworkPolicies(this, 'network-policies', { app, policies: app.networkPolicies });
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
      const deployment = new AfcDeployment(scope, 'deployment', { labels, component, env });
      workload = deployment;
      if (component.hpa) new AfcHorizontalPodAutoscaler(scope, 'autoscaler', { labels, target: deployment });
    } else if (component.kind === 'StatefulSet') {
      workload = new AfcStatefulSet(scope, 'statefulset', { labels, component, env });
    }
    const service = component.service;
    if (service && (workload || service.externalSelector)) {
      new AfcService(scope, 'service', {
        labels,
        service,
        component: component.name,
        workload,
        headless: component.kind === 'StatefulSet',
        condition: service.when,
      });
    }
    if (workload && component.metrics) {
      const { port: portKey, ...endpoint } = component.metrics;
      const port = component.ports.find((p) => p.key === portKey);
      if (!port) throw new Error(`component "${component.key}": metrics port "${String(portKey)}" is not one of its ports`);
      new AfcPodMonitor(scope, 'podmonitor', { labels, workload, port, endpoint });
    }
  }
}
