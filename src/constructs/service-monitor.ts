import { Construct } from 'constructs';
import { ServiceMonitor, toJson_ServiceMonitorProps } from '../imports/monitoring.coreos.com.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';

export interface AfcServiceMonitorProps {
  /** The ServiceMonitor name. */
  readonly name: string;
  /**
   * Labels of the ServiceMonitor.
   * @default - none
   */
  readonly labels?: Labels;
  /** Its spec (endpoints, selector, namespaceSelector...), prometheus-operator's shape, verbatim. */
  readonly spec: Readonly<Record<string, unknown>>;
}

/** A prometheus-operator ServiceMonitor (the kubelet/cadvisor one in the chart). */
export class AfcServiceMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AfcServiceMonitorProps) {
    super(scope, id);
    kubeObject(
      this,
      'Resource',
      ServiceMonitor.GVK,
      toJson_ServiceMonitorProps,
      {
        metadata: { name: props.name, labels: props.labels === undefined ? undefined : { ...props.labels } },
        spec: { selector: {} },
      },
      { '/spec': props.spec },
    );
  }
}
