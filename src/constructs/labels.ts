/**
 * The chart's label sets. Every object: chart, name, instance (unless the release is Helm's default
 * name), component (not on ConfigMaps), version, managed-by. Selectors: name, instance, component.
 */
import type { Construct } from 'constructs';
import type { ResolvedApp } from '../model/index.js';
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

/** Labels that select a component's pods (runtime values placed in `scope`'s chart). */
export function selectorLabels(scope: Construct, app: ResolvedApp, component: string): Labels {
  const { instance } = app.releaseLabels;
  return {
    [LABEL.name]: app.appName,
    ...(instance === undefined ? {} : { [LABEL.instance]: placeholdersOf(scope).string(instance) }),
    [LABEL.component]: component,
  };
}

/** The full label set of an object; `component` undefined for ConfigMaps (runtime values placed in `scope`'s chart). */
export function objectLabels(scope: Construct, app: ResolvedApp, component?: string): Labels {
  const { instance, managedBy, chart, version } = app.releaseLabels;
  const p = placeholdersOf(scope);
  return {
    [LABEL.chart]: p.string(chart),
    [LABEL.name]: app.appName,
    ...(instance === undefined ? {} : { [LABEL.instance]: p.string(instance) }),
    ...(component === undefined ? {} : { [LABEL.component]: component }),
    [LABEL.version]: p.string(version),
    [LABEL.managedBy]: p.string(managedBy),
  };
}
