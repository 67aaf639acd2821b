import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { AfcDeployment } from './deployment.js';
import type { ReleaseLabelSet } from './labels.js';
import { placeholdersOf } from './params.js';
import { kubeObject } from './raw.js';

export interface AfcHorizontalPodAutoscalerProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The Deployment it scales (its component must have `hpa`). */
  readonly target: AfcDeployment;
}

/** An autoscaling/v2 HorizontalPodAutoscaler with the component's one metric. */
export class AfcHorizontalPodAutoscaler extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcHorizontalPodAutoscalerProps) {
    super(scope, id);
    const { labels, target } = props;
    const hpa = target.component.hpa;
    if (!hpa) throw new Error(`component "${target.component.key}" has no hpa`);
    this.name = target.name;
    kubeObject(
      this,
      'Resource',
      k8s.KubeHorizontalPodAutoscalerV2.GVK,
      k8s.toJson_KubeHorizontalPodAutoscalerV2Props,
      {
      metadata: { name: this.name, labels: labels.object(target.component.name) },
      spec: {
        scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
        minReplicas: placeholdersOf(this).number(hpa.minReplicas),
        maxReplicas: placeholdersOf(this).number(hpa.maxReplicas),
      },
      },
      { '/spec/behavior': hpa.behavior, '/spec/metrics': [{ type: hpa.metricType, ...hpa.metric }] },
    );
  }
}
