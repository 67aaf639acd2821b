import { Construct } from 'constructs';
import { PodMonitor, toJson_PodMonitorProps } from '../imports/monitoring.coreos.com.js';
import type { ResolvedPort } from '../model/index.js';
import type { ReleaseLabelSet } from './labels.js';
import { kubeObject } from './raw.js';
import type { Workload } from './workload.js';

export interface AfcPodMonitorProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The workload whose pods are scraped. */
  readonly workload: Workload;
  /** The named container port scraped (one of the workload's ports). */
  readonly port: ResolvedPort;
  /**
   * The rest of the podMetricsEndpoints entry (path, params, interval...).
   * @default - the port only
   */
  readonly endpoint?: Record<string, unknown>;
}

/** A prometheus-operator PodMonitor with one podMetricsEndpoints entry. */
export class AfcPodMonitor extends Construct {
  constructor(scope: Construct, id: string, props: AfcPodMonitorProps) {
    super(scope, id);
    const { labels, workload, port } = props;
    if (!workload.component.ports.includes(port)) {
      throw new Error(`PodMonitor of "${workload.name}": port "${port.key}" is not a port of that workload`);
    }
    // The endpoint fields are free-form chart values; the generated types do not constrain them further.
    const endpoint = { ...props.endpoint, port: port.key } as Record<string, unknown>;
    kubeObject(
      this,
      'Resource',
      PodMonitor.GVK,
      toJson_PodMonitorProps,
      {
        metadata: { name: workload.name, labels: labels.object(workload.component.name) },
        spec: { selector: { matchLabels: { ...workload.selectorLabels } } },
      },
      { '/spec/podMetricsEndpoints': [endpoint] },
    );
  }
}
