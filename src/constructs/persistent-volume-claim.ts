import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcPersistentVolumeClaimProps {
  /** The claim name. */
  readonly name: string;
  /**
   * Labels of the claim.
   * @default - none
   */
  readonly labels?: Labels;
  /** Access mode (`ReadOnlyMany`, `ReadWriteMany`...). */
  readonly accessMode: string;
  /** Requested size, rendered verbatim (`'10Gi'`, or a number of bytes). */
  readonly storage: string | number;
  /**
   * Storage class.
   * @default - not rendered (the cluster's default class)
   */
  readonly storageClassName?: string;
  /**
   * The PersistentVolume to bind to.
   * @default - not rendered (any matching volume, or a provisioned one)
   */
  readonly volumeName?: string;
}

/**
 * A PersistentVolumeClaim that backs a static volume (instead of the original's hostPath). It holds data
 * the tool did not create (the static files), so `helm uninstall` keeps it (`helm.sh/resource-policy: keep`).
 */
export class AfcPersistentVolumeClaim extends Construct {
  /** The claim name, read by the pods that mount the volume. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcPersistentVolumeClaimProps) {
    super(scope, id);
    this.name = props.name;
    kubeObject(
      this,
      'Resource',
      k8s.KubePersistentVolumeClaim.GVK,
      k8s.toJson_KubePersistentVolumeClaimProps,
      {
        metadata: {
          name: this.name,
          labels: props.labels === undefined ? undefined : { ...props.labels },
          annotations: { 'helm.sh/resource-policy': 'keep' },
        },
        spec: {
          accessModes: [props.accessMode],
          storageClassName: props.storageClassName,
          volumeName: props.volumeName,
        },
      },
      // The size verbatim (a string or a number), as the chart's other quantities.
      { '/spec/resources': { requests: { storage: props.storage } } },
    );
  }
}
