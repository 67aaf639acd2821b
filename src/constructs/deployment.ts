import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { ResolvedApp, ResolvedComponent } from '../model/index.js';
import type { EnvConfigMap } from './env-config-map.js';
import { objectLabels, selectorLabels, type Labels } from './labels.js';
import { podTemplate, podTemplateFragments } from './pod-template.js';
import { kubeObject } from './raw.js';
import type { Workload } from './workload.js';

export interface AfcDeploymentProps {
  readonly app: ResolvedApp;
  readonly component: ResolvedComponent;
  /** The ConfigMaps its container loads with envFrom, in order. */
  readonly env?: readonly EnvConfigMap[];
}

/** A component Deployment. */
export class AfcDeployment extends Construct implements Workload {
  public readonly component: ResolvedComponent;
  public readonly name: string;
  public readonly apiVersion = k8s.KubeDeployment.GVK.apiVersion;
  public readonly kind = k8s.KubeDeployment.GVK.kind;
  public readonly selectorLabels: Labels;

  constructor(scope: Construct, id: string, props: AfcDeploymentProps) {
    super(scope, id);
    const { app, component } = props;
    this.component = component;
    this.name = component.name;
    this.selectorLabels = selectorLabels(app, component.name);
    kubeObject(
      this,
      'Resource',
      k8s.KubeDeployment.GVK,
      k8s.toJson_KubeDeploymentProps,
      {
      metadata: {
        name: this.name,
        labels: objectLabels(app, component.name),
        annotations: { 'kubectl.kubernetes.io/default-container': component.name },
      },
      spec: {
        selector: { matchLabels: this.selectorLabels },
        replicas: component.replicas,
        template: podTemplate(app, component, props.env ?? []),
      },
      },
      podTemplateFragments(component),
    );
  }
}
