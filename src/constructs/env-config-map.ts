import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { ResolvedApp, ResolvedConfigMap } from '../model/index.js';
import { objectLabels } from './labels.js';
import { kubeObject } from './raw.js';

export interface EnvConfigMapProps {
  readonly app: ResolvedApp;
  /** The ConfigMap with its env placeholders already resolved. */
  readonly configMap: ResolvedConfigMap;
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
export class EnvConfigMap extends Construct {
  /** The ConfigMap name, read by the workloads that load it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EnvConfigMapProps) {
    super(scope, id);
    this.name = props.configMap.name;
    kubeObject(this, 'Resource', k8s.KubeConfigMap.GVK, configMapJson, {
      metadata: { name: this.name, labels: objectLabels(this, props.app) },
      data: { ...props.configMap.data },
    });
  }
}
