/**
 * What upstream's 1.0.x templates encode per component, and whether a component is rendered: read by
 * the resolver (resolve.ts) and the dependency graph (graph.ts).
 */
import { AfcError } from '../../errors.js';
import type { CatalogEntry } from '../defaults/index.js';
import { mergedOpenafcComponent } from './env.js';
import type { OpenafcComponentKey, OpenafcValues } from './schema.js';

/** What upstream's templates encode per component (deployment-*.yaml guards, statefulset-*, service-prometheus). */
export const openafcCatalog: Readonly<Record<OpenafcComponentKey, CatalogEntry>> = {
  ratdb: { kind: 'StatefulSet', optional: true },
  'bulk-postgres': { kind: 'StatefulSet', optional: true },
  rmq: { kind: 'Deployment' },
  dispatcher: { kind: 'Deployment', optional: true },
  'rat-server': { kind: 'Deployment' },
  msghnd: { kind: 'Deployment', optional: true },
  afcserver: { kind: 'Deployment', optional: true },
  objst: { kind: 'Deployment' },
  worker: { kind: 'Deployment' },
  'als-kafka': { kind: 'Deployment' },
  'als-siphon': { kind: 'Deployment' },
  'uls-downloader': { kind: 'Deployment' },
  'cert-db': { kind: 'Deployment' },
  rcache: { kind: 'Deployment' },
  grafana: { kind: 'Deployment' },
  nginxexporter: { kind: 'Deployment', optional: true },
  // The pods (prometheus-operator's, in monitoring) are selected by components.prometheus.service.selector.
  prometheus: { kind: 'service-only', externalService: { namespace: 'monitoring', selector: {}, onlyWhenServiceType: 'NodePort' } },
  cadvisor: { kind: 'monitor-only' },
};

/**
 * Whether a component is rendered: an optional one is disabled by an empty image name. `catalog` is that
 * of the app (apps.ts; default afc-int's); a component not in it is not rendered.
 */
export function openafcEnabled(values: OpenafcValues, key: OpenafcComponentKey, catalog: Readonly<Partial<Record<OpenafcComponentKey, CatalogEntry>>> = openafcCatalog): boolean {
  const entry = catalog[key];
  const c = mergedOpenafcComponent(values, key);
  if (!c || !entry) return false;
  if (entry.kind !== 'Deployment' && entry.kind !== 'StatefulSet') return true;
  if (!c.imageName) {
    if (entry.optional) return false;
    throw new AfcError(`components.${key}.imageName is empty, and ${key} cannot be disabled: give its image name`);
  }
  return true;
}
