import type { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import { podTemplate, podTemplateFragments } from './pod-template.js';
import { toResourceRequirements } from './quantity.js';
import { placeholdersOf } from './params.js';
import { kubeObject } from './raw.js';
import { AfcWorkload, type AfcWorkloadProps } from './workload.js';

/** Props of a StatefulSet: its component must have a `pvc` (its one volume claim template). */
export type AfcStatefulSetProps = AfcWorkloadProps;

/** A database StatefulSet with one PVC template mounted at `pvc.mountPath`; serviceName = its name. */
export class AfcStatefulSet extends AfcWorkload {
  public readonly apiVersion = k8s.KubeStatefulSet.GVK.apiVersion;
  public readonly kind = k8s.KubeStatefulSet.GVK.kind;

  constructor(scope: Construct, id: string, props: AfcStatefulSetProps) {
    super(scope, id, props);
    const { labels, component } = props;
    const pvc = component.pvc;
    if (!pvc) throw new Error(`component "${component.key}" is a StatefulSet without a pvc`);
    kubeObject(
      this,
      'Resource',
      k8s.KubeStatefulSet.GVK,
      k8s.toJson_KubeStatefulSetProps,
      {
        metadata: { ...this.metadata },
        spec: {
          selector: { matchLabels: this.selectorLabels },
          replicas: placeholdersOf(this).number(component.replicas),
          serviceName: this.name,
          template: podTemplate(this, labels, component, props.env ?? [], {
            extraMounts: [{ name: pvc.name, mountPath: pvc.mountPath }],
          }),
          volumeClaimTemplates: [
            {
              metadata: { name: pvc.name },
              spec: { accessModes: [pvc.accessMode], resources: toResourceRequirements(pvc.resources) },
            },
          ],
        },
      },
      podTemplateFragments(this, component),
    );
  }
}
