/**
 * Default env ConfigMaps: the `configmaps` section of the original values.yaml. Upper-case keys are
 * variables; a key ending in `@I` renders as an integer, `@S` verbatim.
 */
import type { ConfigMapKey } from '../schema.js';
import { host, mount, port } from './refs.js';

type EnvValue = string | number | boolean;

export const configmaps = {
  dispatcher: {
    AFC_SERVER_NAME: '_',
    AFC_ENFORCE_HTTPS: 'True',
    AFC_ENFORCE_MTLS: 'False',
    AFC_MSGHND_NAME: host('msghnd'),
    AFC_MSGHND_PORT: port('msghnd', 'msghnd'),
    AFC_WEBUI_NAME: host('rat_server'),
    AFC_WEBUI_PORT: port('rat_server', 'rat_server'),
  },
  rat_server: { ALS_KAFKA_SERVER_ID: 'rat_server' },
  msghnd: { ALS_KAFKA_SERVER_ID: 'msghnd' },
  objst: {
    AFC_OBJST_HIST_PORT: port('objst', 'historyView'),
    AFC_OBJST_LOCAL_DIR: '/storage',
  },
  'objst-common': { AFC_OBJST_PORT: port('objst', 'fileStorage') },
  'objst-client': { AFC_OBJST_SCHEME: 'HTTP', AFC_OBJST_HOST: host('objst') },
  'celery-client': { BROKER_TYPE: 'external', BROKER_FQDN: host('rmq') },
  'als-client': {
    'ALS_KAFKA_MAX_REQUEST_SIZE@I': 10485760,
    ALS_KAFKA_CLIENT_BOOTSTRAP_SERVERS: `${host('als_kafka')}:${port('als_kafka', 'kafka')}`,
  },
  als_kafka: {
    KAFKA_ADVERTISED_HOST: host('als_kafka'),
    KAFKA_CLIENT_PORT: port('als_kafka', 'kafka'),
  },
  'als_kafka-common': { 'KAFKA_MAX_REQUEST_SIZE@I': 10485760 },
  als_siphon: {
    KAFKA_SERVERS: `${host('als_kafka')}:${port('als_kafka', 'kafka')}`,
    POSTGRES_HOST: host('bulk_postgres'),
    INIT_IF_EXISTS: 'skip',
  },
  worker: {
    AFC_WORKER_CELERY_WORKERS: 'rat_1',
    // Engines per worker default to the CPU count, which containerResources.limits.cpu cannot limit.
    AFC_WORKER_CELERY_CONCURRENCY: 2,
    AFC_AEP_ENABLE: 1,
    AFC_AEP_DEBUG: 1,
    AFC_AEP_REAL_MOUNTPOINT: `${mount('worker', 'rat_transfer')}/3dep/1_arcsec`,
  },
  uls_downloader: {
    ULS_AFC_URL: `http://${host('msghnd')}:${port('msghnd', 'msghnd')}/fbrat/ap-afc/availableSpectrumInquiryInternal?nocache=True`,
    ULS_DELAY_HR: 1,
    ULS_SERVICE_STATE_DB_DSN: `postgresql://postgres:postgres@${host('bulk_postgres')}/fs_state`,
    ULS_PROMETHEUS_PORT: 8000,
    ULS_ALARM_SMTP_INFO: `${mount('uls_downloader', 'notifier_mail_secret', 'optional')}/NOTIFIER_MAIL.json`,
  },
  'rcache-common': {
    RCACHE_ENABLED: 'True',
    RCACHE_POSTGRES_DSN: `postgresql://postgres:postgres@${host('bulk_postgres')}/rcache`,
  },
  'rcache-client': {
    RCACHE_SERVICE_URL: `http://${host('rcache')}:${port('rcache', 'rcache')}`,
    RCACHE_RMQ_DSN: `amqp://rcache:rcache@${host('rmq')}:${port('rmq', 'amqp')}/rcache`,
  },
  rcache: {
    RCACHE_CLIENT_PORT: port('rcache', 'rcache'),
    RCACHE_AFC_REQ_URL: `http://${host('msghnd')}:${port('msghnd', 'msghnd')}/fbrat/ap-afc/availableSpectrumInquiry?nocache=True`,
    RCACHE_RULESETS_URL: `http://${host('rat_server')}/fbrat/ratapi/v1/GetRulesetIDs`,
    RCACHE_CONFIG_RETRIEVAL_URL: `http://${host('rat_server')}/fbrat/ratapi/v1/GetAfcConfigByRulesetID`,
  },
} satisfies Record<ConfigMapKey, Record<string, EnvValue>>;
