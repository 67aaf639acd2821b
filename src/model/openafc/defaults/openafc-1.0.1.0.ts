/**
 * OpenAFC 1.0.1.0 (= 1.0.2.0): helm/afc-int/values.yaml of that tag as typed data, upstream's
 * "null = present" encoded (mounted secret `true`, declared IP `''`, volume to give `{}`).
 * The chart metadata is Chart.yaml's. Literals only: the constructs read everything from here.
 */
import type { OpenafcValues } from '../schema.js';
import type { Assert, CheckRefs, DeepReadonly } from './refs.js';

export const openafc_1_0_1_0 = {
  chart: { name: 'afc-int', version: '0.0.0', appVersion: 'brcm-3.8.14.0.1' },
  externalIps: {
    "int-ingress": "",
    "int-rmq": "",
  },
  imageRepositories: {
    public: {
      path: "ghcr.io/open-afc-project",
      pullSecrets: [],
    },
    private: {
      path: "ghcr.io/open-afc-project",
      pullSecrets: [],
    },
  },
  securityContexts: {
    none: {},
    readOnly: {
      readOnlyRootFilesystem: true,
    },
  },
  sharedEnv: {
    "afc-req-service": {
      host: "afcserver",
      port: "80",
    },
    "flask-conf": {
      FLASK_SQLALCHEMY_DATABASE_URI: "postgresql://postgres:postgres@{{host:ratdb}}:{{port:ratdb:ratdb}}/fbrat",
      FLASKFILE_SQLALCHEMY_DATABASE_PASSWORD: "{{secretFile:ratdb-password:optional}}",
      FLASKFILE_SECRET_KEY: "{{secretFile:flask-secret-key:optional}}",
      FLASKFILE_GOOGLE_APIKEY: "{{secretFile:google-apikey:optional}}",
      FLASK_USER_EMAIL_SENDER_EMAIL: "admin@afc_please_override.com",
      FLASK_AFC_MSGHND_RATAFC_TOUT: "180",
    },
    "ratapi-configurator": {
      REGISTRATION_APPROVE_LINK: "",
      REGISTRATION_DEST_EMAIL: "",
      REGISTRATION_DEST_PDL_EMAIL: "",
      REGISTRATION_SRC_EMAIL: "",
      RATAPIFILE_MAIL_PASSWORD: "{{secretFile:ratapi-mail-password:optional}}",
      MAIL_USERNAME: "",
      MAIL_SERVER: "smtp.gmail.com",
      MAIL_PORT: "465",
      MAIL_USE_TLS: "False",
      MAIL_USE_SSL: "True",
      USE_CAPTCHA: "",
      RATAPIFILE_CAPTCHA_SECRET: "{{secretFile:ratapi-captcha-secret:optional}}",
      RATAPIFILE_CAPTCHA_SITEKEY: "{{secretFile:ratapi-captcha-sitekey:optional}}",
      CAPTCHA_VERIFY: "",
      USER_APP_NAME: "AFC",
    },
    "oidc-configurator": {
      OIDC_LOGIN: "False",
      OIDCFILE_OIDC_CLIENT_ID: "{{secretFile:oidc-client-id:optional}}",
      OIDCFILE_OIDC_CLIENT_SECRET: "{{secretFile:oidc-client-secret:optional}}",
      OIDC_DISCOVERY_URL: "",
    },
    "objst-common": {
      AFC_OBJST_PORT: "{{port:objst:fileStorage}}",
    },
    "objst-client": {
      AFC_OBJST_SCHEME: "HTTP",
      AFC_OBJST_HOST: "{{host:objst}}",
    },
    "celery-client": {
      BROKER_TYPE: "external",
      BROKER_FQDN: "{{host:rmq}}",
    },
    "als-client": {
      "ALS_KAFKA_MAX_REQUEST_SIZE@I": 10485760,
      ALS_KAFKA_CLIENT_BOOTSTRAP_SERVERS: "{{host:als-kafka}}:{{port:als-kafka:kafka}}",
    },
    "als-kafka-common": {
      "KAFKA_MAX_REQUEST_SIZE@I": 10485760,
    },
    "rcache-common": {
      RCACHE_ENABLED: "True",
      RCACHE_POSTGRES_DSN: "postgresql://postgres:postgres@{{host:bulk-postgres}}/rcache",
      RCACHE_POSTGRES_PASSWORD_FILE: "{{secretFile:rcache-db-password:optional}}",
    },
    "rcache-client": {
      RCACHE_SERVICE_URL: "http://{{host:rcache}}:{{port:rcache:rcache}}",
      RCACHE_RMQ_DSN: "amqp://rcache:rcache@{{host:rmq}}:{{port:rmq:amqp}}/rcache",
    },
    "devel-env": {
      AFC_DEVEL_ENV: "production",
    },
  },
  staticVolumes: {
    rat_transfer: {},
    pipe: {},
    "objst-storage": {},
  },
  components: {
    default: {
      service: {
        type: "ClusterIP",
      },
      initialReplicas: 1,
      imagePullPolicy: "Always",
      securityContextKey: "none",
      pvc: {
        accessMode: "ReadWriteOnce",
      },
    },
    ratdb: {
      imageName: "ratdb-image",
      imageRepositoryKey: "public",
      sharedEnvKeys: ["devel-env"],
      ports: {
        ratdb: {
          servicePort: 5432,
          nodePort: 31432,
        },
      },
      pvc: {
        name: "postgresData",
        mountPath: "/var/lib/postgresql/data",
        resources: {
          requests: {
            storage: "1Gi",
          },
        },
      },
    },
    rmq: {
      imageName: "rmq-image",
      imageRepositoryKey: "public",
      service: {
        loadBalancerIpKey: "int-rmq",
      },
      sharedEnvKeys: ["devel-env"],
      ports: {
        amqp: {
          servicePort: 5672,
        },
        metrics: {
          containerPort: 15692,
        },
        rmqweb: {
          servicePort: 15672,
          nodePort: 30672,
        },
      },
      metrics: {
        port: "metrics",
        path: "/metrics/detailed",
        params: {
          vhost: ["fbrat", "rcache"],
          family: ["queue_coarse_metrics"],
        },
      },
      containerResources: {
        requests: {
          memory: "200Mi",
        },
      },
    },
    dispatcher: {
      imageName: "dispatcher-image",
      imageRepositoryKey: "public",
      service: {
        type: "LoadBalancer",
      },
      env: {
        AFC_SERVER_NAME: "_",
        AFC_ENFORCE_HTTPS: "True",
        AFC_ENFORCE_MTLS: "False",
        AFC_MSGHND_NAME: "{{sameAs:afc-req-service:host}}",
        AFC_MSGHND_PORT: "{{sameAs:afc-req-service:port}}",
        AFC_WEBUI_NAME: "{{host:rat-server}}",
        AFC_WEBUI_PORT: "{{port:rat-server:rat-server}}",
      },
      sharedEnvKeys: ["objst-client", "objst-common", "devel-env"],
      mountedSecrets: ["server-cert"],
      ports: {
        http: {
          servicePort: 80,
          nodePort: 30080,
        },
        https: {
          servicePort: 443,
          nodePort: 30443,
        },
        status: {
          servicePort: 8080,
        },
        "disp-prometheus": {
          servicePort: 9090,
          nodePort: 31091,
        },
        "disp-grafana": {
          servicePort: 3000,
          nodePort: 31001,
        },
      },
    },
    "rat-server": {
      imageName: "webui-image",
      imageRepositoryKey: "private",
      service: {
        hostname: "webui",
      },
      ports: {
        "rat-server": {
          servicePort: 80,
          nodePort: 30081,
        },
        https: {
          servicePort: 443,
        },
      },
      containerResources: {
        requests: {
          memory: "200Mi",
        },
      },
      env: {
        ALS_KAFKA_SERVER_ID: "rat_server",
      },
      sharedEnvKeys: [
        "flask-conf",
        "ratapi-configurator",
        "oidc-configurator",
        "celery-client",
        "objst-client",
        "objst-common",
        "als-client",
        "rcache-client",
        "rcache-common",
        "devel-env",
      ],
      staticVolumeMounts: {
        rat_transfer: "/mnt/nfs/rat_transfer",
        pipe: "/pipe",
      },
      mountedSecrets: [
        "ratdb-password",
        "flask-secret-key",
        "google-apikey",
        "ratapi-captcha-secret",
        "ratapi-captcha-sitekey",
        "ratapi-mail-password",
        "oidc-client-id",
        "oidc-client-secret",
        "rcache-db-password",
      ],
      ingress: {
        rules: [
          {
            path: "/fbrat/ap-afc/availableSpectrumInquirySec",
            portKey: "rat-server",
          },
          {
            path: "/fbrat/ratapi/v1/files",
            portKey: "rat-server",
          },
          {
            path: "/fbrat",
            portKey: "rat-server",
          },
        ],
      },
    },
    msghnd: {
      imageName: "",
      imageRepositoryKey: "private",
      ports: {
        msghnd: {
          servicePort: 80,
          containerPort: 8000,
          nodePort: 30082,
        },
      },
      metrics: {
        port: "msghnd",
        path: "/fbrat/metrics",
      },
      containerResources: {
        requests: {
          memory: "1200Mi",
        },
      },
      env: {
        ALS_KAFKA_SERVER_ID: "msghnd",
      },
      sharedEnvKeys: [
        "flask-conf",
        "ratapi-configurator",
        "oidc-configurator",
        "celery-client",
        "objst-client",
        "objst-common",
        "als-client",
        "rcache-client",
        "rcache-common",
        "devel-env",
      ],
      mountedSecrets: [
        "ratdb-password",
        "flask-secret-key",
        "google-apikey",
        "ratapi-captcha-secret",
        "ratapi-captcha-sitekey",
        "ratapi-mail-password",
        "oidc-client-id",
        "oidc-client-secret",
        "rcache-db-password",
      ],
      noIngress: true,
      ingress: {
        annotations: {
          "nginx.ingress.kubernetes.io/proxy-read-timeout": "720",
          "nginx.ingress.kubernetes.io/proxy-connect-timeout": "720",
          "nginx.ingress.kubernetes.io/client-body-timeout": "720",
          "nginx.ingress.kubernetes.io/client-header-timeout": "720",
          "nginx.ingress.kubernetes.io/upstream-keepalive-timeout": "720",
          "nginx.ingress.kubernetes.io/keep-alive": "720",
        },
        rules: [
          {
            path: "/fbrat/ap-afc/availableSpectrumInquiry",
            portKey: "msghnd",
          },
          {
            path: "/fbrat/ap-afc/healthy",
            portKey: "msghnd",
          },
        ],
      },
    },
    afcserver: {
      imageName: "afcserver-image",
      imageRepositoryKey: "private",
      ports: {
        afcserver: {
          servicePort: 80,
          containerPort: 8000,
          nodePort: 30084,
        },
      },
      env: {
        AFC_SERVER_PORT: "{{containerPort:afcserver:afcserver}}",
        AFC_SERVER_RATDB_DSN: "postgresql://postgres:postgres@{{host:ratdb}}:{{port:ratdb:ratdb}}/fbrat",
        AFC_SERVER_RATDB_PASSWORD_FILE: "{{secretFile:ratdb-password:optional}}",
        AFC_SERVER_REQUEST_TIMEOUT: "{{sameAs:flask-conf:FLASK_AFC_MSGHND_RATAFC_TOUT}}",
        AFC_SERVER_CONFIG_REFRESH: 5,
        ALS_KAFKA_SERVER_ID: "afcserver",
      },
      sharedEnvKeys: [
        "rcache-common",
        "rcache-client",
        "celery-client",
        "objst-client",
        "objst-common",
        "als-client",
        "devel-env",
      ],
      mountedSecrets: ["ratdb-password", "rcache-db-password"],
      ingress: {
        annotations: {
          "nginx.ingress.kubernetes.io/proxy-read-timeout": "720",
          "nginx.ingress.kubernetes.io/proxy-connect-timeout": "720",
          "nginx.ingress.kubernetes.io/client-body-timeout": "720",
          "nginx.ingress.kubernetes.io/client-header-timeout": "720",
          "nginx.ingress.kubernetes.io/upstream-keepalive-timeout": "720",
          "nginx.ingress.kubernetes.io/keep-alive": "720",
        },
        rules: [
          {
            path: "/fbrat/ap-afc/availableSpectrumInquiry",
            portKey: "afcserver",
          },
          {
            path: "/fbrat/ap-afc/healthy",
            portKey: "afcserver",
          },
        ],
      },
    },
    objst: {
      imageName: "objstorage-image",
      imageRepositoryKey: "public",
      ports: {
        fileStorage: {
          servicePort: 5000,
        },
        historyView: {
          servicePort: 4999,
        },
      },
      containerResources: {
        requests: {
          memory: "500Mi",
        },
      },
      env: {
        AFC_OBJST_HIST_PORT: "{{port:objst:historyView}}",
        AFC_OBJST_LOCAL_DIR: "/storage",
      },
      sharedEnvKeys: ["flask-conf", "ratapi-configurator", "oidc-configurator", "objst-common", "devel-env"],
      staticVolumeMounts: {
        "objst-storage": "/storage",
      },
      mountedSecrets: [
        "ratdb-password",
        "flask-secret-key",
        "google-apikey",
        "ratapi-captcha-secret",
        "ratapi-captcha-sitekey",
        "ratapi-mail-password",
        "oidc-client-id",
        "oidc-client-secret",
      ],
      ingress: {
        rules: [
          {
            path: "/certificate",
            portKey: "fileStorage",
          },
          {
            path: "/objst_healthy",
            portKey: "fileStorage",
          },
        ],
      },
    },
    worker: {
      imageName: "afc-worker",
      imageRepositoryKey: "private",
      containerResources: {
        requests: {
          memory: "4500Mi",
        },
      },
      env: {
        AFC_WORKER_CELERY_WORKERS: "rat_1",
        AFC_WORKER_CELERY_CONCURRENCY: 2,
        AFC_AEP_ENABLE: 1,
        AFC_AEP_DEBUG: 1,
        AFC_AEP_REAL_MOUNTPOINT: "{{staticVolumeMount:worker:rat_transfer}}/3dep/1_arcsec",
        ALS_KAFKA_SERVER_ID: "worker",
      },
      sharedEnvKeys: [
        "celery-client",
        "objst-client",
        "objst-common",
        "als-client",
        "rcache-client",
        "rcache-common",
        "devel-env",
      ],
      staticVolumeMounts: {
        rat_transfer: "/mnt/nfs/rat_transfer",
        pipe: "/pipe",
      },
      hpa: {
        maxReplicas: 10,
        metric: {
          external: {
            metric: {
              name: "active_engine_requests_rabbitmq",
            },
            target: {
              type: "AverageValue",
              averageValue: "1700m",
            },
          },
        },
        behavior: {
          scaleUp: {
            stabilizationWindowSeconds: 0,
            policies: [
              {
                type: "Pods",
                value: 4,
                periodSeconds: 30,
              },
            ],
          },
          scaleDown: {
            stabilizationWindowSeconds: 120,
            policies: [
              {
                type: "Pods",
                value: 4,
                periodSeconds: 30,
              },
              {
                type: "Percent",
                value: 10,
                periodSeconds: 30,
              },
            ],
          },
        },
      },
    },
    "als-kafka": {
      imageName: "als-kafka-image",
      imageRepositoryKey: "public",
      ports: {
        kafka: {
          servicePort: 9092,
        },
      },
      containerResources: {
        requests: {
          memory: "500Mi",
        },
      },
      env: {
        KAFKA_ADVERTISED_HOST: "{{host:als-kafka}}",
        KAFKA_CLIENT_PORT: "{{port:als-kafka:kafka}}",
      },
      sharedEnvKeys: ["als-kafka-common"],
    },
    "als-siphon": {
      imageName: "als-siphon-image",
      imageRepositoryKey: "public",
      ports: {
        metrics: {
          containerPort: 8080,
        },
      },
      metrics: {
        port: "metrics",
      },
      containerResources: {
        requests: {
          memory: "100Mi",
        },
      },
      env: {
        KAFKA_SERVERS: "{{host:als-kafka}}:{{port:als-kafka:kafka}}",
        INIT_IF_EXISTS: "skip",
        POSTGRES_INIT_CONN_STR: "postgresql://postgres:postgres@{{host:bulk-postgres}}:{{port:bulk-postgres:bulk-postgres}}/postgres",
        POSTGRES_ALS_CONN_STR: "postgresql://postgres:postgres@{{host:bulk-postgres}}:{{port:bulk-postgres:bulk-postgres}}/ALS",
        POSTGRES_LOG_CONN_STR: "postgresql://postgres:postgres@{{host:bulk-postgres}}:{{port:bulk-postgres:bulk-postgres}}/AFC_LOGS",
        POSTGRES_INIT_PASSWORD_FILE: "{{secretFile:postgres-password:optional}}",
        POSTGRES_ALS_PASSWORD_FILE: "{{secretFile:als-db-password:optional}}",
        POSTGRES_LOG_PASSWORD_FILE: "{{secretFile:als-json-log-db-password:optional}}",
      },
      sharedEnvKeys: ["als-kafka-common"],
      mountedSecrets: ["postgres-password", "als-db-password", "als-json-log-db-password"],
    },
    "bulk-postgres": {
      imageName: "bulk-postgres-image",
      imageRepositoryKey: "public",
      ports: {
        "bulk-postgres": {
          servicePort: 5432,
          nodePort: 31433,
        },
      },
      pvc: {
        name: "postgresData",
        mountPath: "/var/lib/postgresql/data",
        resources: {
          requests: {
            storage: "100Mi",
          },
        },
      },
    },
    "uls-downloader": {
      imageName: "uls-downloader",
      imageRepositoryKey: "public",
      env: {
        ULS_AFC_URL: "http://{{sameAs:afc-req-service:host}}:{{sameAs:afc-req-service:port}}/fbrat/ap-afc/availableSpectrumInquiryInternal?nocache=True",
        ULS_DELAY_HR: 0,
        ULS_SERVICE_STATE_DB_DSN: "postgresql://postgres:postgres@{{host:bulk-postgres}}/fs_state",
        ULS_SERVICE_STATE_DB_PASSWORD_FILE: "{{secretFile:uls-state-db-password:optional}}",
        ULS_PROMETHEUS_PORT: 8000,
        ULS_SMTP_SERVER: "{{sameAs:ratapi-configurator:MAIL_SERVER:optional}}",
        ULS_SMTP_PORT: "{{sameAs:ratapi-configurator:MAIL_PORT:optional}}",
        ULS_SMTP_USERNAME: "{{sameAs:ratapi-configurator:MAIL_USERNAME:optional}}",
        ULS_SMTP_PASSWORD_FILE: "{{secretFile:ratapi-mail-password:optional}}",
        ULS_SMTP_SSL: "{{sameAs:ratapi-configurator:MAIL_USE_SSL:optional}}",
        ULS_SMTP_TLS: "{{sameAs:ratapi-configurator:MAIL_USE_TLS:optional}}",
      },
      sharedEnvKeys: ["rcache-client", "rcache-common", "devel-env", "als-client"],
      staticVolumeMounts: {
        rat_transfer: "/rat_transfer",
      },
      mountedSecrets: ["ratapi-mail-password", "uls-state-db-password"],
      ports: {
        metrics: {
          containerPort: 8000,
        },
      },
      metrics: {
        port: "metrics",
      },
    },
    "cert-db": {
      imageName: "cert_db",
      imageRepositoryKey: "public",
      env: {
        ALS_KAFKA_SERVER_ID: "cert-db",
      },
      sharedEnvKeys: ["flask-conf", "ratapi-configurator", "oidc-configurator", "als-client", "devel-env"],
      mountedSecrets: [
        "ratdb-password",
        "flask-secret-key",
        "google-apikey",
        "ratapi-captcha-secret",
        "ratapi-captcha-sitekey",
        "ratapi-mail-password",
        "oidc-client-id",
        "oidc-client-secret",
      ],
    },
    rcache: {
      imageName: "rcache-image",
      imageRepositoryKey: "public",
      ports: {
        rcache: {
          servicePort: 8000,
          nodePort: 30083,
        },
      },
      containerResources: {
        requests: {
          memory: "100Mi",
        },
      },
      env: {
        RCACHE_CLIENT_PORT: "{{port:rcache:rcache}}",
        RCACHE_AFC_REQ_URL: "http://{{sameAs:afc-req-service:host}}:{{sameAs:afc-req-service:port}}/fbrat/ap-afc/availableSpectrumInquiry?nocache=True",
        RCACHE_RULESETS_URL: "http://{{host:rat-server}}/fbrat/ratapi/v1/GetRulesetIDs",
        RCACHE_CONFIG_RETRIEVAL_URL: "http://{{host:rat-server}}/fbrat/ratapi/v1/GetAfcConfigByRulesetID",
        ALS_KAFKA_SERVER_ID: "rcache",
      },
      sharedEnvKeys: ["rcache-common", "als-client"],
      mountedSecrets: ["rcache-db-password"],
    },
    grafana: {
      imageName: "grafana-image",
      imageRepositoryKey: "public",
      ports: {
        grafana: {
          servicePort: 3000,
          nodePort: 31000,
        },
      },
      ingress: {
        rules: [
          {
            path: "/grafana",
            pathType: "Prefix",
            portKey: "grafana",
          },
        ],
      },
    },
    nginxexporter: {
      imageName: "nginxexporter-image",
      imageRepositoryKey: "public",
      ports: {
        http: {
          servicePort: 9113,
        },
      },
      metrics: {
        port: "http",
      },
    },
    prometheus: {
      service: {
        selector: {
          prometheus: "main",
        },
      },
      ports: {
        prometheus: {
          servicePort: 9090,
          nodePort: 31090,
        },
      },
    },
    cadvisor: {},
  },
  secretStores: {
    "secret-store": {
      structured: false,
      provider: {},
      refreshInterval: 300,
    },
  },
  externalSecrets: {
    default: {
      secretStore: "secret-store",
      refreshInterval: "5m",
      mountPathPrefix: "/secrets/",
    },
    "postgres-password": {
      property: "POSTGRES_PASSWORD",
    },
    "ratdb-password": {
      property: "RATDB_PASSWORD",
    },
    "uls-state-db-password": {
      property: "ULS_STATE_DB_PASSWORD",
    },
    "rcache-db-password": {
      property: "RCACHE_DB_PASSWORD",
    },
    "als-db-password": {
      property: "ALS_DB_PASSWORD",
    },
    "als-json-log-db-password": {
      property: "ALS_JSON_LOG_DB_PASSWORD",
    },
    "image-pull": {
      property: ".dockerconfigjson",
      template: {
        type: "kubernetes.io/dockerconfigjson",
      },
    },
    "flask-secret-key": {
      property: "SECRET_KEY",
    },
    "google-apikey": {
      property: "GOOGLE_APIKEY",
    },
    "ratapi-captcha-secret": {
      property: "CAPTCHA_SECRET",
    },
    "ratapi-captcha-sitekey": {
      property: "CAPTCHA_SITEKEY",
    },
    "ratapi-mail-password": {
      property: "MAIL_PASSWORD",
    },
    "oidc-client-id": {
      property: "OIDC_CLIENT_ID",
    },
    "oidc-client-secret": {
      property: "OIDC_CLIENT_SECRET",
    },
    "server-cert": {
      data: [
        {
          secretKey: "server.cert.pem",
          remoteRef: {
            key: "server-cert-pem",
          },
        },
        {
          secretKey: "server.key.pem",
          remoteRef: {
            key: "server-key-pem",
          },
        },
      ],
      mountPath: "/certificates/servers",
    },
  },
} as const satisfies DeepReadonly<OpenafcValues>;

/** Every env reference of these defaults names something they have (a compile error otherwise). */
export type Refs_1_0_1_0 = Assert<CheckRefs<typeof openafc_1_0_1_0>>;
