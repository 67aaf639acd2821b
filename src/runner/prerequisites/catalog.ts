/**
 * What `afc prerequisites` installs: the components of upstream OpenAFC's install_prerequisites.yaml
 * (1.0.1.0 to main), in its order, every version pinned, and the objects each one creates by name, so
 * that uninstall deletes those objects and nothing else. Data only: the plan (plan.ts) reads it.
 *
 * Versions and why:
 * - prometheus-operator v0.72.0: upstream's bundle (CRDs, then the operator in namespace default);
 *   the same file `crds/prometheus-operator-v0.72.0.yaml` holds its CRDs (example/prometheus-operator-crd
 *   of the Go module at that tag).
 * - prometheus-adapter chart 2.14.2: upstream's pin, and `afc cluster create`'s.
 * - External Secrets v0.16.2 (chart 0.16.2) where upstream pins v0.10.3: the chart renders
 *   `external-secrets.io/v1beta1` objects, which v0.16.2 still serves beside v1 (v0.17 stops serving
 *   v1beta1), and its CRDs (config/crds/bases) convert between the two with no webhook (no
 *   spec.conversion: the schemas are identical). One version for the CRD import, this command and the
 *   testbed controller. The CRDs are applied apart from the chart (`installCRDs=false`), so that
 *   `helm uninstall` never deletes them with the secrets they describe.
 * - ingress-nginx chart 4.12.1 (controller v1.12.1): upstream leaves it unpinned; 4.12.1 is the first
 *   chart with the fixes of the March 2025 advisories (CVE-2025-1974 and others), released days after
 *   upstream's 1.0.3.0.
 */

/** The label afc puts on every object it creates from a manifest (CRDs included); uninstall deletes only labelled ones. */
export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const MANAGED_BY_VALUE = 'afc-prerequisites';
/** The version label afc adds to the CRDs it applies (External Secrets' CRDs carry no version of their own). */
export const VERSION_LABEL = 'app.kubernetes.io/version';
/** prometheus-operator's own CRD annotation naming its version (`0.72.0`). */
export const PROMETHEUS_OPERATOR_VERSION_ANNOTATION = 'operator.prometheus.io/version';

export const COMPONENT_NAMES = ['prometheus-operator', 'prometheus', 'prometheus-adapter', 'external-secrets', 'ingress-nginx', 'prometheus-ingress'] as const;
export type ComponentName = (typeof COMPONENT_NAMES)[number];

/** An object a component creates, by kind (kubectl's resource name) and name. */
export interface ObjectRef {
  readonly resource: string;
  readonly name: string;
  /** Namespace of a namespaced object. */
  readonly namespace?: string;
}

/** A manifest file: where upstream publishes it, and its name in a `--source DIR` folder. */
export interface ManifestSource {
  readonly url: string;
  readonly file: string;
}

/** A Helm chart at a pinned version. */
export interface ChartSource {
  /** Chart name (also the base of `<name>-<version>.tgz` in a folder and of `oci://REF/<name>`). */
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
}

export interface CrdSet {
  /** The version these CRDs are, compared with the installed ones (never downgraded). */
  readonly version: string;
  readonly manifest: ManifestSource;
  /** Every CRD of the set (`plural.group`). */
  readonly names: readonly string[];
}

interface ComponentBase {
  readonly name: ComponentName;
  /** The name of upstream's install_prerequisites.yaml (prometheus_operator, ...). */
  readonly upstream: string;
  /** Namespace of its objects or release (created when missing, never deleted). */
  readonly namespace: string;
  readonly description: string;
}

/** A manifest applied server-side (`kubectl apply --server-side`), optionally with CRDs in it. */
export interface ManifestComponent extends ComponentBase {
  readonly kind: 'manifest';
  /** Where the manifest comes from: a pinned upstream file, or objects built here. */
  readonly manifest: ManifestSource | { readonly builtin: 'prometheus' | 'prometheus-ingress' };
  /** The CRDs the manifest holds (prometheus-operator's bundle). */
  readonly crds?: CrdSet;
  /** The objects besides the CRDs, as the pinned manifest holds them. */
  readonly objects: readonly ObjectRef[];
  /** The object whose presence means the component is installed. */
  readonly marker: ObjectRef;
}

/** A Helm chart release (`helm upgrade --install`), optionally with CRDs applied before it. */
export interface ChartComponent extends ComponentBase {
  readonly kind: 'chart';
  readonly release: string;
  readonly chart: ChartSource;
  readonly crds?: CrdSet;
  /** Built-in values files. */
  readonly builtinValues?: readonly 'prometheus_adapter'[];
  readonly settings?: readonly string[];
}

export type Component = ManifestComponent | ChartComponent;

export const PROMETHEUS_OPERATOR_VERSION = 'v0.72.0';
export const EXTERNAL_SECRETS_VERSION = 'v0.16.2';
export const PROMETHEUS_ADAPTER_CHART_VERSION = '2.14.2';
export const INGRESS_NGINX_CHART_VERSION = '4.12.1';

export const PROMETHEUS_OPERATOR_BUNDLE: ManifestSource = {
  url: `https://github.com/prometheus-operator/prometheus-operator/releases/download/${PROMETHEUS_OPERATOR_VERSION}/bundle.yaml`,
  file: `prometheus-operator-${PROMETHEUS_OPERATOR_VERSION}.yaml`,
};

const PROMETHEUS_OPERATOR_CRDS = ['alertmanagerconfigs', 'alertmanagers', 'podmonitors', 'probes', 'prometheusagents', 'prometheuses', 'prometheusrules', 'scrapeconfigs', 'servicemonitors', 'thanosrulers'].map(
  (p) => `${p}.monitoring.coreos.com`,
);

