/**
 * The chart's label sets. Every object: chart, name, instance (unless the release is Helm's default
 * name), component (not on ConfigMaps), version, managed-by. Selectors: name, instance, component.
 */
import type { Construct } from 'constructs';
import type { Param } from '../model/index.js';
import { placeholdersOf } from './params.js';

export type Labels = Record<string, string>;

export const LABEL = {
  chart: 'helm.sh/chart',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  version: 'app.kubernetes.io/version',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/**
 * What a release's label set is built from: the app's name and the values that depend on the release
 * and the tool. The release-dependent ones are literals in plain output, Helm expressions in a chart.
 */
export interface ReleaseLabelSetProps {
  /** `app.kubernetes.io/name` of every object, and of the pod selectors. */
  readonly appName: string;
  /**
   * `app.kubernetes.io/instance` (the release name) of every object, and of the pod selectors.
   * @default - the label is omitted (Helm's default release name, like helm template)
   */
  readonly instance?: Param<string>;
  /** `app.kubernetes.io/managed-by` of every object. */
  readonly managedBy: Param<string>;
  /** `helm.sh/chart` of every object (chart name and version). */
  readonly chart: Param<string>;
  /** `app.kubernetes.io/version` of every object. */
  readonly version: Param<string>;
}

/**
 * The label values of one release, runtime values placed in one chart: every object's labels and the
 * pod selectors are built from it. The chart computes it once and gives it to each construct.
 */
export class ReleaseLabelSet {
  /** app.kubernetes.io/name. */
  public readonly appName: string;
  private readonly instance: string | undefined;
  private readonly chart: string;
  private readonly version: string;
  private readonly managedBy: string;

  constructor(scope: Construct, props: ReleaseLabelSetProps) {
    const p = placeholdersOf(scope);
    const { appName, instance, managedBy, chart, version } = props;
    this.appName = appName;
    this.instance = instance === undefined ? undefined : p.string(instance);
    this.chart = p.string(chart);
    this.version = p.string(version);
    this.managedBy = p.string(managedBy);
  }

  /** Labels that select a component's pods: name, instance, component. */
  selector(component: string): Labels {
    return {
      [LABEL.name]: this.appName,
      ...(this.instance === undefined ? {} : { [LABEL.instance]: this.instance }),
      [LABEL.component]: component,
    };
  }

  /** The full label set of an object; `component` undefined for objects of no component (ConfigMaps). */
  object(component?: string): Labels {
    return {
      [LABEL.chart]: this.chart,
      [LABEL.name]: this.appName,
      ...(this.instance === undefined ? {} : { [LABEL.instance]: this.instance }),
      ...(component === undefined ? {} : { [LABEL.component]: component }),
      [LABEL.version]: this.version,
      [LABEL.managedBy]: this.managedBy,
    };
  }
}
