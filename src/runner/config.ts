/**
 * The `afc cluster create` config: where the static files are, which node ports are exposed by default,
 * and what is installed into a new cluster. Same schema and defaults as the original
 * helm/bin cluster-create config YAML; a file given with `--cfg` (or `K3D_CLUSTER_CREATE_CONFIG`)
 * replaces the top-level keys it sets, and its `install` items replace the built-in items of the same
 * name (`NAME: null` removes one).
 *
 * Two keys are this project's own, because the prometheus manifests and the prometheus-adapter values
 * are built here rather than read from an OpenAFC checkout:
 * - `manifest_builtin: prometheus` — synthesize the named built-in manifests into a temporary folder
 *   and `kubectl create -f` it (instead of `manifest_path`);
 * - `helm_builtin_values: [prometheus_adapter]` — built-in values files, written to a temporary folder
 *   and passed with `--values` before `helm_values`.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { AfcError } from '../errors.js';
import { STATIC_FILES_HOST_PATH } from '../model/defaults/index.js';
import { expandPath, type Host } from '../kit/host.js';
import { PROMETHEUS_ADAPTER_CHART_VERSION, PROMETHEUS_OPERATOR_BUNDLE } from './prerequisites/catalog.js';


/** Built-in manifest sets (`manifest_builtin`). */
export const BUILTIN_MANIFESTS = ['prometheus'] as const;
/** Built-in values files (`helm_builtin_values`). */
export const BUILTIN_VALUES = ['prometheus_adapter'] as const;

const stringList = z.array(z.string());

export const installItemSchema = z
  .strictObject({
    order: z.number().optional().describe('Installation order; items without one are installed last'),
    namespace: z.string().optional().describe('Namespace to create (once) and install the manifests or chart in'),
    cmd: stringList.optional().describe('Commands run before installing, from the checkout root; a leading "-" ignores failure'),
    manifest_path: z.string().optional().describe('Manifest file or folder: absolute, or relative to the checkout root; ~ and $VARS expanded'),
    manifest_url: z.string().optional().describe('Manifest URL'),
    manifest_builtin: z.enum(BUILTIN_MANIFESTS).optional().describe('afc: built-in manifests to create'),
    helm_chart: z.string().optional().describe('Helm chart (REPO/CHART with helm_repo, else a path relative to the checkout root)'),
    helm_release: z.string().optional().describe('Helm release name; default --generate-name'),
    helm_repo: z.string().optional().describe('Helm repository URL'),
    helm_values: stringList.optional().describe('Helm values files: absolute, or relative to the checkout root'),
    helm_builtin_values: z.array(z.enum(BUILTIN_VALUES)).optional().describe('afc: built-in Helm values files'),
    helm_settings: stringList.optional().describe('Helm --set assignments'),
    helm_version: z.string().optional().describe('Helm chart version'),
    args: stringList.optional().describe('Further arguments (passed to helm install)'),
  })
  .superRefine((item, ctx) => {
    const manifests = (['manifest_path', 'manifest_url', 'manifest_builtin'] as const).filter((k) => item[k] !== undefined);
    if (manifests.length > 1) ctx.addIssue({ code: 'custom', message: `give one of ${manifests.join(', ')}` });
    if (manifests.length > 0 && item.helm_chart !== undefined) ctx.addIssue({ code: 'custom', message: 'give either a manifest or helm_chart, not both' });
    if (item.helm_repo !== undefined && !/^[^/]+\/./.test(item.helm_chart ?? '')) {
      ctx.addIssue({ code: 'custom', path: ['helm_chart'], message: 'with helm_repo, helm_chart must be REPO/CHART' });
    }
  });
export type InstallItem = z.infer<typeof installItemSchema>;

export const clusterConfigSchema = z.strictObject({
  static_files: z
    .strictObject({
      known_locations: stringList.describe('Where to look for the static files folder when --static is not given'),
      expected_items: stringList.describe('Files or folders a static files folder must hold'),
    })
    .describe('Static files (terrain and other databases) mounted into the cluster'),
  default_expose: stringList.describe('Node port names exposed when --expose is not given'),
  install: z.record(z.string(), installItemSchema).describe('What to install into a new cluster, by stage name'),
});
export type ClusterConfig = z.infer<typeof clusterConfigSchema>;

/** The built-in config: the original's, with the prometheus manifests and adapter values built in. */
export const DEFAULT_CLUSTER_CONFIG: ClusterConfig = {
  static_files: {
    known_locations: [STATIC_FILES_HOST_PATH],
    expected_items: ['ULS_Database', 'RAS_Database'],
  },
  default_expose: ['http', 'https'],
  install: {
    monitoring_namespace: { namespace: 'monitoring', order: 0 },
    prometheus_operator: {
      order: 1,
      // The same pinned versions as `afc prerequisites` (prerequisites/catalog.ts).
      manifest_url: PROMETHEUS_OPERATOR_BUNDLE.url,
    },
    prometheus: { order: 2, namespace: 'monitoring', manifest_builtin: 'prometheus' },
    prometheus_adapter: {
      namespace: 'monitoring',
      cmd: ['-kubectl delete apiservice v1beta1.metrics.k8s.io'],
      helm_chart: 'prometheus-community/prometheus-adapter',
      helm_repo: 'https://prometheus-community.github.io/helm-charts',
      helm_release: 'custom-metrics',
      helm_builtin_values: ['prometheus_adapter'],
      helm_version: PROMETHEUS_ADAPTER_CHART_VERSION,
      args: ['--wait', '--timeout', '5m'],
    },
  },
};

/** Environment variable naming the config file (as in the original). */
export const CONFIG_ENV = 'K3D_CLUSTER_CREATE_CONFIG';

const fileOverlaySchema = z.strictObject({
  static_files: clusterConfigSchema.shape.static_files.optional(),
  default_expose: stringList.optional(),
  install: z.record(z.string(), installItemSchema.nullable()).optional(),
});

/** The config: built-in, or with `--cfg FILE` / K3D_CLUSTER_CREATE_CONFIG applied over it. */
export function loadClusterConfig(file: string | undefined, host: Host): ClusterConfig {
  const path = file ?? host.env[CONFIG_ENV];
  if (!path) return DEFAULT_CLUSTER_CONFIG;
  const full = expandPath(path, host, host.cwd);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new AfcError(`config file "${full}" cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)}): check --cfg or ${CONFIG_ENV}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: false }) ?? {};
  } catch (e) {
    throw new AfcError(`config file "${full}" is not valid YAML: ${String((e as Error).message).split('\n')[0]}`);
  }
  const parsed = fileOverlaySchema.safeParse(doc);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AfcError(`config file "${full}": ${issue.path.join('.') || 'top level'}: ${issue.message}`);
  }
  const overlay = parsed.data;
  const install: Record<string, InstallItem> = { ...DEFAULT_CLUSTER_CONFIG.install };
  for (const [name, item] of Object.entries(overlay.install ?? {})) {
    if (item === null) delete install[name];
    else install[name] = item;
  }
  return {
    static_files: overlay.static_files ?? DEFAULT_CLUSTER_CONFIG.static_files,
    default_expose: overlay.default_expose ?? DEFAULT_CLUSTER_CONFIG.default_expose,
    install,
  };
}

/** Install items in order (stable; items without `order` last). */
export function orderedInstallItems(config: ClusterConfig): [string, InstallItem][] {
  return Object.entries(config.install)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => (a.entry[1].order ?? Infinity) - (b.entry[1].order ?? Infinity) || a.index - b.index)
    .map((x) => x.entry);
}
