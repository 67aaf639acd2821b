/**
 * The typed model of the afc-int chart values: one zod schema is the source of the TypeScript types
 * (`z.infer`), the runtime validation of merged overlays, and the JSON Schema (the values reference docs/reference/values.md, Helm
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


  // ---- Hardening fields (issue 14; all optional, absent = the original chart's output) ----
  /** A port of a probe: a number, or a port key of the component (rendered as its Kubernetes name). */
  const probePort = z.union([portNumber, z.string()]);
  /** Kubernetes' Probe (core/v1): exactly one handler (exec, httpGet, tcpSocket, grpc) and its timing. */
  const probeSchema = z
    .strictObject({
      exec: z.strictObject({ command: z.array(z.string()).min(1) }).optional().describe('Command run in the container; exit 0 = success'),
      httpGet: z
        .strictObject({
          path: z.string().optional(),
          port: probePort,
          host: z.string().optional(),
          scheme: z.enum(['HTTP', 'HTTPS']).optional(),
          httpHeaders: z.array(z.strictObject({ name: z.string(), value: z.string() })).optional(),
        })
        .optional()
        .describe('HTTP GET; 200-399 = success'),
      tcpSocket: z.strictObject({ port: probePort, host: z.string().optional() }).optional().describe('TCP connect'),
      grpc: z.strictObject({ port: portNumber, service: z.string().optional() }).optional().describe('gRPC health check'),
      initialDelaySeconds: z.number().int().min(0).optional(),
      periodSeconds: z.number().int().min(1).optional(),
      timeoutSeconds: z.number().int().min(1).optional(),
      successThreshold: z.number().int().min(1).optional(),
      failureThreshold: z.number().int().min(1).optional(),
      terminationGracePeriodSeconds: z.number().int().min(1).optional(),
    })
    .describe("Kubernetes' probe shape: one of exec, httpGet, tcpSocket, grpc, plus timing; a string port is a port key of the component");
  /** Pod-level security context fields (merged over the pod-level part of securityContexts[securityContextKey]). */
  const podSecurityContextSchema = z.strictObject({
    runAsNonRoot: z.boolean().optional().describe('Refuse to start a container whose user is root'),
    runAsUser: z.number().int().min(0).optional().describe('UID of the container processes'),
    runAsGroup: z.number().int().min(0).optional().describe('Primary GID of the container processes'),
    fsGroup: z.number().int().min(0).optional().describe('Group that owns (and may write) the pod volumes'),
    fsGroupChangePolicy: z.enum(['OnRootMismatch', 'Always']).optional(),
    supplementalGroups: z.array(z.number().int().min(0)).optional(),
    seccompProfile: z
      .strictObject({ type: z.enum(['RuntimeDefault', 'Localhost', 'Unconfined']), localhostProfile: z.string().optional() })
      .optional()
      .describe('Seccomp profile of the pod'),
  });
  const hardeningComponentFields = {
    livenessProbe: probeSchema.optional().describe('Container liveness probe; absent = none'),
    readinessProbe: probeSchema.optional().describe('Container readiness probe; absent = none'),
    startupProbe: probeSchema.optional().describe('Container startup probe; absent = none'),
    automountServiceAccountToken: z.boolean().nullable().optional().describe('Mount the ServiceAccount API token in the pod; absent = the Kubernetes default (mounted)'),
    podSecurityContext: podSecurityContextSchema.optional().describe('Pod security context fields, merged over those of securityContexts[securityContextKey]'),
    readOnlyStaticVolumes: z.array(z.string()).optional().describe('Keys of staticVolumeMounts mounted read-only'),
  };
  const staticVolumeClaimSchema = z.strictObject({
    accessMode: z.enum(ACCESS_MODES).optional().describe('Claim access mode; default ReadOnlyMany'),
    storage: quantity.describe('Requested size (resources.requests.storage)'),
    storageClassName: z.string().optional().describe('StorageClass; "" = bind only to a pre-created PersistentVolume'),
    volumeName: z.string().optional().describe('Name of the PersistentVolume to bind (one holding the data)'),
  });
  // ---- end of hardening fields ----

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
    ...hardeningComponentFields,
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
    staticVolumeClaims: z
      .record(z.string(), staticVolumeClaimSchema)
      .optional()
      .describe('PersistentVolumeClaims that back static volumes (by staticVolumes key): rendered, and used instead of the volume source'),
    components: z.strictObject(componentsShape).optional().describe('Components, merged with components.default'),
    networkPolicies: networkPoliciesSchema.optional().describe('NetworkPolicies from the dependency graph (see src/model/graph.ts)'),
  });

  return { probeSchema, podSecurityContextSchema, staticVolumeClaimSchema, declaredEdgeSchema, externalEgressSchema, networkPoliciesSchema, portSchema, pvcSchema, metricsSchema, hpaSchema, componentSchema, envValueSchema, chartMetaSchema, imageRepositorySchema, valuesSchema };
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
