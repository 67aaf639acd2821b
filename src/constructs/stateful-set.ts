import type { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import { podTemplate, podTemplateFragments } from './pod-template.js';
import { toResourceRequirements } from './quantity.js';
import { placeholdersOf } from './params.js';
import { kubeObject } from './raw.js';
import { AfcWorkload, type AfcWorkloadProps } from './workload.js';

/** The one PersistentVolumeClaim template of a StatefulSet, mounted into its container. */
export interface VolumeClaimTemplate {
  /** Claim template (and volume mount) name. */
  readonly name: string;
  /** Access mode of the claims (`ReadWriteOnce`...). */
  readonly accessMode: string;
  /** Where the container sees the volume. */
  readonly mountPath: string;
  /**
   * Claim resources: a `requests` (and `limits`) map of quantities, e.g. `{ requests: { storage: '1Gi' } }`.
   * @default - not rendered
   */
  readonly resources?: Readonly<Record<string, unknown>>;
}

/** Props of a StatefulSet: those of every workload, and its volume claim template. */
export interface AfcStatefulSetProps extends AfcWorkloadProps {
  /** The claim template, one volume per pod. */
  readonly volumeClaim: VolumeClaimTemplate;
  /**
   * spec.serviceName: the Service that gives its pods their network identity.
   * @default - the StatefulSet's name
   */
  readonly serviceName?: string;
}

/** A StatefulSet with one PVC template mounted at `volumeClaim.mountPath`. */
export class AfcStatefulSet extends AfcWorkload {
  public readonly apiVersion = k8s.KubeStatefulSet.GVK.apiVersion;
  public readonly kind = k8s.KubeStatefulSet.GVK.kind;

  constructor(scope: Construct, id: string, props: AfcStatefulSetProps) {
    super(scope, id, props);
    const claim = props.volumeClaim;
    kubeObject(
      this,
      'Resource',
      k8s.KubeStatefulSet.GVK,
      k8s.toJson_KubeStatefulSetProps,
      {
        metadata: { ...this.metadata },
        spec: {
          selector: { matchLabels: this.selectorLabels },
          replicas: props.replicas === undefined ? undefined : placeholdersOf(this).number(props.replicas),
          serviceName: props.serviceName ?? this.name,
          template: podTemplate(this, props, this.labels, {
            extraMounts: [{ name: claim.name, mountPath: claim.mountPath }],
          }),
          volumeClaimTemplates: [
            {
              metadata: { name: claim.name },
              spec: { accessModes: [claim.accessMode], resources: toResourceRequirements(claim.resources) },
            },
          ],
        },
      },
      podTemplateFragments(this, props),
    );
  }
}
