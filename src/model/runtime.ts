/**
 * Runtime values: the fields an operator sets at install time (image tag and repository, pull policy,
 * replicas, Service type and the node ports it brings, HPA bounds) and the release-dependent labels.
 * The resolver asks a `Runtime` for each such field, giving the literal it computed, and stores the
 * answer - a `Param` - in the resolved app: a literal for plain output (literalRuntime), a `HelmExpr`
 * for the chart (src/synth/helm/runtime.ts). The resolved app keeps no reference to the Runtime.
 */
import type { Guard, Param } from './param.js';
import type { ComponentKey } from './schema.js';

/** The image a component runs, in parts (repository key, path, name, tag). */
export interface ImageParts {
  readonly repositoryKey: string;
  readonly path: string | undefined;
  readonly name: string;
  readonly tag: string;
}

/** Labels that depend on the release and the tool: instance (undefined = omitted), managed-by, chart, version. */
export interface ReleaseLabels {
  readonly instance: Param<string> | undefined;
  readonly managedBy: Param<string>;
  readonly chart: Param<string>;
  readonly version: Param<string>;
}

/** The workload an autoscaler drives (the HPA's scaleTargetRef): its replicas are the autoscaler's. */
export interface ScaledWorkload {
  readonly kind: string;
  readonly name: string;
}

export interface Runtime {
  image(c: ComponentKey, image: ImageParts): Param<string>;
  imagePullPolicy(c: ComponentKey, literal: string): Param<string>;
  /**
   * The workload's replicas; `scaled` when an HPA drives it (the chart then keeps the live count, so an
   * upgrade never resets what the autoscaler chose).
   */
  replicas(c: ComponentKey, literal: number, scaled?: ScaledWorkload): Param<number>;
  /** The Service type; `literal` is what the values chose (runtime-dependent fields below get it too). */
  serviceType(c: ComponentKey, literal: string): Param<string>;
  /** The nodePort of a Service port that has one: present only while the Service is NodePort. */
  nodePort(c: ComponentKey, serviceType: string, nodePort: number): Param<number> | undefined;
  /** Whether an object that exists only for one Service type is rendered, or the guard that decides it. */
  existsWhenServiceType(c: ComponentKey, serviceType: string, required: string): boolean | Guard;
  /** The pod imagePullSecrets (undefined = none). */
  imagePullSecrets(c: ComponentKey, literal: readonly string[]): Param<{ name: string }[]> | undefined;
  /** Whether the NetworkPolicies are rendered (networkPolicies.enabled), or the guard that decides it. */
  networkPolicies(literal: boolean): boolean | Guard;
  /** Whether the policy admitting outside traffic to c's Service is rendered (policies on, Service NodePort or LoadBalancer), or the guard. */
  networkExposure(c: ComponentKey, serviceType: string, enabled: boolean): boolean | Guard;
  hpaMinReplicas(c: ComponentKey, literal: number): Param<number>;
  hpaMaxReplicas(c: ComponentKey, literal: number): Param<number>;
  readonly releaseLabels: ReleaseLabels;
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
    networkPolicies: (v) => v,
    networkExposure: (_c, type, enabled) => enabled && (type === 'NodePort' || type === 'LoadBalancer'),
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
