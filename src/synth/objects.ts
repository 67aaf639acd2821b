/**
 * Synthesizes the resolved app into Kubernetes objects (plain JSON), in Helm's install order
 * (kind order, then namespace and name), so output is deterministic and `kubectl apply` creates
 * ConfigMaps before the workloads that load them.
 */
import { ApiObject, App } from 'cdk8s';
import { AfcChart } from '../constructs/afc-chart.js';
import { placeholdersOf, type Placeholders } from '../constructs/params.js';
import { AfcError } from '../errors.js';
import type { Guard, ResolvedApp } from '../model/index.js';
import { compareObjects, type K8sObject } from '../kit/objects.js';


const componentOf = (o: K8sObject): string => o.metadata.labels?.['app.kubernetes.io/component'] ?? '?';

/**
 * Refuses two objects of one kind with one name in one namespace (sorted input: they are neighbours),
 * which the API server would merge into one: e.g. two components given the same hostname.
 */
function checkUniqueNames(sorted: readonly K8sObject[]): void {
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1]!;
    const b = sorted[i]!;
    if (compareObjects(a, b) !== 0 || a.kind !== b.kind) continue;
    throw new AfcError(
      `two objects would be ${a.kind} "${a.metadata.name}" (components ${componentOf(a)} and ${componentOf(b)}): give each component its own name (components.<name>.hostname, pvc.name)`,
    );
  }
}

/** The app's objects, sorted; `namespace` goes on every object that does not name its own. */
export function synthObjects(app: ResolvedApp, chartId = 'afc', namespace?: string): K8sObject[] {
  const cdk8sApp = new App({ outdir: '/nonexistent' });
  const chart = new AfcChart(cdk8sApp, chartId, { app, namespace });
  const objects = (chart.toJson() as K8sObject[]).sort(compareObjects);
  checkUniqueNames(objects);
  return objects;
}

/** An object of the chart output with its guard (rendered only when the guard holds). */
export interface GuardedObject {
  readonly object: K8sObject;
  readonly guard: Guard | undefined;
}

/**
 * The objects of an app whose runtime fields are expressions (the Helm output), sorted, each with its
 * guard, and the placeholders table the constructs filled.
 */
export function synthRuntimeObjects(app: ResolvedApp, chartId = 'afc'): { objects: GuardedObject[]; placeholders: Placeholders } {
  const cdk8sApp = new App({ outdir: '/nonexistent' });
  const chart = new AfcChart(cdk8sApp, chartId, { app });
  const placeholders = placeholdersOf(chart);
  const objects = chart.node
    .findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject)
    .map((o) => ({ object: o.toJson() as K8sObject, guard: placeholders.guardOf(o) }))
    .sort((a, b) => compareObjects(a.object, b.object));
  checkUniqueNames(objects.map((o) => o.object));
  return { objects, placeholders };
}