const EXTERNAL_SECRETS_CRDS = [
  ...['clusterexternalsecrets', 'clusterpushsecrets', 'clustersecretstores', 'externalsecrets', 'pushsecrets', 'secretstores'].map((p) => `${p}.external-secrets.io`),
  ...[
    'acraccesstokens', 'clustergenerators', 'ecrauthorizationtokens', 'fakes', 'gcraccesstokens', 'generatorstates', 'githubaccesstokens',
    'grafanas', 'passwords', 'quayaccesstokens', 'stssessiontokens', 'uuids', 'vaultdynamicsecrets', 'webhooks',
  ].map((p) => `${p}.generators.external-secrets.io`),
];

/** The components in install order (uninstall runs in reverse). */
export const COMPONENTS: readonly Component[] = [
  {
    kind: 'manifest',
    name: 'prometheus-operator',
    upstream: 'prometheus_operator',
    namespace: 'default',
    description: `prometheus-operator ${PROMETHEUS_OPERATOR_VERSION} (its CRDs and the operator)`,
    manifest: PROMETHEUS_OPERATOR_BUNDLE,
    crds: { version: PROMETHEUS_OPERATOR_VERSION, manifest: PROMETHEUS_OPERATOR_BUNDLE, names: PROMETHEUS_OPERATOR_CRDS },
    objects: [
      { resource: 'clusterrolebinding', name: 'prometheus-operator' },
      { resource: 'clusterrole', name: 'prometheus-operator' },
      { resource: 'deployment', name: 'prometheus-operator', namespace: 'default' },
      { resource: 'serviceaccount', name: 'prometheus-operator', namespace: 'default' },
      { resource: 'service', name: 'prometheus-operator', namespace: 'default' },
    ],
    marker: { resource: 'deployment', name: 'prometheus-operator', namespace: 'default' },
  },
  {
    kind: 'manifest',
    name: 'prometheus',
    upstream: 'prometheus',
    namespace: 'monitoring',
    description: 'the Prometheus that scrapes AFC (built in, as afc cluster create installs it)',
    manifest: { builtin: 'prometheus' },
    // What src/runner/monitoring/builtin.ts builds (a test holds them equal).
    objects: [
      { resource: 'serviceaccount', name: 'prometheus', namespace: 'monitoring' },
      { resource: 'clusterrole', name: 'prometheus' },
      { resource: 'clusterrolebinding', name: 'prometheus' },
      { resource: 'prometheuses.monitoring.coreos.com', name: 'main', namespace: 'monitoring' },
    ],
    marker: { resource: 'prometheuses.monitoring.coreos.com', name: 'main', namespace: 'monitoring' },
  },
  {
    kind: 'chart',
    name: 'prometheus-adapter',
    upstream: 'prometheus_adapter',
    namespace: 'monitoring',
    description: `prometheus-adapter chart ${PROMETHEUS_ADAPTER_CHART_VERSION} (release custom-metrics: custom and resource metrics for the autoscalers)`,
    release: 'custom-metrics',
    chart: { chart: 'prometheus-adapter', version: PROMETHEUS_ADAPTER_CHART_VERSION, repo: 'https://prometheus-community.github.io/helm-charts' },
    builtinValues: ['prometheus_adapter'],
  },
  {
    kind: 'chart',
    name: 'external-secrets',
    upstream: 'external_secrets',
    namespace: 'external-secrets',
    description: `External Secrets ${EXTERNAL_SECRETS_VERSION} (its CRDs, then the chart without them)`,
    release: 'external-secrets',
    chart: { chart: 'external-secrets', version: EXTERNAL_SECRETS_VERSION.slice(1), repo: 'https://charts.external-secrets.io' },
    crds: {
      version: EXTERNAL_SECRETS_VERSION,
      manifest: {
        url: `https://raw.githubusercontent.com/external-secrets/external-secrets/${EXTERNAL_SECRETS_VERSION}/deploy/crds/bundle.yaml`,
        file: `external-secrets-${EXTERNAL_SECRETS_VERSION}-crds.yaml`,
      },
      names: EXTERNAL_SECRETS_CRDS,
    },
    settings: ['installCRDs=false'],
  },
  {
    kind: 'chart',
    name: 'ingress-nginx',
    upstream: 'ingress_nginx',
    namespace: 'ingress-nginx',
    description: `ingress-nginx chart ${INGRESS_NGINX_CHART_VERSION}`,
    release: 'ingress-nginx',
    chart: { chart: 'ingress-nginx', version: INGRESS_NGINX_CHART_VERSION, repo: 'https://kubernetes.github.io/ingress-nginx' },
  },
  {
    kind: 'manifest',
    name: 'prometheus-ingress',
    upstream: 'prometheus_ingress',
    namespace: 'monitoring',
    description: 'the Ingress that exposes Prometheus at /prometheus through ingress-nginx (built in)',
    manifest: { builtin: 'prometheus-ingress' },
    objects: [{ resource: 'ingress', name: 'prometheus-ingress', namespace: 'monitoring' }],
    marker: { resource: 'ingress', name: 'prometheus-ingress', namespace: 'monitoring' },
  },
];

/** The APIService prometheus-adapter registers (rules.resource); on k3s, metrics-server's. */
export const METRICS_APISERVICE = 'v1beta1.metrics.k8s.io';

/** `--only` names: ours (prometheus-operator) or upstream's (prometheus_operator), comma-separated. */
export function componentByName(name: string): Component | undefined {
  const n = name.trim().replace(/_/g, '-');
  return COMPONENTS.find((c) => c.name === n);
}
