/** Plain manifests: `kubectl apply -f DIR`. */
import { literalRuntime, releaseNameProblem, resolveApp, resolveValues, type ValuesOptions, type Values } from '../model/index.js';
import { AfcError } from '../errors.js';
import { synthObjects, type K8sObject } from './objects.js';
import { toYamlStream } from './yaml.js';

export interface SynthOptions extends ValuesOptions {
  /** Helm release name (instance label). @default "afc" */
  readonly release?: string;
}

export const DEFAULT_RELEASE = 'afc';

/** The release name, checked. */
export function releaseName(opts: SynthOptions): string {
  const release = opts.release ?? DEFAULT_RELEASE;
  const problem = releaseNameProblem(release);
  if (problem) throw new AfcError(problem);
  return release;
}

/** Plain objects for the given inputs (values already resolved may be passed to skip the merge). */
export function synthPlainObjects(opts: SynthOptions, values: Values = resolveValues(opts)): K8sObject[] {
  const release = releaseName(opts);
  return synthObjects(resolveApp(values, literalRuntime({ release, chart: values.chart! })));
}

/** The file name of the plain output inside --out DIR. */
export const PLAIN_FILE = 'afc-int.k8s.yaml';

export function synthPlainYaml(opts: SynthOptions): string {
  return toYamlStream(synthPlainObjects(opts));
}
