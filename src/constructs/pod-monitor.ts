import { Construct } from 'constructs';
import { PodMonitor, toJson_PodMonitorProps } from '../imports/monitoring.coreos.com.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';
import type { Workload } from './workload.js';

export interface AfcPodMonitorProps {
  /** The workload whose pods are scraped. */
  readonly workload: Workload;
  /**
   * The port scraped, by name: a container port of the workload. Not checked here (a `Workload` does not
   * list its ports): the chart checks a component's metrics port against its ports in from-resolved.ts
   * (podMonitorProps); a name the pods lack renders a PodMonitor that scrapes nothing.
   */
  readonly port: string;
  /**
   * Labels of the PodMonitor.
   * @default - the workload's labels
   */
  readonly labels?: Labels;
  /**
   * The rest of the podMetricsEndpoints entry (path, params, interval...).
   * @default - the port only
   */
  readonly endpoint?: Readonly<Record<string, unknown>>;
}

/** A prometheus-operator PodMonitor of a workload's pods, with one podMetricsEndpoints entry; named after the workload. */
export class AfcPodMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AfcPodMonitorProps) {
    super(scope, id);
    const { workload } = props;
    const endpoint = { ...props.endpoint, port: props.port };
    kubeObject(
      this,
      'Resource',
      PodMonitor.GVK,
      toJson_PodMonitorProps,
      {
        metadata: { name: workload.name, labels: { ...(props.labels ?? workload.labels) } },
        spec: { selector: { matchLabels: { ...workload.selectorLabels } } },
      },
      { '/spec/podMetricsEndpoints': [endpoint] },
    );
  }
}
