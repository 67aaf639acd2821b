/**
 * The typed model of the afc-int chart values: one zod schema is the source of the TypeScript types
 * (`z.infer`), the runtime validation of merged overlays, and the JSON Schema (README table, Helm
 * values.schema.json). Its shape is the original chart's values.yaml, so the original values files and
 * Helm-style `--set` paths apply unchanged.
 */
import { z } from 'zod';

/** Component keys the app knows how to build (one set of templates each in the original chart). */
export const COMPONENT_KEYS = [
  'ratdb',
  'rmq',
  'dispatcher',
  'rat_server',
  'msghnd',
  'objst',
  'worker',
  'als_kafka',
  'als_siphon',
  'bulk_postgres',
  'uls_downloader',
  'cert_db',
  'rcache',
  'grafana',
  'nginxexporter',
  'prometheus',
  'cadvisor',
] as const;
export type ComponentKey = (typeof COMPONENT_KEYS)[number];

/** Env ConfigMap keys (one ConfigMap each). */
export const CONFIGMAP_KEYS = [
  'dispatcher',
  'rat_server',
  'msghnd',
  'objst',
  'objst-common',
  'objst-client',
  'celery-client',
  'als-client',
  'als_kafka',
  'als_kafka-common',
  'als_siphon',
  'worker',
  'uls_downloader',
  'rcache-common',
  'rcache-client',
  'rcache',
] as const;
export type ConfigMapKey = (typeof CONFIGMAP_KEYS)[number];

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer'] as const;
export const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'] as const;
export const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'] as const;

/**
 * The zod schemas, built on first use by schemas(): building them costs several milliseconds, and a
 * synth of static data (defaults and platforms, see load.ts) validates nothing at run time.
 */
function buildSchemas() {
  const portNumber = z.number().int().min(1).max(65535);
  /** A free-form Kubernetes object fragment (volume source, resources, HPA behavior...). */
  const fragment = z.record(z.string(), z.unknown());
  const quantity = z.union([z.string(), z.number()]);
  const resources = z.strictObject({
    requests: z.record(z.string(), quantity).optional().describe('Resource requests (memory, cpu, ...)'),
    limits: z.record(z.string(), quantity).optional().describe('Resource limits (memory, cpu, ...)'),
  });

  const portSchema = z.strictObject({
    servicePort: portNumber.optional().describe('Port exposed by the Service; absent = not exposed by a Service'),
    containerPort: portNumber.optional().describe('Port the container listens on; default servicePort'),
    nodePort: z
      .number()
      .int()
      .optional()
      .describe('Node port (30000-32767) used when the Service is NodePort; its name is the port key'),
  });

  const pvcSchema = z.strictObject({
    name: z.string().optional().describe('PVC template name (kebab-cased)'),
    accessMode: z.enum(ACCESS_MODES).optional().describe('PVC access mode'),
    mountPath: z.string().optional().describe('Mount path inside the container'),
    resources: resources.optional().describe('PVC resources (requests.storage)'),
  });

  const metricsSchema = z
    .looseObject({
      port: z.string().describe('Name of the port to scrape'),
      path: z.string().optional().describe('Metrics path; default /metrics'),
    })
    .describe('The one podMetricsEndpoints entry of the component PodMonitor (port, path, params, ...)');

  const hpaSchema = z.strictObject({
    minReplicas: z.number().int().min(1).optional().describe('Minimum replicas; default 1'),
    maxReplicas: z.number().int().min(1).optional().describe('Maximum replicas (required when hpa is set)'),
    metric: z
      .record(z.string(), fragment)
      .optional()
      .describe('One key (external, resource, pods, object): the type-specific part of the HPA metric'),
    behavior: fragment.optional().describe('HPA behavior clause; default: scale at once'),
  });

  const componentSchema = z.strictObject({
    imageName: z.string().nullable().optional().describe('Image name without repository and tag; empty disables an optional component'),
    imageRepositoryKey: z.string().optional().describe('Key in imageRepositories'),
    imageRepositoryKeyOverride: z.string().nullable().optional().describe('Key in imageRepositories that overrides imageRepositoryKey'),
    imageTag: z.union([z.string(), z.number()]).nullable().optional().describe('Image tag; default the chart appVersion'),
    imagePullPolicy: z.enum(PULL_POLICIES).optional().describe('Image pull policy'),
    hostname: z.string().optional().describe('Service name (and {{host:C}} value); default the component key'),
    serviceType: z.enum(SERVICE_TYPES).optional().describe('Kubernetes Service type'),
    initialReplicas: z.number().int().min(0).optional().describe('Deployment/StatefulSet replicas'),
    loadBalancerIP: z.string().nullable().optional().describe('Service loadBalancerIP'),
    serviceAccount: z.string().nullable().optional().describe('Pod service account; empty = namespace default'),
    securityContextKey: z.string().optional().describe('Key in securityContexts'),
    ports: z.record(z.string(), portSchema).optional().describe('TCP ports by name'),
    containerResources: resources.nullable().optional().describe('Container resources (requests, limits)'),
    pvc: pvcSchema.optional().describe('StatefulSet volume claim template'),
    envConfigmapKeys: z.array(z.string()).optional().describe('ConfigMaps (keys of configmaps) loaded with envFrom, in order'),
    staticVolumeMounts: z
      .record(z.string(), z.string().nullable())
      .optional()
      .describe('Mount paths of static volumes, by staticVolumes key'),
    metrics: metricsSchema.optional(),
    hpa: hpaSchema.optional().describe('Horizontal Pod Autoscaler'),
  });

  const componentsShape = Object.fromEntries(
    ['default', ...COMPONENT_KEYS].map((key) => [key, componentSchema.optional()]),
  ) as Record<'default' | ComponentKey, z.ZodOptional<typeof componentSchema>>;

  const envValueSchema = z.union([z.string(), z.number(), z.boolean()]);
  const configmapsShape = Object.fromEntries(
    CONFIGMAP_KEYS.map((key) => [key, z.record(z.string(), envValueSchema.nullable()).optional()]),
  ) as Record<ConfigMapKey, z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodNullable<typeof envValueSchema>>>>;

  const chartMetaSchema = z.strictObject({
    name: z.string().describe('Chart name (app.kubernetes.io/name, helm.sh/chart)'),
    version: z.string().describe('Chart version'),
    appVersion: z.string().describe('App version: default image tag, app.kubernetes.io/version'),
  });

  const imageRepositorySchema = z.strictObject({
    path: z.string().nullable().optional().describe('Repository path'),
    pullSecrets: z.array(z.string()).nullable().optional().describe('Names of image pull secrets'),
  });

  const { declaredEdgeSchema, externalEgressSchema, networkPoliciesSchema } = networkSchemas(portNumber);

  const valuesSchema = z.strictObject({
    chart: chartMetaSchema.optional().describe('Chart metadata (Chart.yaml of the Helm output)'),
    appNameOverride: z.string().nullable().optional().describe('App name used instead of the chart name'),
    imageRepositories: z.record(z.string(), imageRepositorySchema).optional().describe('Image repositories by key'),
    securityContexts: z.record(z.string(), fragment).optional().describe('Security contexts by key'),
    configmaps: z.strictObject(configmapsShape).optional().describe('Env ConfigMaps: variables by ConfigMap key'),
    staticVolumes: z.record(z.string(), fragment).optional().describe('Pod volume sources by volume key'),
    components: z.strictObject(componentsShape).optional().describe('Components, merged with components.default'),
    networkPolicies: networkPoliciesSchema.optional().describe('NetworkPolicies from the dependency graph (see src/model/graph.ts)'),
  });

  return { declaredEdgeSchema, externalEgressSchema, networkPoliciesSchema, portSchema, pvcSchema, metricsSchema, hpaSchema, componentSchema, envValueSchema, chartMetaSchema, imageRepositorySchema, valuesSchema };
}

