import { Construct } from 'constructs';
import { ServiceMonitor, toJson_ServiceMonitorProps } from '../imports/monitoring.coreos.com.js';
import type { ResolvedApp } from '../model/index.js';
import type { ReleaseLabelSet } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcServiceMonitorProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The monitor: name, component label, extra labels and its spec (fixed content of the catalog). */
  readonly monitor: ResolvedApp['serviceMonitor'];
}

/** The kubelet/cadvisor ServiceMonitor, labelled as component `cadvisor` (fixing the original's stray labels). */
export class AfcServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AfcServiceMonitorProps) {
    super(scope, id);
    const sm = props.monitor;
    kubeObject(
      this,
      'Resource',
      ServiceMonitor.GVK,
      toJson_ServiceMonitorProps,
      {
        metadata: { name: sm.name, labels: { ...sm.extraLabels, ...props.labels.object(sm.component) } },
        spec: { selector: {} },
      },
      { '/spec': sm.spec },
    );
  }
}
