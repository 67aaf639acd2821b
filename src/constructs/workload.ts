/** What Services, autoscalers and monitors need to know of a workload, and the base of the workload constructs. */
import { Construct } from 'constructs';
import type { ResolvedComponent } from '../model/index.js';
import type { AfcConfigMap } from './config-map.js';
import type { Labels, ReleaseLabelSet } from './labels.js';

export interface Workload {
  readonly component: ResolvedComponent;
  /** Workload (and container) name. */
  readonly name: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** Labels that select its pods. */
  readonly selectorLabels: Labels;
}

export interface AfcWorkloadProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The component it runs (image, ports, volumes, runtime fields). */
  readonly component: ResolvedComponent;
  /**
   * The ConfigMaps its container loads with envFrom, in order.
   * @default - none
   */
  readonly env?: readonly AfcConfigMap[];
}

/** The metadata every workload object carries: name, full labels, the default-container annotation. */
export interface WorkloadMetadata {
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
}

/** Names and labels of a component workload (Deployment or StatefulSet), computed once. */
export abstract class AfcWorkload extends Construct implements Workload {
  public readonly component: ResolvedComponent;
  public readonly name: string;
  public readonly selectorLabels: Labels;
  public abstract readonly apiVersion: string;
  public abstract readonly kind: string;
  protected readonly metadata: WorkloadMetadata;

  protected constructor(scope: Construct, id: string, props: AfcWorkloadProps) {
    super(scope, id);
    const { labels, component } = props;
    this.component = component;
    this.name = component.name;
    this.selectorLabels = labels.selector(component.name);
    this.metadata = {
      name: this.name,
      labels: labels.object(component.name),
      annotations: { 'kubectl.kubernetes.io/default-container': component.name },
    };
  }
}
