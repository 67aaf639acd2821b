/**
 * The apps of the 1.0.x model: upstream's two charts written in the same values. afc-int is the inner
 * cluster (every component, the cadvisor ServiceMonitor); afc-ext the outer one (the dispatcher alone,
 * forwarding to the inner cluster's ingress and RabbitMQ by `externalIps`). What differs between them
 * is data: the components their templates render, the schema of their values, their NetworkPolicies.
 */
import type { CatalogEntry } from '../defaults/index.js';
import { openafcCatalog } from './catalog.js';
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
  /** Its NetworkPolicies from its values. @default - afc-int's, from its dependency graph (resolve.ts networkPoliciesOf) */
  readonly networkPolicies?: (values: OpenafcValues) => ResolvedNetworkPolicies | undefined;
}

/** What afc-int's templates encode per component: its home is catalog.ts (the graph reads it without the resolver). */
export { openafcCatalog };

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
