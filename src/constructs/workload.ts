/** What Services, autoscalers and monitors need to know of a workload they refer to. */
import type { ResolvedComponent } from '../model/index.js';
import type { Labels } from './labels.js';

export interface Workload {
  readonly component: ResolvedComponent;
  /** Workload (and container) name. */
  readonly name: string;
  readonly apiVersion: string;
  readonly kind: string;
  /** Labels that select its pods. */
  readonly selectorLabels: Labels;
}
