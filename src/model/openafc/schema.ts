/**
 * The typed model of OpenAFC's afc-int values after fc912b4a (tags 1.0.1.0 … main): one zod schema
 * for the values of those revisions (the types, the validation of merged overlays). Its shape is
 * upstream's values.yaml, so that revision's values files apply unchanged. Upstream's `null` that
 * means "present" is data here: a mounted secret is `true`, a declared external IP without an address
 * is `''`, a static volume still to be given is `{}` (see load.ts for how upstream files map to it).
 */
import { z } from 'zod';

/** Component keys of the 1.0.x charts (kebab-case; one set of templates each). */
export const OPENAFC_COMPONENT_KEYS = [
  'ratdb',
  'rmq',
  'dispatcher',
  'rat-server',
  'msghnd',
  'afcserver',
  'objst',
  'worker',
  'als-kafka',
  'als-siphon',
  'bulk-postgres',
  'uls-downloader',
  'cert-db',
  'rcache',
  'grafana',
  'nginxexporter',
  'prometheus',
  'cadvisor',
] as const;
export type OpenafcComponentKey = (typeof OPENAFC_COMPONENT_KEYS)[number];

/** Component keys of the afc-ext chart (the outer cluster: the dispatcher alone). */
export const OPENAFC_EXT_COMPONENT_KEYS = ['dispatcher'] as const satisfies readonly OpenafcComponentKey[];

