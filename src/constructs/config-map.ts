import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcConfigMapProps {
  /** The ConfigMap name. */
  readonly name: string;
  /**
   * Labels of the ConfigMap.
   * @default - none
   */
  readonly labels?: Labels;
  /**
   * The variables (values are strings, as envFrom reads them).
   * @default - no variables
   */
  readonly data?: Readonly<Record<string, string>>;
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

/** A ConfigMap of environment variables (the `envFrom` source of the workloads given it). */
export class AfcConfigMap extends Construct {
  /** The ConfigMap name, read by the workloads that load it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcConfigMapProps) {
    super(scope, id);
    this.name = props.name;
    kubeObject(this, 'Resource', k8s.KubeConfigMap.GVK, configMapJson, {
      metadata: { name: this.name, labels: props.labels === undefined ? undefined : { ...props.labels } },
      data: { ...props.data },
    });
  }
}
