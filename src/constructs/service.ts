import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { Guard, ResolvedPort, ResolvedService } from '../model/index.js';
import type { ReleaseLabelSet } from './labels.js';
import { placeholdersOf, type Placeholders } from './params.js';
import { kubeObject } from './raw.js';
import type { Workload } from './workload.js';

export interface AfcServiceProps {
  /** The release's label values (the chart computes them once). */
  readonly labels: ReleaseLabelSet;
  /** The Service: name, namespace, type, ports (those with a servicePort). */
  readonly service: ResolvedService;
  /** Component label of the Service. */
  readonly component: string;
  /**
   * The workload whose pods it selects. Omit only for a Service of pods owned by someone else
   * (`service.externalSelector`, e.g. prometheus run by prometheus-operator).
   * @default - the Service selects `service.externalSelector`
   */
  readonly workload?: Workload;
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

const servicePort = (params: Placeholders, p: ResolvedPort, headless: boolean): k8s.ServicePort => ({
  name: p.name,
  port: p.servicePort!,
  targetPort: p.targetPort === undefined ? undefined : k8s.IntOrString.fromNumber(p.targetPort),
  nodePort: headless || p.nodePort === undefined ? undefined : params.number(p.nodePort),
  protocol: headless ? undefined : 'TCP',
});

/** The Service of a component (one port per port with a servicePort), and its headless twin if asked. */
export class AfcService extends Construct {
  /** The Service (host) name, `{{host:C}}` in env values. */
  public readonly name: string;

  constructor(scope: Construct, id: string, props: AfcServiceProps) {
    super(scope, id);
    const { labels, service } = props;
    const selector = props.workload?.selectorLabels ?? service.externalSelector;
    if (!selector) throw new Error(`Service "${service.name}" needs a workload or an external selector`);
    this.name = service.name;
    const params = placeholdersOf(this);
    const metadata = (name: string): k8s.ObjectMeta => ({
      name,
      namespace: service.namespace,
      labels: labels.object(props.component),
    });
    if (props.headless) {
      const headless = kubeObject(this, 'Headless', k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
        metadata: metadata(`${this.name}-headless`),
        spec: { clusterIp: 'None', selector: { ...selector }, ports: service.ports.map((p) => servicePort(params, p, true)) },
      });
      params.guard(headless, props.condition);
    }
    const resource = kubeObject(this, 'Resource', k8s.KubeService.GVK, k8s.toJson_KubeServiceProps, {
      metadata: metadata(this.name),
      spec: {
        type: params.string(service.type),
        loadBalancerIp: service.loadBalancerIP,
        selector: { ...selector },
        ports: service.ports.map((p) => servicePort(params, p, false)),
      },
    });
    params.guard(resource, props.condition);
  }
}
