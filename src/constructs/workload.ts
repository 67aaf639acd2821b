/**
 * The props shared by the workload constructs (a pod template with one container) and what Services,
 * autoscalers and monitors read of a workload.
 */
import { Construct } from 'constructs';
import type { Param } from '../model/index.js';
import type { Labels } from './labels.js';

/** Pods selected by labels: a workload, or pods someone else runs (`{ selectorLabels: { prometheus: 'main' } }`). */
export interface PodSelector {
  /** Labels that select the pods. */
  readonly selectorLabels: Labels;
}

/** A workload as Services, autoscalers and monitors refer to it. */
export interface Workload extends PodSelector {
  /** Workload (and container) name. */
  readonly name: string;
  /** API version of the workload object (`apps/v1`), as autoscalers name their target. */
  readonly apiVersion: string;
  /** Kind of the workload object (`Deployment`, `StatefulSet`), as autoscalers name their target. */
  readonly kind: string;
  /** Labels of the workload object (and of its pods). */
  readonly labels: Labels;
}

/** A named container port (protocol TCP). */
export interface ContainerPort {
  /** Port name, as Services and monitors refer to it. */
  readonly name: string;
  /** Port number the container listens on. */
  readonly containerPort: number;
}

/** A ConfigMap the container loads with envFrom (an `AfcConfigMap`, or any object with its name). */
export interface EnvSource {
  /** ConfigMap name. */
  readonly name: string;
}

/** A container env variable with a literal value. */
export interface EnvVar {
  /** Variable name. */
  readonly name: string;
  /** Its value. */
  readonly value: string;
}

/** A pod volume, mounted into the container. */
export interface WorkloadVolume {
  /** Volume (and mount) name. */
  readonly name: string;
  /** Where the container sees it. */
  readonly mountPath: string;
  /** The volume source, Kubernetes' shape (`{ hostPath: {...} }`, `{ persistentVolumeClaim: {...} }`). */
  readonly source: Readonly<Record<string, unknown>>;
  /**
   * Mount read-only.
   * @default - not rendered (a read-write mount)
   */
  readonly readOnly?: boolean;
}

/** Props of a workload: its name and labels, its pod and its one container. */
export interface AfcWorkloadProps {
  /** Name of the workload and of its container. */
  readonly name: string;
  /** Labels that select its pods (`spec.selector.matchLabels`); the pods carry them. */
  readonly selectorLabels: Labels;
  /**
   * Labels of the workload object and of its pod template (must include the selector labels).
   * @default - the selector labels
   */
  readonly labels?: Labels;
  /**
   * Number of pods.
   * @default - not rendered (Kubernetes' default, 1)
   */
  readonly replicas?: Param<number>;
  /** Container image. */
  readonly image: Param<string>;
  /**
   * Container image pull policy.
   * @default - not rendered (Kubernetes' default: Always for `:latest`, else IfNotPresent)
   */
  readonly imagePullPolicy?: Param<string>;
  /**
   * Secrets to pull the image with.
   * @default - none
   */
  readonly imagePullSecrets?: Param<{ name: string }[]>;
  /**
   * Container ports, in order.
   * @default - none
   */
  readonly ports?: readonly ContainerPort[];
  /**
   * ConfigMaps the container loads with envFrom, in order.
   * @default - none
   */
  readonly envFrom?: readonly EnvSource[];
  /**
   * Container env variables, in order (`name`, literal `value`).
   * @default - none
   */
  readonly env?: readonly EnvVar[];
  /**
   * Container resources: `requests` and `limits` maps of quantities (strings or numbers).
   * @default - not rendered
   */
  readonly resources?: Readonly<Record<string, unknown>>;
  /**
   * Pod volumes, each mounted into the container, in order.
   * @default - none
   */
  readonly volumes?: readonly WorkloadVolume[];
  /**
   * Container liveness probe (Kubernetes' shape).
   * @default - none
   */
  readonly livenessProbe?: Readonly<Record<string, unknown>>;
  /**
   * Container readiness probe (Kubernetes' shape).
   * @default - none
   */
  readonly readinessProbe?: Readonly<Record<string, unknown>>;
  /**
   * Container startup probe (Kubernetes' shape).
   * @default - none
   */
  readonly startupProbe?: Readonly<Record<string, unknown>>;
  /**
   * Service account of the pods.
   * @default - not rendered (the namespace's `default` account)
   */
  readonly serviceAccountName?: string;
  /**
   * Whether the pods mount the service account token.
   * @default - not rendered (Kubernetes' default, true)
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Pod-level security context (runAsUser, fsGroup...), Kubernetes' shape.
   * @default - not rendered
   */
  readonly podSecurityContext?: Readonly<Record<string, unknown>>;
  /**
   * Container-level security context (readOnlyRootFilesystem, capabilities...), Kubernetes' shape.
   * @default - not rendered
   */
  readonly containerSecurityContext?: Readonly<Record<string, unknown>>;
}

/** The metadata every workload object carries: name, labels, the default-container annotation. */
export interface WorkloadMetadata {
  /** The workload's name (`AfcWorkloadProps.name`). */
  readonly name: string;
  /** The workload's labels (`AfcWorkloadProps.labels`, else its selector labels). */
  readonly labels: Labels;
  /** Annotations of the workload object: `kubectl.kubernetes.io/default-container`, its one container. */
  readonly annotations: Labels;
}

/** Names and labels of a workload (Deployment or StatefulSet), computed once. */
export abstract class AfcWorkload extends Construct implements Workload {
  /** Workload (and container) name. */
  public readonly name: string;
  /** Labels that select its pods. */
  public readonly selectorLabels: Labels;
  /** Labels of the workload object and its pods (the props' labels, else the selector labels). */
  public readonly labels: Labels;
  /** API version of the workload object (`apps/v1`). */
  public abstract readonly apiVersion: string;
  /** Kind of the workload object (`Deployment`, `StatefulSet`). */
  public abstract readonly kind: string;
  /** The object's metadata, shared by the subclasses. */
  protected readonly metadata: WorkloadMetadata;

  protected constructor(scope: Construct, id: string, props: AfcWorkloadProps) {
    super(scope, id);
    this.name = props.name;
    this.selectorLabels = props.selectorLabels;
    this.labels = props.labels ?? props.selectorLabels;
    for (const [k, v] of Object.entries(this.selectorLabels)) {
      if (this.labels[k] !== v) throw new Error(`workload "${this.name}": its labels lack the selector label ${k}=${v}: add it, or its pods would not be selected`);
    }
    this.metadata = {
      name: this.name,
      labels: { ...this.labels },
      annotations: { 'kubectl.kubernetes.io/default-container': this.name },
    };
  }
}
