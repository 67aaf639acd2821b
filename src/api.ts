/**
 * The package's public API: synthesize AFC in a unit test and assert on the objects, the way cdk8s
 * users use `Testing.synth`.
 *
 * ```ts
 * import { synth } from 'afc-k8s';
 * const objects = synth({ platforms: ['gcp'] });
 * expect(objects.find((o) => o.metadata.name.includes('ratdb'))).toBeUndefined();
 * ```
 *
 * Inputs are applied as `afc synth` applies them: the defaults, then the platforms in order, then
 * the values files in order, then the `--set` assignments; bad input throws an {@link AfcError}
 * with the message `afc synth` would print.
 */
import { builtinPlatforms, platformAliases, platforms } from '../platforms/index.js';
import { openafcVersionNames } from '../platforms/versions.js';
import { openafcAppVersion } from '../platforms/ext-versions.js';
import { AfcError } from './errors.js';
import { resolveValues } from './model/load.js';
import type { Platform, PlatformRegistry } from './model/overlay.js';
import { helmChartFiles } from './synth/helm/index.js';
import { synthPlainObjects } from './synth/plain.js';
import { toYamlStream } from './kit/yaml.js';
import type { K8sObject } from './kit/objects.js';

export { AfcError, AfcValidationError } from './errors.js';
export type { K8sObject } from './kit/objects.js';
export type { Component, ComponentKey, ConfigMapKey, Values } from './model/schema.js';
export type { Overlay, Platform, PlatformRegistry } from './model/overlay.js';
export { defaults } from './model/defaults/index.js';
export { platformAliases, platforms, openafcVersionNames };

/** What to synthesize; every field is optional (the defaults alone give the base manifests). */
export interface SynthInput {
  /**
   * Platforms, applied in order: built-in ones by name (see {@link platforms}) or your own overlays
   * as {@link Platform} objects (validated with the rest of the values). @default []
   */
  readonly platforms?: readonly (string | Platform)[];
  /** YAML values files (paths), applied in order after the platforms. @default [] */
  readonly valuesFiles?: readonly string[];
  /** Helm-style `PATH=VALUE` assignments (`--set`), applied last. @default [] */
  readonly sets?: readonly string[];
  /** The release name (the instance label, object name prefix). @default "afc" */
  readonly release?: string;
  /** A namespace set on every object. @default - none */
  readonly namespace?: string;
  /**
   * The OpenAFC version of the model: `fc912b4a`, `1.0.1.0` (= `1.0.2.0`), `1.0.3.0` (=
   * `latest-release`), `717d3491` (= `main`); its platforms are those of that version. Own
   * {@link Platform} objects apply to fc912b4a only. @default "fc912b4a"
   */
  readonly openafc?: string;
  /**
   * The chart: `afc-int` (the inner cluster) or `afc-ext` (the outer cluster: the dispatcher alone,
   * forwarding to afc-int's ingress and RabbitMQ by `externalIps`; OpenAFC 1.0.1.0 and later, platforms
   * http, mtls, devel). @default "afc-int"
   */
  readonly app?: 'afc-int' | 'afc-ext';
  /** Receives warnings (one line each), e.g. no image tag given for a newer version. @default - ignored */
  readonly onWarning?: (line: string) => void;
}

/** The built-in registry, plus the input's own overlays under the names `<overlay 1>`, ... */
function load(input: SynthInput): { names: string[]; registry: PlatformRegistry } {
  const own: Record<string, Platform> = {};
  const names = (input.platforms ?? []).map((p) => {
    if (typeof p === 'string') return p;
    const name = `<overlay ${Object.keys(own).length + 1}>`;
    own[name] = p;
    return name;
  });
  if (Object.keys(own).length === 0) return { names, registry: builtinPlatforms };
  // Not prevalidated: values with an overlay of the caller's are always validated.
  return { names, registry: { platforms: { ...builtinPlatforms.platforms, ...own }, aliases: builtinPlatforms.aliases } };
}

/** The plain Kubernetes objects of `afc synth`, in Helm's install order. */
export function synth(input: SynthInput = {}): K8sObject[] {
  const version = openafcAppVersion(input.openafc, input.app);
  if (version.model !== 'fc912b4a') {
    if ((input.platforms ?? []).some((p) => typeof p !== 'string')) throw new AfcError(`own Platform objects apply to OpenAFC fc912b4a only: give OpenAFC ${version.id} values as valuesFiles or sets`);
    const platforms = (input.platforms ?? []) as string[];
    return synthPlainObjects({ platforms, valuesFiles: input.valuesFiles ?? [], sets: input.sets ?? [], release: input.release, namespace: input.namespace, openafc: version.id, app: version.app, warn: input.onWarning });
  }
  const { names, registry } = load(input);
  const opts = { platforms: names, valuesFiles: input.valuesFiles ?? [], sets: input.sets ?? [], release: input.release, namespace: input.namespace };
  return synthPlainObjects(opts, resolveValues(opts, registry));
}

/** The plain manifests as `afc synth --stdout` prints them (a multi-document YAML stream). */
export function synthYaml(input: SynthInput = {}): string {
  return toYamlStream(synth(input));
}

/**
 * The files of `afc synth --format helm` (path in the chart → content), e.g. `Chart.yaml`,
 * `values.yaml`, `templates/...`, for the platforms as {@link synth} takes them (built-in ones by name,
 * or your own overlays). `namespace` does not apply to a chart (helm install sets it).
 */
export function synthHelmChart(input: Omit<SynthInput, 'namespace'> = {}): Map<string, string> {
  const version = openafcAppVersion(input.openafc, input.app);
  if (version.model !== 'fc912b4a') {
    if ((input.platforms ?? []).some((p) => typeof p !== 'string')) throw new AfcError(`own Platform objects apply to OpenAFC fc912b4a only: give OpenAFC ${version.id} values as valuesFiles or sets`);
    return helmChartFiles({ platforms: (input.platforms ?? []) as string[], valuesFiles: input.valuesFiles ?? [], sets: input.sets ?? [], release: input.release, openafc: version.id, app: version.app, warn: input.onWarning });
  }
  const { names, registry } = load(input);
  return helmChartFiles({ platforms: names, valuesFiles: input.valuesFiles ?? [], sets: input.sets ?? [], release: input.release }, undefined, registry);
}
