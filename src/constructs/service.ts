import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Guard, Param } from '../model/index.js';
import type { Labels } from './labels.js';
import { placeholdersOf, type Placeholders } from './params.js';
import { kubeObject } from './raw.js';
import type { PodSelector } from './workload.js';

/** A port of a Service (protocol TCP). */
export interface ServicePort {
  /** Port name. */
  readonly name: string;
  /** The port the Service listens on. */
  readonly port: number;
  /**
   * The container port it forwards to.
   * @default - not rendered (Kubernetes' default: the same number as `port`)
   */
  readonly targetPort?: number;
  /**
   * The node port of a NodePort Service (never rendered on the headless twin).
   * @default - not rendered (Kubernetes picks one for a NodePort Service)
   */
  readonly nodePort?: Param<number>;
  /**
   * The application protocol hint.
   * @default - not rendered
   */
  readonly appProtocol?: string;
}

export interface AfcServiceProps {
  /** Service (host) name. */
  readonly name: string;
  /**
   * Namespace of the Service.
   * @default - the chart's namespace
   */
  readonly namespace?: string;
  /**
   * Labels of the Service (and of its headless twin).
   * @default - none
   */
  readonly labels?: Labels;
  /** The pods it selects: a workload, or `{ selectorLabels }` of pods run by someone else. */
  readonly selector: PodSelector;
  /**
   * Service type (`ClusterIP`, `NodePort`, `LoadBalancer`).
   * @default - not rendered (Kubernetes' default, ClusterIP)
   */
  readonly type?: Param<string>;
  /**
   * Fixed load balancer address of a LoadBalancer Service.
   * @default - not rendered (assigned by the cloud)
   */
  readonly loadBalancerIP?: string;
  /**
   * Annotations of the Service (and of its headless twin), e.g. a cloud load balancer's settings.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Its ports, in order.
   * @default - none
   */
  readonly ports?: readonly ServicePort[];
  /**
   * Also create `<name>-headless` (clusterIP None), the stable network identity of a StatefulSet.
   * @default false
   */
  readonly headless?: boolean;
  /**
   * The runtime condition of the whole Service (and its headless twin), printed by the Helm writer
   * as an `if` around the object.
   * @default - always rendered
   */
  readonly condition?: Guard;
}

const servicePort = (params: Placeholders, p: ServicePort, headless: boolean): k8s.ServicePort => ({
  name: p.name,
  port: p.port,
  targetPort: p.targetPort === undefined ? undefined : k8s.IntOrString.fromNumber(p.targetPort),
  nodePort: headless || p.nodePort === undefined ? undefined : params.number(p.nodePort),
  appProtocol: p.appProtocol,
  protocol: headless ? undefined : 'TCP',
});

/** A Service of the pods it selects, and its headless twin if asked. */
export class AfcService extends Construct {
  /** The Service (host) name, `{{host:C}}` in env values. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcServiceProps) {
    super(scope, id);
    const selector = props.selector.selectorLabels;
    const ports = props.ports ?? [];
    this.name = props.name;
    const params = placeholdersOf(this);
    const metadata = (name: string): k8s.ObjectMeta => ({
      name,
      namespace: props.namespace,
      labels: props.labels === undefined ? undefined : { ...props.labels },
      annotations: props.annotations === undefined ? undefined : { ...props.annotations },
    });
    if (props.headless) {
      const headless = kubeObject(this, 'Headless', k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
        metadata: metadata(`${this.name}-headless`),
        spec: { clusterIp: 'None', selector: { ...selector }, ports: ports.map((p) => servicePort(params, p, true)) },
      });
      params.guard(headless, props.condition);
    }
    const resource = kubeObject(this, 'Resource', k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
      metadata: metadata(this.name),
      spec: {
        type: props.type === undefined ? undefined : params.string(props.type),
        loadBalancerIp: props.loadBalancerIP,
        selector: { ...selector },
        ports: ports.map((p) => servicePort(params, p, false)),
      },
    });
    params.guard(resource, props.condition);
  }
}
