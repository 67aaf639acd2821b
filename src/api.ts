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
import { platformAliases, platforms } from '../platforms/index.js';
import { helmChartFiles } from './synth/helm/index.js';
import { synthPlainObjects, type SynthOptions } from './synth/plain.js';
import { toYamlStream } from './synth/yaml.js';
import type { K8sObject } from './synth/objects.js';

export { AfcError, AfcValidationError } from './errors.js';
export type { K8sObject } from './synth/objects.js';
export type { Component, ComponentKey, ConfigMapKey, Values } from './model/schema.js';
export type { Overlay, Platform } from './model/overlay.js';
export { defaults } from './model/defaults/index.js';
export { platformAliases, platforms };

/** What to synthesize; every field is optional (the defaults alone give the base manifests). */
export interface SynthInput {
  /** Platform names (see {@link platforms}), applied in order. @default [] */
  readonly platforms?: readonly string[];
  /** YAML values files (paths), applied in order after the platforms. @default [] */
  readonly valuesFiles?: readonly string[];
  /** Helm-style `PATH=VALUE` assignments (`--set`), applied last. @default [] */
  readonly sets?: readonly string[];
  /** The release name (the instance label, object name prefix). @default "afc" */
  readonly release?: string;
  /** A namespace set on every object. @default - none */
  readonly namespace?: string;
}

const options = (input: SynthInput): SynthOptions => ({
  platforms: input.platforms ?? [],
  valuesFiles: input.valuesFiles ?? [],
  sets: input.sets ?? [],
  release: input.release,
  namespace: input.namespace,
});

/** The plain Kubernetes objects of `afc synth`, in Helm's install order. */
export function synth(input: SynthInput = {}): K8sObject[] {
  return synthPlainObjects(options(input));
}

/** The plain manifests as `afc synth --stdout` prints them (a multi-document YAML stream). */
export function synthYaml(input: SynthInput = {}): string {
  return toYamlStream(synth(input));
}

/**
 * The files of `afc synth --format helm` (path in the chart → content), e.g. `Chart.yaml`,
 * `values.yaml`, `templates/...`. `namespace` does not apply to a chart (helm install sets it).
 */
export function synthHelmChart(input: Omit<SynthInput, 'namespace'> = {}): Map<string, string> {
  return helmChartFiles(options({ ...input, namespace: undefined }));
}
