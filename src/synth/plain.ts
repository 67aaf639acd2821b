/** Plain manifests: `kubectl apply -f DIR`. */
import { builtinPlatforms } from '../../platforms/index.js';
import { checkLabel, literalRuntime, MAX_RELEASE_NAME, resolveApp, resolveValues, type ValuesOptions, type Values } from '../model/index.js';
import { compareObjects, type K8sObject } from '../kit/objects.js';
import { synthObjects } from './objects.js';
import { toYamlStream } from '../kit/yaml.js';

export interface SynthOptions extends ValuesOptions {
  /** Helm release name (instance label). @default "afc" */
  readonly release?: string;
  /** Namespace set on every object (plain output). @default - none: kubectl's namespace */
  readonly namespace?: string;
}

export const DEFAULT_RELEASE = 'afc';

/** The release name, checked. */
export function releaseName(opts: SynthOptions): string {
  return checkLabel('release name', opts.release ?? DEFAULT_RELEASE, MAX_RELEASE_NAME);
}

/** The namespace, checked (a DNS label of at most 63 characters), or undefined. */
export function namespaceName(opts: SynthOptions): string | undefined {
  return opts.namespace === undefined ? undefined : checkLabel('namespace', opts.namespace);
}

/** Plain objects for the given inputs (values already resolved may be passed to skip the merge). */
export function synthPlainObjects(opts: SynthOptions, values: Values = resolveValues(opts, builtinPlatforms)): K8sObject[] {
  const release = releaseName(opts);
  const namespace = namespaceName(opts);
  return synthObjects(resolveApp(values, literalRuntime({ release, chart: values.chart! })), 'afc', namespace);
}

/**
 * `count` instances of the app in one stream: release `<release>-<i>` in namespace `<release>-<i>`
 * (i = 1..count), from values merged and validated once; objects in Helm's install order.
 */
export function synthInstances(opts: SynthOptions, count: number): K8sObject[] {
  const base = opts.release ?? DEFAULT_RELEASE;
  const values = resolveValues(opts, builtinPlatforms);
  const objects: K8sObject[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${base}-${i}`;
    objects.push(...synthPlainObjects({ ...opts, release: name, namespace: name }, values));
  }
  return objects.sort(compareObjects);
}

/** The file name of the plain output inside --out DIR. */
export const PLAIN_FILE = 'afc-int.k8s.yaml';

export function synthPlainYaml(opts: SynthOptions): string {
  return toYamlStream(synthPlainObjects(opts));
}
