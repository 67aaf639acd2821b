/**
 * Runtime values: the fields an operator sets at install time (image tag and repository, pull policy,
 * replicas, Service type and the node ports it brings, HPA bounds) and the release-dependent labels.
 * Plain output renders them as literals; the Helm output renders the same fields as template
 * expressions (see src/synth/helm/). The resolver asks a `Runtime` for each such field, giving the
 * literal it computed; constructs never know which output they build.
 */
import type { ComponentKey } from './schema.js';

/** The image a component runs, in parts (repository key, path, name, tag). */
export interface ImageParts {
  readonly repositoryKey: string;
  readonly path: string | undefined;
  readonly name: string;
  readonly tag: string;
}

export interface Runtime {
  image(c: ComponentKey, image: ImageParts): string;
  imagePullPolicy(c: ComponentKey, literal: string): string;
  replicas(c: ComponentKey, literal: number): number;
  serviceType(c: ComponentKey, literal: string): string;
  /** The nodePort of a Service port that has one: present only while the Service is NodePort. */
  nodePort(c: ComponentKey, serviceType: string, nodePort: number): number | undefined;
  /** Whether an object that exists only for one Service type is rendered (or a guard for it). */
  existsWhenServiceType(c: ComponentKey, serviceType: string, required: string): boolean | string;
  /** The pod imagePullSecrets (a Helm block token in chart output). */
  imagePullSecrets(c: ComponentKey, literal: readonly string[]): { name: string }[] | string | undefined;
  hpaMinReplicas(c: ComponentKey, literal: number): number;
  hpaMaxReplicas(c: ComponentKey, literal: number): number;
  /** Labels that depend on the release and the tool: instance (undefined = omitted), managed-by, chart, version. */
  readonly releaseLabels: {
    readonly instance: string | undefined;
    readonly managedBy: string;
    readonly chart: string;
    readonly version: string;
  };
}

/** The name Helm gives a release in `helm template` when none is given: its instance label is omitted. */
export const HELM_DEFAULT_RELEASE = 'release-name';

/** The tool named by app.kubernetes.io/managed-by in plain output. */
export const PLAIN_MANAGED_BY = 'afc';

/** Runtime values as literals: plain manifests. */
export function literalRuntime(opts: { release: string; chart: { name: string; version: string; appVersion: string } }): Runtime {
  return {
    image: (_c, i) => `${i.path ? `${i.path}/` : ''}${i.name}:${i.tag}`,
    imagePullPolicy: (_c, v) => v,
    replicas: (_c, v) => v,
    serviceType: (_c, v) => v,
    nodePort: (_c, type, n) => (type === 'NodePort' ? n : undefined),
    existsWhenServiceType: (_c, type, required) => type === required,
    imagePullSecrets: (_c, names) => (names.length > 0 ? names.map((name) => ({ name })) : undefined),
    hpaMinReplicas: (_c, v) => v,
    hpaMaxReplicas: (_c, v) => v,
    releaseLabels: {
      instance: opts.release === HELM_DEFAULT_RELEASE ? undefined : opts.release,
      managedBy: PLAIN_MANAGED_BY,
      chart: `${opts.chart.name}-${opts.chart.version}`,
      version: opts.chart.appVersion,
    },
  };
}
