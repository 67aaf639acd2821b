import { Construct } from 'constructs';
import { ServiceMonitor, toJson_ServiceMonitorProps } from '../imports/monitoring.coreos.com.js';
import type { ResolvedApp } from '../model/index.js';
import { objectLabels } from './labels.js';
import { kubeObject } from './raw.js';

export interface CadvisorServiceMonitorProps {
  readonly app: ResolvedApp;
}

/** The kubelet/cadvisor ServiceMonitor, labelled as component `cadvisor` (fixing the original's stray labels). */
export class CadvisorServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: CadvisorServiceMonitorProps) {
    super(scope, id);
    const sm = props.app.serviceMonitor;
    kubeObject(
      this,
      'Resource',
      ServiceMonitor.GVK,
      toJson_ServiceMonitorProps,
      {
        metadata: { name: sm.name, labels: { ...sm.extraLabels, ...objectLabels(this, props.app, sm.component) } },
        spec: { selector: {} },
      },
      { '/spec': sm.spec },
    );
  }
}