/** The `networkPolicies` section: switches, and the graph's declared edges and external egress (maps, so overlays merge them). */
function networkSchemas(portNumber: z.ZodNumber) {
  const declaredEdgeSchema = z.strictObject({
    from: z.string().describe('Component that opens the connection'),
    to: z.string().describe('Component it connects to'),
    port: z.string().describe('Port key of `to` (components.<to>.ports)'),
    evidence: z.string().describe('Where the image configures the connection (file at the chart commit, compose entry)'),
  });
  const externalEgressSchema = z.strictObject({
    from: z.string().describe('Component that connects out of the cluster'),
    ports: z.array(portNumber).min(1).describe('TCP ports it connects to'),
    cidr: z.string().optional().describe('Destination addresses; default 0.0.0.0/0'),
    evidence: z.string().describe('What it connects to and where that is configured'),
  });
  const networkPoliciesSchema = z.strictObject({
    enabled: z.boolean().optional().describe('Render a default-deny ingress policy and one policy per component allowing its inbound graph edges'),
    egress: z.boolean().optional().describe('Also deny egress except DNS, the graph edges and externalEgress'),
    edges: z.record(z.string(), declaredEdgeSchema).optional().describe('Declared edges (connections configured inside the images, not in env), by name'),
    externalEgress: z.record(z.string(), externalEgressSchema).optional().describe('Connections out of the cluster, by name (used when egress is on)'),
  });
  return { declaredEdgeSchema, externalEgressSchema, networkPoliciesSchema };
}

export type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;

/** The schemas of the model (valuesSchema, componentSchema, ...), built once, on first use. */
export const schemas = (): Schemas => (built ??= buildSchemas());

export type Component = z.infer<Schemas['componentSchema']>;

export type DeclaredEdge = z.infer<Schemas['declaredEdgeSchema']>;
export type ExternalEgress = z.infer<Schemas['externalEgressSchema']>;

/** Chart values as written in defaults and overlays (every field optional). */
export type Values = z.infer<Schemas['valuesSchema']>;
