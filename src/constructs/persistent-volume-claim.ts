import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { ResolvedVolumeClaim } from '../model/index.js';
import type { ReleaseLabelSet } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcPersistentVolumeClaimProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The claim (staticVolumeClaims entry) that backs a static volume. */
  readonly claim: ResolvedVolumeClaim;
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
    const { claim } = props;
    this.name = claim.name;
    kubeObject(
      this,
      'Resource',
      k8s.KubePersistentVolumeClaim.GVK,
      k8s.toJson_KubePersistentVolumeClaimProps,
      {
        metadata: {
          name: this.name,
          labels: props.labels.object(),
          annotations: { 'helm.sh/resource-policy': 'keep' },
        },
        spec: {
          accessModes: [claim.accessMode],
          storageClassName: claim.storageClassName,
          volumeName: claim.volumeName,
        },
      },
      // The size verbatim (a string or a number), as the chart's other quantities.
      { '/spec/resources': { requests: { storage: claim.storage } } },
    );
  }
}