function buildSchemas(componentKeys: readonly OpenafcComponentKey[] = OPENAFC_COMPONENT_KEYS, app: 'afc-int' | 'afc-ext' = 'afc-int') {
  const portNumber = z.number().int().min(1).max(65535);
  const fragment = z.record(z.string(), z.unknown());
  const quantity = z.union([z.string(), z.number()]);
  const envValue = z.union([z.string(), z.number(), z.boolean()]);
  const resources = z.strictObject({
    requests: z.record(z.string(), quantity).optional(),
    limits: z.record(z.string(), quantity).optional(),
  });
  const port = z.strictObject({
    servicePort: portNumber.optional().describe('Port exposed by the Service; absent = not exposed'),
    containerPort: portNumber.optional().describe('Port the container listens on; default servicePort'),
    nodePort: z.number().int().optional().describe('Node port used when the Service is NodePort'),
    appProtocol: z.string().optional().describe('Protocol hint of the Service port'),
  });
  const service = z.strictObject({
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']).optional().describe('Service type'),
    hostname: z.string().optional().describe('Service name ({{host:C}}); default the component key'),
    loadBalancerIpKey: z.string().optional().describe('Key in externalIps of the loadBalancerIP'),
    annotations: z.record(z.string(), z.string()).optional().describe('Service annotations'),
    selector: z.record(z.string(), z.string()).optional().describe('Pod selector (pods run by someone else)'),
  });
  const ingress = z.strictObject({
    annotations: z.record(z.string(), z.string()).optional().describe('Ingress annotations'),
    rules: z
      .array(
        z.strictObject({
          path: z.string(),
          pathType: z.enum(['Prefix', 'Exact', 'ImplementationSpecific']).optional(),
          portKey: z.string().describe('Port key of the component (its servicePort is the backend)'),
        }),
      )
      .optional(),
  });
  const component = z.strictObject({
    imageName: z.string().nullable().optional().describe('Image name without repository and tag; empty disables an optional component'),
    imageRepositoryKey: z.string().optional().describe('Key in imageRepositories'),
    imageRepositoryKeyOverride: z.string().nullable().optional().describe('Key in imageRepositories that overrides imageRepositoryKey'),
    imageTag: z.union([z.string(), z.number()]).nullable().optional().describe('Image tag; default the chart appVersion'),
    imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional().describe('Image pull policy'),
    service: service.optional().describe('The Service of the component'),
    initialReplicas: z.number().int().min(0).optional().describe('Deployment/StatefulSet replicas'),
    serviceAccount: z.string().nullable().optional().describe('Pod service account; empty = the namespace default'),
    securityContextKey: z.string().optional().describe('Key in securityContexts (the container security context)'),
    ports: z.record(z.string(), port).optional().describe('TCP ports by name'),
    containerResources: resources.nullable().optional().describe('Container resources (requests, limits)'),
    pvc: z
      .strictObject({
        name: z.string().optional().describe('Volume claim template name (kebab-cased)'),
        accessMode: z.enum(['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod']).optional(),
        mountPath: z.string().optional().describe('Mount path in the container'),
        resources: resources.optional().describe('Claim resources (requests.storage)'),
      })
      .optional()
      .describe('StatefulSet volume claim template'),
    env: z.record(z.string(), envValue.nullable()).optional().describe('Env variables of the component (placeholders as in sharedEnv)'),
    sharedEnvKeys: z.array(z.string()).optional().describe('sharedEnv groups added to the env, in order'),
    staticVolumeMounts: z.record(z.string(), z.string().nullable()).optional().describe('Mount paths of static volumes, by staticVolumes key'),
    mountedSecrets: z
      .union([z.array(z.string()), z.record(z.string(), z.literal(true))])
      .optional()
      .describe('External secrets mounted (1.0.1.0: a list; later: a map of `true`)'),
    metrics: z.looseObject({ port: z.string(), path: z.string().optional() }).optional().describe('The podMetricsEndpoints entry of its PodMonitor (port, path, params)'),
    hpa: z
      .strictObject({
        minReplicas: z.number().int().min(1).optional(),
        maxReplicas: z.number().int().min(1).optional(),
        metric: z.record(z.string(), fragment).optional(),
        behavior: fragment.optional(),
      })
      .optional()
      .describe('Horizontal Pod Autoscaler (minReplicas, maxReplicas, metric, behavior)'),
    livenessProbe: fragment.optional().describe('Container liveness probe'),
    readinessProbe: fragment.optional().describe('Container readiness probe'),
    startupProbe: fragment.optional().describe('Container startup probe'),
    ingress: ingress.optional().describe('Ingress of the Service (annotations, rules of path and portKey)'),
    noIngress: z.boolean().optional().describe('Render no Ingress even if `ingress` is set'),
  });
  const secretStore = z.strictObject({
    name: z.string().optional().describe('Object name of the store (afc only); default the key. Two apps in one cluster need two names'),
    provider: fragment.optional().describe('The provider clause of the (Cluster)SecretStore'),
    structured: z.boolean().optional().describe('Remote secrets are key-value maps (property is read from them)'),
    namespace: z.string().optional().describe('Set: a SecretStore in this namespace; absent: a ClusterSecretStore'),
    refreshInterval: z.number().int().optional().describe('Refresh interval in seconds'),
  });
  const externalSecret = z.strictObject({
    secretStore: z.string().optional().describe('Key in secretStores'),
    refreshInterval: z.union([z.string(), z.number()]).optional().describe('Refresh interval (5m; 0 = once)'),
    property: z.string().optional().describe('Property (file name) of the secret; absent = no ExternalSecret'),
    template: fragment.optional().describe('target.template of the ExternalSecret'),
    data: z.array(fragment).optional().describe('spec.data given whole (server-cert)'),
    mountPath: z.string().optional().describe('Where pods mount the secret'),
    mountPathPrefix: z.string().optional().describe('mountPath is this prefix + the secret name when not set'),
    subPath: z.string().optional().describe('(upstream: not used by its templates)'),
    structuredRemote: z.boolean().optional().describe('(upstream: not used by its templates)'),
    remoteSecretName: z.string().optional().describe('Name of the remote secret, if not the key'),
    remoteProperty: z.string().optional().describe('Key in a structured remote secret, if not property'),
  });
  const extNetworkPolicies = z.strictObject({
    enabled: z.boolean().optional().describe('Render NetworkPolicies: deny all but the dispatcher Service ports, from any address'),
    egress: z.boolean().optional().describe('Restrict egress too: DNS, and the inner cluster on the ports the env names'),
    egressRange: z
      .array(z.union([z.cidrv4(), z.cidrv6()]))
      .optional()
      .describe("The outer cluster's egress range to the inner cluster (CIDRs); default the /32 of each external IP the dispatcher forwards to"),
  });
  const componentsShape = Object.fromEntries(
    ['default', ...componentKeys].map((k) => [k, component.optional()]),
  ) as Record<'default' | OpenafcComponentKey, z.ZodOptional<typeof component>>;
  const values = z.strictObject({
    chart: z.strictObject({ name: z.string(), version: z.string(), appVersion: z.string() }).optional().describe('Chart metadata (Chart.yaml)'),
    appNameOverride: z.string().nullable().optional().describe('App name used instead of the chart name'),
    externalIps: z.record(z.string(), z.string()).optional().describe("External IPs by key; '' = declared, no address"),
    imageRepositories: z
      .record(z.string(), z.strictObject({ path: z.string().nullable().optional().describe('Repository path'), pushPath: z.string().optional().describe('Where image scripts push (not used by the chart)'), pullSecrets: z.array(z.string()).nullable().optional().describe('Names of image pull secrets') }))
      .optional()
      .describe('Image repositories by key'),
    securityContexts: z.record(z.string(), fragment).optional().describe('Security contexts by key'),
    sharedEnv: z.record(z.string(), z.record(z.string(), envValue.nullable())).optional().describe('Env groups by key (components.*.sharedEnvKeys)'),
    staticVolumes: z.record(z.string(), fragment).optional().describe('Pod volume sources by key; {} = still to be given'),
    components: z.strictObject(componentsShape).optional().describe('Components, merged with components.default'),
    secretStores: z.record(z.string(), secretStore).optional().describe('External Secrets Operator stores by key'),
    externalSecrets: z.record(z.string(), externalSecret).optional().describe('ExternalSecrets by secret name; `default` holds common properties'),
    networkPolicies: z
      .strictObject({
        enabled: z.boolean().optional().describe('Render NetworkPolicies from the dependency graph (afc only; default false)'),
        egress: z.boolean().optional().describe('Restrict egress too: DNS and the graph edges (afc only; default false)'),
      })
      .optional()
      .describe('NetworkPolicies from the dependency graph (afc only: see src/model/openafc/graph.ts)'),
    externalSecretsApiVersion: z
      .enum(['external-secrets.io/v1beta1', 'external-secrets.io/v1'])
      .optional()
      .describe('API version of the ExternalSecrets and stores (afc only): v1 for ESO >= 0.17; default v1beta1 as upstream'),
    ...(app === 'afc-ext' ? { networkPolicies: extNetworkPolicies.optional().describe("afc-ext's NetworkPolicies (afc only): the dispatcher's ingress and egress") } : {}),
  });
  return { component, values };
}

let built: ReturnType<typeof buildSchemas> | undefined;
/** The schemas of the 1.0.x model, built once on first use. */
export const openafcSchemas = (): ReturnType<typeof buildSchemas> => (built ??= buildSchemas());

let builtExt: ReturnType<typeof buildSchemas> | undefined;
/**
 * The schemas of the afc-ext chart's values: the same model, with the components of that chart only
 * (default, dispatcher), built once on first use.
 */
export const openafcExtSchemas = (): ReturnType<typeof buildSchemas> => (builtExt ??= buildSchemas(OPENAFC_EXT_COMPONENT_KEYS, 'afc-ext'));

/** afc-ext's `networkPolicies` (an afc field of that app only). */
export interface OpenafcExtNetworkPolicies {
  readonly enabled?: boolean;
  readonly egress?: boolean;
  readonly egressRange?: readonly string[];
}

export type OpenafcValues = z.infer<ReturnType<typeof buildSchemas>['values']>;
export type OpenafcComponent = z.infer<ReturnType<typeof buildSchemas>['component']>;
