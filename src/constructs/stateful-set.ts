import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { ResolvedApp, ResolvedComponent } from '../model/index.js';
import type { EnvConfigMap } from './env-config-map.js';
import { objectLabels, selectorLabels, type Labels } from './labels.js';
import { podTemplate, podTemplateFragments } from './pod-template.js';
import { kubeObject } from './raw.js';
import { toResourceRequirements } from './quantity.js';
import type { Workload } from './workload.js';

export interface AfcStatefulSetProps {
  readonly app: ResolvedApp;
  /** A component with a `pvc` (its one volume claim template). */
  readonly component: ResolvedComponent;
  readonly env?: readonly EnvConfigMap[];
}

/** A database StatefulSet with one PVC template mounted at `pvc.mountPath`. */
export class AfcStatefulSet extends Construct implements Workload {
  public readonly component: ResolvedComponent;
  public readonly name: string;
  public readonly apiVersion = k8s.KubeStatefulSet.GVK.apiVersion;
  public readonly kind = k8s.KubeStatefulSet.GVK.kind;
  public readonly selectorLabels: Labels;

  constructor(scope: Construct, id: string, props: AfcStatefulSetProps) {
    super(scope, id);
    const { app, component } = props;
    const pvc = component.pvc;
    if (!pvc) throw new Error(`component "${component.key}" is a StatefulSet without a pvc`);
    this.component = component;
    this.name = component.name;
    this.selectorLabels = selectorLabels(app, component.name);
    kubeObject(
      this,
      'Resource',
      k8s.KubeStatefulSet.GVK,
      k8s.toJson_KubeStatefulSetProps,
      {
      metadata: {
        name: this.name,
        labels: objectLabels(app, component.name),
        annotations: { 'kubectl.kubernetes.io/default-container': component.name },
      },
      spec: {
        selector: { matchLabels: this.selectorLabels },
        replicas: component.replicas,
        serviceName: this.name,
        template: podTemplate(app, component, props.env ?? [], {
          extraMounts: [{ name: pvc.name, mountPath: pvc.mountPath }],
        }),
        volumeClaimTemplates: [
          {
            metadata: { name: pvc.name },
            spec: {
              accessModes: [pvc.accessMode],
              resources: toResourceRequirements(pvc.resources),
            },
          },
        ],
      },
      },
      podTemplateFragments(component),
    );
  }
}
