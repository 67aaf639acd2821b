/**
 * The literals of what `afc cluster create` installs for monitoring: the Prometheus that
 * prometheus-operator runs (with its service account and cluster role), and the values of the
 * prometheus-adapter chart that turns its metrics into the external metrics the worker HPA scales on.
 * Shaped like the original helm/monitoring manifests and values file; the constructs hold no literals
 * but the names of what they build.
 */

import type { PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s.js';

export const prometheusDefaults = {
  /** Namespace of the Prometheus and its service account (the `monitoring` install stage). */
  namespace: 'monitoring',
  /** Name of the service account, cluster role and binding. */
  accountName: 'prometheus',
  /** Name of the Prometheus object. */
  name: 'main',
  spec: {
    version: 'v2.45.3',
    portName: 'prometheus',
    replicas: 2,
    retention: '7d',
    scrapeInterval: '5s',
    scrapeTimeout: '2s',
    /** Interval for recording rules. */
    evaluationInterval: '30s',
  },
  /** What Prometheus may read: service discovery of nodes, services, endpoints, pods and ingresses. */
  rules: [
    { apiGroups: [''], resources: ['nodes', 'nodes/metrics', 'services', 'endpoints', 'pods'], verbs: ['get', 'list', 'watch'] },
    { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
    { apiGroups: ['networking.k8s.io'], resources: ['ingresses'], verbs: ['get', 'list', 'watch'] },
    { nonResourceUrLs: ['/metrics'], verbs: ['get'] },
  ] satisfies PolicyRule[],
};

/** Values of the prometheus-community/prometheus-adapter chart: the metrics HPAs may use. */
export const prometheusAdapterValues = {
  prometheus: { url: 'http://prometheus-operated.monitoring.svc' },
  rules: {
    default: true,
    external: [
      {
        seriesQuery: 'msghnd_flask_afc_waiting_reqs',
        resources: { template: '<<.Resource>>' },
        name: { as: 'active_engine_requests_msghnd' },
        metricsQuery: 'sum by (pod) (<<.Series>>)',
      },
      {
        seriesQuery: 'rabbitmq_detailed_queue_messages{queue="celery", vhost="fbrat"}',
        resources: { template: '<<.Resource>>' },
        name: { as: 'active_engine_requests_rabbitmq' },
        metricsQuery: '<<.Series>>{queue="celery", vhost="fbrat"}',
      },
    ],
    resource: {
      cpu: {
        containerQuery:
          'sum(rate(container_cpu_usage_seconds_total{<<.LabelMatchers>>, container_label_io_kubernetes_container_name!=""}[3m])) by (<<.GroupBy>>)',
        nodeQuery: "sum(rate(container_cpu_usage_seconds_total{<<.LabelMatchers>>, id='/'}[3m])) by (<<.GroupBy>>) by (<<.GroupBy>>)",
        resources: {
          overrides: {
            container_label_io_kubernetes_pod_namespace: { resource: 'namespace' },
            node: { resource: 'node' },
            container_label_io_kubernetes_pod_name: { resource: 'pod' },
          },
        },
        containerLabel: 'container_label_io_kubernetes_container_name',
      },
      memory: {
        containerQuery:
          'sum(container_memory_working_set_bytes{<<.LabelMatchers>>, container_label_io_kubernetes_container_name!=""}) by (<<.GroupBy>>)',
        nodeQuery: "sum(container_memory_working_set_bytes{<<.LabelMatchers>>,id='/'}) by (<<.GroupBy>>)",
        resources: {
          overrides: {
            container_label_io_kubernetes_pod_namespace: { resource: 'namespace' },
            node: { resource: 'node' },
            container_label_io_kubernetes_pod_name: { resource: 'pod' },
          },
        },
        containerLabel: 'container_label_io_kubernetes_container_name',
      },
      window: '30s',
    },
  },
};
