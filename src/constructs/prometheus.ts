/**
 * The Prometheus that prometheus-operator runs for AFC, with what it needs to discover scrape targets:
 * a service account, a cluster role with read access to nodes, services, endpoints, pods and ingresses,
 * and the binding between them. Selectors are empty, so every ServiceMonitor and PodMonitor of every
 * namespace (the chart's PodMonitors, the kubelet ServiceMonitor) is scraped.
 */
import { Construct } from 'constructs';
import * as k8s from 'cdk8s-plus-28/lib/imports/k8s.js';
import { Prometheus } from '../imports/monitoring.coreos.com.js';
import { prometheusDefaults } from '../model/defaults/monitoring.js';

export interface AfcPrometheusProps {
  /**
   * Namespace of the Prometheus and its service account.
   * @default 'monitoring'
   */
  readonly namespace?: string;
  /**
   * Name of the service account, cluster role and cluster role binding.
   * @default 'prometheus'
   */
  readonly accountName?: string;
  /**
   * Name of the Prometheus object.
   * @default 'main'
   */
  readonly name?: string;
  /**
   * Number of Prometheus replicas.
   * @default 2
   */
  readonly replicas?: number;
}

export class AfcPrometheus extends Construct {
  readonly namespace: string;
  readonly accountName: string;
  readonly name: string;
  readonly replicas: number;
  readonly serviceAccount: k8s.KubeServiceAccount;
  readonly clusterRole: k8s.KubeClusterRole;
  readonly binding: k8s.KubeClusterRoleBinding;
  readonly prometheus: Prometheus;

  constructor(scope: Construct, id: string, props: AfcPrometheusProps = {}) {
    super(scope, id);
    this.namespace = props.namespace ?? prometheusDefaults.namespace;
    this.accountName = props.accountName ?? prometheusDefaults.accountName;
    this.name = props.name ?? prometheusDefaults.name;
    this.replicas = props.replicas ?? prometheusDefaults.spec.replicas;

    this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: { name: this.accountName, namespace: this.namespace },
    });
    this.clusterRole = new k8s.KubeClusterRole(this, 'cluster-role', {
      metadata: { name: this.accountName },
      rules: prometheusDefaults.rules,
    });
    this.binding = new k8s.KubeClusterRoleBinding(this, 'binding', {
      metadata: { name: this.accountName },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: this.clusterRole.kind, name: this.clusterRole.name },
      subjects: [{ kind: this.serviceAccount.kind, name: this.serviceAccount.name, namespace: this.namespace }],
    });
    this.prometheus = new Prometheus(this, 'prometheus', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        ...prometheusDefaults.spec,
        replicas: this.replicas,
        serviceAccountName: this.serviceAccount.name,
        serviceMonitorNamespaceSelector: {},
        serviceMonitorSelector: {},
        podMonitorNamespaceSelector: {},
        podMonitorSelector: {},
      },
    });
  }
}
