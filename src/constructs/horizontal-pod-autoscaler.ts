import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Param } from '../model/index.js';
import type { Labels } from './labels.js';
import { placeholdersOf } from './params.js';
import { kubeObject } from './raw.js';
import type { Workload } from './workload.js';

export interface AfcHorizontalPodAutoscalerProps {
  /** The workload it scales (a Deployment). */
  readonly target: Workload;
  /**
   * Labels of the autoscaler.
   * @default - the target's labels
   */
  readonly labels?: Labels;
  /**
   * Fewest pods.
   * @default - not rendered (Kubernetes' default, 1)
   */
  readonly minReplicas?: Param<number>;
  /** Most pods. */
  readonly maxReplicas: Param<number>;
  /** Type of its one metric (`Resource`, `External`, `Pods`...). */
  readonly metricType: string;
  /** The rest of its one metric (Kubernetes' shape, e.g. `{ external: { metric, target } }`). */
  readonly metric: Readonly<Record<string, unknown>>;
  /**
   * Scaling behavior (Kubernetes' shape).
   * @default - not rendered (Kubernetes' default behavior)
   */
  readonly behavior?: Readonly<Record<string, unknown>>;
}

/** An autoscaling/v2 HorizontalPodAutoscaler of a workload, with one metric; named after the workload. */
export class AfcHorizontalPodAutoscaler extends Construct {
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcHorizontalPodAutoscalerProps) {
    super(scope, id);
    const { target } = props;
    const params = placeholdersOf(this);
    this.name = target.name;
    kubeObject(
      this,
      'Resource',
      k8s.KubeHorizontalPodAutoscalerV2.GVK,
      k8s.toJson_KubeHorizontalPodAutoscalerV2Props,
      {
        metadata: { name: this.name, labels: { ...(props.labels ?? target.labels) } },
        spec: {
          scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: target.name },
          minReplicas: props.minReplicas === undefined ? undefined : params.number(props.minReplicas),
          maxReplicas: params.number(props.maxReplicas),
        },
      },
      { '/spec/behavior': props.behavior, '/spec/metrics': [{ type: props.metricType, ...props.metric }] },
    );
  }
}
