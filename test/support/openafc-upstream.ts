/**
 * The upstream reference renders of OpenAFC after fc912b4a, copied into test/fixtures/openafc/ from
 * ../shared/reference/openafc-upstream (test/fixtures/README.md): per revision folder, the
 * combinations of rendered/<chart>/ (afc-int, afc-ext) and the -f files each names (the reference's
 * README: `gcp-example` = inputs/gcp-example-common.yaml + inputs/gcp-example-<int|ext>.yaml,
 * `fake-secrets` and `k3d-ext-ips` = inputs/<token>.yaml, any other token T = helm/<chart>/values-T.yaml).
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Obj } from './compare.js';
import { fixOriginalDefects } from './compare.js';

export const UPSTREAM = resolve(import.meta.dirname, '..', 'fixtures', 'openafc');

/** Version id → reference folder. */
export const UPSTREAM_FOLDERS: Readonly<Record<string, string>> = { '1.0.1.0': '1.0.1.0', '1.0.3.0': '1.0.3.0', '717d3491': 'main-717d3491' };

export interface UpstreamCombination {
  readonly version: string;
  readonly name: string;
  readonly file: string;
  readonly tokens: readonly string[];
}

/** The upstream charts with renders: afc-int, and the outer cluster afc-ext. */
export type UpstreamChart = 'afc-int' | 'afc-ext';

export function upstreamCombinations(version: string, chart: UpstreamChart = 'afc-int'): UpstreamCombination[] {
  const dir = join(UPSTREAM, UPSTREAM_FOLDERS[version]!, 'rendered', chart);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ version, name: f.slice(0, -5), file: join(dir, f), tokens: f.slice(0, -5).split('+') }));
}

/** The -f files of a combination of `chart` (default afc-int), in order, as upstream's procedure composes them. */
export function upstreamValuesFiles(version: string, tokens: readonly string[], chart: UpstreamChart = 'afc-int'): string[] {
  const root = join(UPSTREAM, UPSTREAM_FOLDERS[version]!);
  return tokens.flatMap((t) => {
    if (t === 'base') return [];
    if (t === 'gcp-example') return [join(root, 'inputs', 'gcp-example-common.yaml'), join(root, 'inputs', `gcp-example-${chart === 'afc-ext' ? 'ext' : 'int'}.yaml`)];
    if (t === 'fake-secrets' || t === 'k3d-ext-ips') return [join(root, 'inputs', `${t}.yaml`)];
    return [join(root, 'helm', chart, `values-${t}.yaml`)];
  });
}

/**
 * Upstream's known render defects, corrected on a fixture (docs/incoming/versions.md lists them): the
 * cadvisor ServiceMonitor's stray labels (as fc912b4a), an ExternalSecret's component label leaked
 * from another template (helm's shared `$`), a PodMonitor of a disabled component (nginxexporter on
 * GCP: podmonitor-nginxexporter.yaml does not check the image), and a (Cluster)SecretStore with `provider: {}`, which the
 * External Secrets CRD rejects (afc leaves it out, with a warning).
 */
export function fixUpstreamDefects(objects: Obj[]): Obj[] {
  const workloads = new Set(objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet').map((o) => (o.metadata as Obj).name));
  return fixOriginalDefects(objects)
    .filter((o) => !(o.kind === 'PodMonitor' && !workloads.has((o.metadata as Obj).name)))
    .filter((o) => !(String(o.kind).endsWith('SecretStore') && Object.keys(((o.spec as Obj | undefined)?.provider as Obj | undefined) ?? {}).length === 0))
    .map((o) => {
      if (o.kind !== 'ExternalSecret') return o;
      const metadata = o.metadata as Obj;
      const labels = { ...(metadata.labels as Obj) };
      delete labels['app.kubernetes.io/component'];
      return { ...o, metadata: { ...metadata, labels } };
    });
}
