/**
 * Default components: the `components` section of the original values.yaml, as typed data.
 * Every literal of a component (image, ports, sizes, mounts) lives here.
 */
import type { Component, ComponentKey } from '../schema.js';

export const components = {
  default: {
    serviceType: 'ClusterIP',
    initialReplicas: 1,
    imagePullPolicy: 'IfNotPresent',
    serviceAccount: null,
    securityContextKey: 'none',
    pvc: { accessMode: 'ReadWriteOnce' },
  },
  ratdb: {
    imageName: 'ratdb-image',
    imageRepositoryKey: 'public',
    ports: { ratdb: { servicePort: 5432, nodePort: 31432 } },
    pvc: {
      name: 'postgresData',
      mountPath: '/var/lib/postgresql/data',
      resources: { requests: { storage: '1Gi' } },
    },
  },
  rmq: {
    imageName: 'rmq-image',
    imageRepositoryKey: 'public',
    ports: { amqp: { servicePort: 5672 }, metrics: { containerPort: 15692 } },
    metrics: {
      port: 'metrics',
      path: '/metrics/detailed',
      params: { vhost: ['fbrat', 'rcache'], family: ['queue_coarse_metrics'] },
    },
    containerResources: { requests: { memory: '200Mi' } },
  },
  dispatcher: {
    imageName: 'dispatcher-image',
    imageRepositoryKey: 'public',
    serviceType: 'LoadBalancer',
    envConfigmapKeys: ['dispatcher', 'objst-client', 'objst-common'],
    ports: {
      http: { servicePort: 80, nodePort: 30080 },
      https: { servicePort: 443, nodePort: 30443 },
      status: { servicePort: 8080 },
    },
  },
  rat_server: {
    imageName: 'afc-server',
    imageRepositoryKey: 'private',
    hostname: 'webui',
    ports: { rat_server: { servicePort: 80, nodePort: 30081 }, https: { servicePort: 443 } },
    containerResources: { requests: { memory: '200Mi' } },
    envConfigmapKeys: ['rat_server', 'celery-client', 'objst-client', 'objst-common', 'als-client', 'rcache-client', 'rcache-common'],
    staticVolumeMounts: { rat_transfer: '/mnt/nfs/rat_transfer', pipe: '/pipe' },
  },
  msghnd: {
    imageName: 'afc-msghnd',
    imageRepositoryKey: 'private',
    ports: { msghnd: { servicePort: 80, containerPort: 8000, nodePort: 30082 } },
    metrics: { port: 'msghnd', path: '/fbrat/metrics' },
    containerResources: { requests: { memory: '1200Mi' } },
    envConfigmapKeys: ['msghnd', 'celery-client', 'objst-client', 'objst-common', 'als-client', 'rcache-client', 'rcache-common'],
  },
  objst: {
    imageName: 'objstorage-image',
    imageRepositoryKey: 'public',
    ports: { fileStorage: { servicePort: 5000 }, historyView: { servicePort: 4999 } },
    containerResources: { requests: { memory: '500Mi' } },
    envConfigmapKeys: ['objst', 'objst-common'],
  },
  worker: {
    imageName: 'afc-worker',
    imageRepositoryKey: 'private',
    containerResources: { requests: { memory: '4500Mi' } },
    envConfigmapKeys: ['worker', 'celery-client', 'objst-client', 'objst-common', 'als-client', 'rcache-client', 'rcache-common'],
    staticVolumeMounts: { rat_transfer: '/mnt/nfs/rat_transfer', pipe: '/pipe' },
    hpa: {
      maxReplicas: 10,
      metric: {
        external: {
          // Outstanding AFC Engine requests per pod (AverageValue); 1700m is 1.7 in HPA parlance.
          metric: { name: 'active_engine_requests_msghnd' },
          target: { type: 'AverageValue', averageValue: '1700m' },
        },
      },
    },
  },
  als_kafka: {
    imageName: 'als-kafka-image',
    imageRepositoryKey: 'public',
    hostname: 'als-kafka',
    ports: { kafka: { servicePort: 9092 } },
    containerResources: { requests: { memory: '500Mi' } },
    envConfigmapKeys: ['als_kafka', 'als_kafka-common'],
  },
  als_siphon: {
    imageName: 'als-siphon-image',
    imageRepositoryKey: 'public',
    hostname: 'als-siphon',
    ports: { metrics: { containerPort: 8080 } },
    metrics: { port: 'metrics' },
    containerResources: { requests: { memory: '100Mi' } },
    envConfigmapKeys: ['als_siphon', 'als_kafka-common'],
  },
  bulk_postgres: {
    imageName: 'bulk-postgres-image',
    imageRepositoryKey: 'public',
    hostname: 'bulk-postgres',
    ports: { bulk_postgres: { servicePort: 5432, nodePort: 31433 } },
    pvc: {
      name: 'postgresData',
      mountPath: '/var/lib/postgresql/data',
      resources: { requests: { storage: '100Mi' } },
    },
  },
  uls_downloader: {
    imageName: 'uls-downloader',
    imageRepositoryKey: 'public',
    hostname: 'uls-downloader',
    envConfigmapKeys: ['uls_downloader', 'rcache-client', 'rcache-common'],
    staticVolumeMounts: { rat_transfer: '/rat_transfer', notifier_mail_secret: '/secrets/notifier_mail_secret' },
    ports: { metrics: { containerPort: 8000 } },
    metrics: { port: 'metrics' },
  },
  cert_db: {
    imageName: 'cert_db',
    imageRepositoryKey: 'public',
    hostname: 'cert-db',
    envConfigmapKeys: ['als-client'],
  },
  rcache: {
    imageName: 'rcache-image',
    imageRepositoryKey: 'public',
    ports: { rcache: { servicePort: 8000, nodePort: 30083 } },
    containerResources: { requests: { memory: '100Mi' } },
    envConfigmapKeys: ['rcache', 'rcache-common'],
  },
  grafana: {
    imageName: 'grafana-image',
    imageRepositoryKey: 'public',
    ports: { grafana: { servicePort: 3000, nodePort: 31000 } },
  },
  nginxexporter: {
    imageName: 'nginxexporter-image',
    imageRepositoryKey: 'public',
    ports: { http: { servicePort: 9113 } },
    metrics: { port: 'http' },
  },
  // Only for the optional NodePort Service on k3d; prometheus itself is run by prometheus-operator.
  prometheus: {
    ports: { prometheus: { servicePort: 9090, nodePort: 31090 } },
  },
  // Only to give its ServiceMonitor a component label.
  cadvisor: {},
} satisfies Record<'default' | ComponentKey, Component>;

export type DefaultComponents = typeof components;
