/**
 * The chart's label sets. Every object: chart, name, instance (unless the release is Helm's default
 * name), component (not on ConfigMaps), version, managed-by. Selectors: name, instance, component.
 */
import type { ResolvedApp } from '../model/index.js';

export type Labels = Record<string, string>;

export const LABEL = {
  chart: 'helm.sh/chart',
  name: 'app.kubernetes.io/name',
  instance: 'app.kubernetes.io/instance',
  component: 'app.kubernetes.io/component',
  version: 'app.kubernetes.io/version',
  managedBy: 'app.kubernetes.io/managed-by',
} as const;

/** Labels that select a component's pods. */
export function selectorLabels(app: ResolvedApp, component: string): Labels {
  const { instance } = app.runtime.releaseLabels;
  return {
    [LABEL.name]: app.appName,
    ...(instance === undefined ? {} : { [LABEL.instance]: instance }),
    [LABEL.component]: component,
  };
}

/** The full label set of an object; `component` undefined for ConfigMaps. */
export function objectLabels(app: ResolvedApp, component?: string): Labels {
  const { instance, managedBy, chart, version } = app.runtime.releaseLabels;
  return {
    [LABEL.chart]: chart,
    [LABEL.name]: app.appName,
    ...(instance === undefined ? {} : { [LABEL.instance]: instance }),
    ...(component === undefined ? {} : { [LABEL.component]: component }),
    [LABEL.version]: version,
    [LABEL.managedBy]: managedBy,
  };
}
