/**
 * NetworkPolicies from the dependency graph: a default-deny policy for the release's pods (ingress, and
 * egress when restricted), then per component one policy allowing exactly its graph edges on their target
 * ports, and for a NodePort/LoadBalancer Service one admitting outside traffic. Pods are selected with
 * the labels the Services select them by; other namespaces by `kubernetes.io/metadata.name`.
 */
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import type { ComponentPolicy, Guard, PolicyPeer, PolicyRule } from '../model/index.js';
import { LABEL, type ReleaseLabelSet } from './labels.js';
import { placeholdersOf } from './params.js';
import { kubeObject } from './raw.js';

/** The label every namespace carries with its name (Kubernetes ≥ 1.21). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
/** Addresses outside the cluster: anything (NodePort and LoadBalancer traffic may come from any address). */
export const ANY_ADDRESS = ['0.0.0.0/0', '::/0'] as const;

export interface AfcNetworkPoliciesProps {
  /**
   * The release's label set: the labels of every policy, the release's pods (default deny) and the
   * pod selector of each component a policy names.
   */
  readonly labels: ReleaseLabelSet;
  /** Per component (policy name = component name): its ingress rules, egress rules and outside ingress. */
  readonly components: readonly ComponentPolicy[];
  /**
   * Restrict egress too: the default-deny policy and every component policy deny egress but their rules.
   * @default false
   */
  readonly egress?: boolean;
  /**
   * The runtime condition of the default-deny and component policies (the chart's switch), printed by
   * the Helm writer as an `if`; an outside policy is rendered under its own `outside.exists` instead.
   * @default - always rendered
   */
  readonly condition?: Guard;
}

/** All NetworkPolicies of the release. Children: `default-deny`, `<component>`, `<component>-outside`. */
export class AfcNetworkPolicies extends Construct {
  /** Name of the default-deny policy. */
  public readonly defaultDenyName: string;

  constructor(scope: Construct, id: string, props: AfcNetworkPoliciesProps) {
    super(scope, id);
    const { labels, condition } = props;
    const guard = (exists: true | Guard): Guard | undefined => (exists === true ? undefined : exists);
    const { [LABEL.component]: _component, ...releaseSelector } = labels.selector('');
    const types = props.egress ? ['Ingress', 'Egress'] : ['Ingress'];

    this.defaultDenyName = `${labels.appName}-default-deny`;
    this.policy('default-deny', condition, {
      metadata: { name: this.defaultDenyName, labels: labels.object() },
      spec: { podSelector: { matchLabels: releaseSelector }, policyTypes: types },
    });
    for (const c of props.components) {
      const metadata = (name: string): k8s.ObjectMeta => ({ name, labels: labels.object(c.component) });
      const podSelector = { matchLabels: labels.selector(c.component) };
      if (c.ingress.length > 0 || c.egress !== undefined) {
        this.policy(c.component, condition, {
          metadata: metadata(c.component),
          spec: {
            podSelector,
            policyTypes: c.egress === undefined ? ['Ingress'] : ['Ingress', 'Egress'],
            // No rules (egress-only policy): omitted, as the API server stores it; policyTypes still denies.
            ingress: c.ingress.length > 0 ? c.ingress.map((r) => ({ from: [this.peer(labels, r.peer)], ports: ports(r) })) : undefined,
            egress: c.egress?.map((r) => ({ to: [this.peer(labels, r.peer)], ports: ports(r) })),
          },
        });
      }
      if (c.outside) this.outside(c, podSelector, metadata(`${c.component}-outside`), guard(c.outside.exists));
    }
  }

  private outside(c: ComponentPolicy, podSelector: k8s.LabelSelector, metadata: k8s.ObjectMeta, condition: Guard | undefined): void {
    this.policy(`${c.component}-outside`, condition, {
      metadata,
      spec: {
        podSelector,
        policyTypes: ['Ingress'],
        ingress: [{ from: ANY_ADDRESS.map((cidr) => ({ ipBlock: { cidr } })), ports: c.outside!.ports.map((p) => ({ protocol: p.protocol, port: k8s.IntOrString.fromNumber(p.port) })) }],
      },
    });
  }

  private peer(labels: ReleaseLabelSet, peer: PolicyPeer): k8s.NetworkPolicyPeer {
    switch (peer.kind) {
      case 'component':
        return { podSelector: { matchLabels: labels.selector(peer.component) } };
      case 'pods':
        return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } }, podSelector: { matchLabels: { ...peer.selector } } };
      case 'namespace':
        return { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: peer.namespace } } };
      case 'cidr':
        return { ipBlock: { cidr: peer.cidr } };
    }
  }

  /** A NetworkPolicy, rendered only under `condition` (the chart's runtime switch) when given. */
  private policy(id: string, condition: Guard | undefined, props: k8s.KubeNetworkPolicyProps): void {
    placeholdersOf(this).guard(kubeObject(this, id, k8s.KubeNetworkPolicy.GVK, k8s.toJson_KubeNetworkPolicyProps, props), condition);
  }
}

const ports = (r: PolicyRule): k8s.NetworkPolicyPort[] => r.ports.map((p) => ({ protocol: p.protocol, port: k8s.IntOrString.fromNumber(p.port) }));
