import type { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import { podTemplate, podTemplateFragments } from './pod-template.js';
import { placeholdersOf } from './params.js';
import { kubeObject } from './raw.js';
import { AfcWorkload, type AfcWorkloadProps } from './workload.js';

/** Props of a Deployment: those of every workload (name, labels, pod and container). */
export type AfcDeploymentProps = AfcWorkloadProps;

/** A Deployment of one container, annotated as its default container. */
export class AfcDeployment extends AfcWorkload {
  public readonly apiVersion = k8s.KubeDeployment.GVK.apiVersion;
  public readonly kind = k8s.KubeDeployment.GVK.kind;

  constructor(scope: Construct, id: string, props: AfcDeploymentProps) {
    super(scope, id, props);
    kubeObject(
      this,
      'Resource',
      k8s.KubeDeployment.GVK,
      k8s.toJson_KubeDeploymentProps,
      {
        metadata: { ...this.metadata },
        spec: {
          selector: { matchLabels: this.selectorLabels },
          replicas: props.replicas === undefined ? undefined : placeholdersOf(this).number(props.replicas),
          template: podTemplate(this, props, this.labels),
        },
      },
      podTemplateFragments(this, props),
    );
  }
}
