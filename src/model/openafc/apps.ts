/**
 * The apps of the 1.0.x model: upstream's two charts written in the same values. afc-int is the inner
 * cluster (every component, the cadvisor ServiceMonitor); afc-ext the outer one (the dispatcher alone,
 * forwarding to the inner cluster's ingress and RabbitMQ by `externalIps`). What differs between them
 * is data: the components their templates render, the schema of their values, their NetworkPolicies.
 */
import type { CatalogEntry } from '../defaults/index.js';
import type { ResolvedNetworkPolicies } from '../network-policies.js';
import { extNetworkPolicies } from './topology.js';
import { OPENAFC_COMPONENT_KEYS, OPENAFC_EXT_COMPONENT_KEYS, openafcExtSchemas, openafcSchemas, type OpenafcComponentKey, type OpenafcValues } from './schema.js';

/** An app (a chart) of OpenAFC: `afc-int` (the default) or `afc-ext`. */
export type OpenafcAppName = 'afc-int' | 'afc-ext';

/** The apps, the default first. */
export const OPENAFC_APPS: readonly OpenafcAppName[] = ['afc-int', 'afc-ext'];

export interface OpenafcAppModel {
  readonly app: OpenafcAppName;
  /** The components its templates render, in output order. */
  readonly componentKeys: readonly OpenafcComponentKey[];
  /** What its templates encode per component (workload kind, disabled by an empty image). */
  readonly catalog: Readonly<Partial<Record<OpenafcComponentKey, CatalogEntry>>>;
  /** Whether it renders the cadvisor ServiceMonitor (afc-int's servicemonitor-cadvisor.yaml). */
  readonly cadvisorMonitor: boolean;
  /** The schemas of its values. */
  readonly schemas: typeof openafcSchemas;
  /** Its NetworkPolicies from its values. @default - none (afc-int of 1.0.x has none yet) */
  readonly networkPolicies?: (values: OpenafcValues) => ResolvedNetworkPolicies | undefined;
}

/** What afc-int's templates encode per component (deployment-*.yaml guards, statefulset-*, service-prometheus). */
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

export const OPENAFC_INT_APP: OpenafcAppModel = {
  app: 'afc-int',
  componentKeys: OPENAFC_COMPONENT_KEYS,
  catalog: openafcCatalog,
  cadvisorMonitor: true,
  schemas: openafcSchemas,
};

/** afc-ext: deployment-dispatcher.yaml has no guard, so its dispatcher cannot be disabled. */
export const OPENAFC_EXT_APP: OpenafcAppModel = {
  app: 'afc-ext',
  componentKeys: OPENAFC_EXT_COMPONENT_KEYS,
  catalog: { dispatcher: { kind: 'Deployment' } },
  cadvisorMonitor: false,
  schemas: openafcExtSchemas,
  networkPolicies: extNetworkPolicies,
};

/** The model of an app by name. */
export const openafcAppModel = (app: OpenafcAppName): OpenafcAppModel => (app === 'afc-ext' ? OPENAFC_EXT_APP : OPENAFC_INT_APP);
