/**
 * The chart defaults (today's values.yaml) as one typed module, plus the catalog: the facts about each
 * component that the original chart encoded in its templates (workload kind, which components an empty
 * image disables, the externally-owned services). Constructs read everything from here; they hold no
 * literals but the names of what they build.
 */
import type { ComponentKey, Values } from '../schema.js';
import { components } from './components.js';
import { configmaps } from './configmaps.js';
import { networkPolicies } from './network.js';

/** The host folder of the static files (rat_transfer): the chart's hostPath, the k3d nodes' mount point. */
export const STATIC_FILES_HOST_PATH = '/opt/afc/databases/rat_transfer';

export const defaults = {
  chart: { name: 'afc-int', version: '0.0.0', appVersion: 'brcm-3.8.14.0.1' },
  imageRepositories: {
    public: { path: 'public.ecr.aws/w9v6y1o0/openafc', pullSecrets: [] },
    private: { path: '110738915961.dkr.ecr.us-east-1.amazonaws.com', pullSecrets: [] },
    k3d: { path: 'Intentionally left incorrect because it requires override' },
  },
  securityContexts: {
    none: {},
    readOnly: { readOnlyRootFilesystem: true },
  },
  configmaps,
  staticVolumes: {
    rat_transfer: { hostPath: { path: STATIC_FILES_HOST_PATH, type: 'Directory' } },
    // Better overridden; the type lets an override bypass creation.
    pipe: { hostPath: { path: '/tmp', type: 'DirectoryOrCreate' } },
    notifier_mail_secret: { secret: { secretName: 'notifier-mail' } },
  },
  components,
  networkPolicies,
} satisfies Values;

/** What a component is deployed as. `service-only` components have no workload of this chart. */
export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'service-only' | 'monitor-only';

/** Whether a catalog entry is deployed as a workload of this chart (a Deployment or a StatefulSet). */
export const hasWorkload = (entry: Pick<CatalogEntry, 'kind'>): boolean => entry.kind === 'Deployment' || entry.kind === 'StatefulSet';

export interface CatalogEntry {
  /** What the component is deployed as. */
  readonly kind: WorkloadKind;
  /** An empty imageName disables the component instead of being an error. */
  readonly optional?: boolean;
  /** For `service-only`: the namespace and pod selector of the Service (pods owned by someone else). */
  readonly externalService?: {
    readonly namespace: string;
    readonly selector: Readonly<Record<string, string>>;
    /** The Service exists only with this type (e.g. a NodePort to reach it from a k3d host). */
    readonly onlyWhenServiceType: string;
  };
}

export const catalog: Readonly<Record<ComponentKey, CatalogEntry>> = {
  ratdb: { kind: 'StatefulSet', optional: true },
  bulk_postgres: { kind: 'StatefulSet', optional: true },
  rmq: { kind: 'Deployment' },
  dispatcher: { kind: 'Deployment' },
  rat_server: { kind: 'Deployment' },
  msghnd: { kind: 'Deployment' },
  objst: { kind: 'Deployment' },
  worker: { kind: 'Deployment' },
  als_kafka: { kind: 'Deployment' },
  als_siphon: { kind: 'Deployment' },
  uls_downloader: { kind: 'Deployment' },
  cert_db: { kind: 'Deployment' },
  rcache: { kind: 'Deployment' },
  grafana: { kind: 'Deployment' },
  nginxexporter: { kind: 'Deployment', optional: true },
  prometheus: {
    kind: 'service-only',
    externalService: { namespace: 'monitoring', selector: { prometheus: 'main' }, onlyWhenServiceType: 'NodePort' },
  },
  cadvisor: { kind: 'monitor-only' },
};

/** The kubelet/cadvisor ServiceMonitor (fixed content, labelled as component `cadvisor`). */
export const cadvisorServiceMonitor = {
  component: 'cadvisor' as ComponentKey,
  name: 'kubelet',
  extraLabels: { app: 'kubelet' },
  spec: {
    endpoints: [
      {
        port: 'https-metrics',
        scheme: 'https',
        interval: '5s',
        tlsConfig: { insecureSkipVerify: true },
        bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      },
      {
        port: 'https-metrics',
        scheme: 'https',
        path: '/metrics/cadvisor',
        interval: '30s',
        honorLabels: true,
        tlsConfig: { insecureSkipVerify: true },
        bearerTokenFile: '/var/run/secrets/kubernetes.io/serviceaccount/token',
      },
    ],
    jobLabel: 'kubelet',
    namespaceSelector: { matchNames: ['kube-system'] },
    selector: { matchLabels: { 'k8s-app': 'kubelet' } },
  },
};
