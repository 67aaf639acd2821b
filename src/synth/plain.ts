/** Plain manifests: `kubectl apply -f DIR`. */
import { builtinPlatforms } from '../../platforms/index.js';
import { checkLabel, literalRuntime, MAX_RELEASE_NAME, resolveApp, resolveValues, type ValuesOptions, type Values } from '../model/index.js';
import { DEFAULT_OPENAFC, openafcVersion, withVersionHints, type OpenafcModelVersion } from '../../platforms/versions.js';
import { appModelOf, appVersionHints, openafcAppVersion } from '../../platforms/ext-versions.js';
import type { Plain } from '../model/merge.js';
import { mergeOpenafc, validateOpenafc } from '../model/openafc/load.js';
import type { OpenafcValues } from '../model/openafc/schema.js';
import { resolveOpenafcApp } from '../model/openafc/resolve.js';
import { compareObjects, type K8sObject } from '../kit/objects.js';
import { synthObjects } from './objects.js';
import { toYamlStream } from '../kit/yaml.js';

export interface SynthOptions extends ValuesOptions {
  /** The OpenAFC version (`--openafc`: an id or alias of platforms/versions.ts). @default "fc912b4a" */
  readonly openafc?: string;
  /** The app of the 1.0.x model: `afc-int` (the inner cluster) or `afc-ext` (the outer one, 1.0.x only). @default "afc-int" */
  readonly app?: string;
  /** Receives warnings (one line each, e.g. an image tag not given for a newer version). @default - ignored */
  readonly warn?: (line: string) => void;
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

/** Values of the default version: the original model, with hints of the other versions on bad keys. */
export function resolveDefaultValues(opts: SynthOptions): Values {
  try {
    return resolveValues(opts, builtinPlatforms);
  } catch (e) {
    throw withVersionHints(e, openafcVersion(DEFAULT_OPENAFC));
  }
}

/** Plain objects for the given inputs (values already resolved may be passed to skip the merge). */
export function synthPlainObjects(opts: SynthOptions, values?: Values): K8sObject[] {
  const version = openafcAppVersion(opts.openafc, opts.app);
  if (version.model === '1.0') return synthOpenafcObjects(opts, version);
  const resolved = values ?? resolveDefaultValues(opts);
  const release = releaseName(opts);
  const namespace = namespaceName(opts);
  return synthObjects(resolveApp(resolved, literalRuntime({ release, chart: resolved.chart! })), 'afc', namespace);
}

/**
 * The validated values of a version of the 1.0.x model, and the warnings every output of them
 * carries (no image tag given; see resolveOpenafcApp for the others).
 */
export function openafcValues(opts: SynthOptions, version: OpenafcModelVersion): { values: OpenafcValues; warnings: string[] } {
  let values;
  try {
    values = validateOpenafc(mergeOpenafc(version.defaults as Plain, opts, version.platforms), version.id, appModelOf(version));
  } catch (e) {
    throw appVersionHints(e, version);
  }
  const warnings: string[] = [];
  const tagged = Object.values(values.components ?? {}).some((c) => c?.imageTag !== undefined && c.imageTag !== null);
  if (!tagged) {
    warnings.push(`OpenAFC ${version.id}: no image tag given, so the images are tagged ${values.chart!.appVersion} (the appVersion of every revision's chart, not a build of ${version.id}): set components.default.imageTag to the images of this version`);
  }
  return { values, warnings };
}

/** Plain objects of a version of the 1.0.x model. */
function synthOpenafcObjects(opts: SynthOptions, version: OpenafcModelVersion): K8sObject[] {
  const release = releaseName(opts);
  const namespace = namespaceName(opts);
  const { values, warnings } = openafcValues(opts, version);
  const app = resolveOpenafcApp(values, literalRuntime({ release, chart: values.chart! }), warnings, appModelOf(version));
  for (const w of warnings) opts.warn?.(w);
  return synthObjects(app, 'afc', namespace);
}

/**
 * `count` instances of the app in one stream: release `<release>-<i>` in namespace `<release>-<i>`
 * (i = 1..count), from values merged and validated once; objects in Helm's install order.
 */
export function synthInstances(opts: SynthOptions, count: number): K8sObject[] {
  const base = opts.release ?? DEFAULT_RELEASE;
  const values = openafcAppVersion(opts.openafc, opts.app).model === 'fc912b4a' ? resolveDefaultValues(opts) : undefined;
  const objects: K8sObject[] = [];
  for (let i = 1; i <= count; i++) {
    const name = `${base}-${i}`;
    objects.push(...synthPlainObjects({ ...opts, release: name, namespace: name }, values));
  }
  return objects.sort(compareObjects);
}

/** The file name of the plain output inside --out DIR. */
export const PLAIN_FILE = 'afc-int.k8s.yaml';

/** The file name of the plain output of an app (afc-int: PLAIN_FILE). */
export const plainFileOf = (app: string | undefined): string => (app === 'afc-ext' ? 'afc-ext.k8s.yaml' : PLAIN_FILE);

export function synthPlainYaml(opts: SynthOptions): string {
  return toYamlStream(synthPlainObjects(opts));
}
