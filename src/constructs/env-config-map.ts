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

/** One env ConfigMap (`envFrom` source of the components that list its key). */
export class EnvConfigMap extends Construct {
  /** The ConfigMap name, read by the workloads that load it. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: EnvConfigMapProps) {
    super(scope, id);
    this.name = props.configMap.name;
    kubeObject(this, 'Resource', k8s.KubeConfigMap.GVK, k8s.toJson_KubeConfigMapProps, {
      metadata: { name: this.name, labels: objectLabels(this, props.app) },
      data: { ...props.configMap.data },
    });
  }
}
