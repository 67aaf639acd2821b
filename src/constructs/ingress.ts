/** An Ingress (networking.k8s.io/v1) of one Service: one rule of path → Service port entries. */
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Labels } from './labels.js';
import { kubeObject } from './raw.js';

/** A path routed to a port of the Service. */
export interface IngressPath {
  /** URL path. */
  readonly path: string;
  /**
   * How the path matches.
   * @default 'Prefix'
   */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /** The Service port number it goes to. */
  readonly port: number;
}

/** The Service an Ingress routes to (an `AfcService`, or any object with its name). */
export interface IngressBackend {
  /** Service name. */
  readonly name: string;
}

export interface AfcIngressProps {
  /** Ingress name. */
  readonly name: string;
  /**
   * Labels of the Ingress.
   * @default - none
   */
  readonly labels?: Labels;
  /**
   * Annotations (controller settings, e.g. nginx timeouts).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The IngressClass.
   * @default 'nginx'
   */
  readonly className?: string;
  /** The Service it routes to. */
  readonly service: IngressBackend;
  /** Its paths, in order (at least one). */
  readonly paths: readonly IngressPath[];
}

/** An Ingress of one Service. */
export class AfcIngress extends Construct {
  public readonly name: string;
  public readonly className: string;

  constructor(scope: Construct, id: string, props: AfcIngressProps) {
    super(scope, id);
    if (props.paths.length === 0) throw new Error(`Ingress "${props.name}": give at least one path`);
    this.name = props.name;
    this.className = props.className ?? 'nginx';
    kubeObject(this, 'Resource', k8s.KubeIngress.GVK, k8s.toJson_KubeIngressProps, {
      metadata: {
        name: this.name,
        labels: props.labels === undefined ? undefined : { ...props.labels },
        annotations: props.annotations === undefined ? undefined : { ...props.annotations },
      },
      spec: {
        ingressClassName: this.className,
        rules: [
          {
            http: {
              paths: props.paths.map((p) => ({
                path: p.path,
                pathType: p.pathType ?? 'Prefix',
                backend: { service: { name: props.service.name, port: { number: p.port } } },
              })),
            },
          },
        ],
      },
    });
  }
}
