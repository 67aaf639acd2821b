import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { ReleaseLabelSet } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcConfigMapProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The ConfigMap name (rfc1123 of its configmaps key). */
  readonly name: string;
  /** The variables, env placeholders already resolved. */
  readonly data: Readonly<Record<string, string>>;
}

/**
 * The generated converter, except for `data`: a string map needs no conversion, and the generated code
 * copies the whole map once per key (quadratic: 80,000 variables took minutes). Same JSON otherwise.
 */
function configMapJson(props: k8s.KubeConfigMapProps): Record<string, unknown> | undefined {
  const { data, ...rest } = props;
  const json = k8s.toJson_KubeConfigMapProps(rest);
  return data === undefined ? json : { ...json, data };
}

/** One env ConfigMap (`envFrom` source of the components that list its key). */
export class AfcConfigMap extends Construct {
  /** The ConfigMap name, read by the workloads that load it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcConfigMapProps) {
    super(scope, id);
    this.name = props.name;
    kubeObject(this, 'Resource', k8s.KubeConfigMap.GVK, configMapJson, {
      metadata: { name: this.name, labels: props.labels.object() },
      data: { ...props.data },
    });
  }
}
