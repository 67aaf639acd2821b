/**
 * OpenAFC 1.0.3.0 (the latest release) as a delta over 1.0.1.0: database self-provisioning
 * (db-creator), grafana's database and admin password, read-only database passwords, the env groups
 * als-db and uls-db, mountedSecrets as a map. `null` removes a key of 1.0.1.0 (Helm's rule).
 */
import type { Overlay } from '../../overlay.js';
import type { OpenafcValues } from '../schema.js';
import type { openafc_1_0_1_0 } from './openafc-1.0.1.0.js';
import type { Assert, CheckRefs, DeepMerge, DeepReadonly } from './refs.js';

export const openafc_1_0_3_0_delta = 
{
  sharedEnv: {
    "als-db": {
      POSTGRES_ALS_CONN_STR: "postgresql://postgres:postgres@{{host:bulk-postgres}}:{{port:bulk-postgres:bulk-postgres}}/ALS",
      POSTGRES_LOG_CONN_STR: "postgresql://postgres:postgres@{{host:bulk-postgres}}:{{port:bulk-postgres:bulk-postgres}}/AFC_LOGS",
      POSTGRES_ALS_PASSWORD_FILE: "{{secretFile:als-db-password:optional}}",
      POSTGRES_LOG_PASSWORD_FILE: "{{secretFile:als-json-log-db-password:optional}}",
    },
    "uls-db": {
      ULS_SERVICE_STATE_DB_DSN: "postgresql://postgres:postgres@{{host:bulk-postgres}}/fs_state",
      ULS_SERVICE_STATE_DB_PASSWORD_FILE: "{{secretFile:uls-state-db-password:optional}}",
    },
    "db-creator": {
      AFC_DB_CREATOR_URL: "http://{{host:rat-server}}:{{port:rat-server:rat-server}}/fbrat/admin/CreateDb",
    },
  },
  components: {
    dispatcher: {
      mountedSecrets: {
        "server-cert": true,
      },
    },
    "rat-server": {
      mountedSecrets: {
        "ratdb-password": true,
        "flask-secret-key": true,
        "google-apikey": true,
        "ratapi-captcha-secret": true,
        "ratapi-captcha-sitekey": true,
        "ratapi-mail-password": true,
        "oidc-client-id": true,
        "oidc-client-secret": true,
        "rcache-db-password": true,
      },
    },
    msghnd: {
      mountedSecrets: {
        "ratdb-password": true,
        "flask-secret-key": true,
        "google-apikey": true,
        "ratapi-captcha-secret": true,
        "ratapi-captcha-sitekey": true,
        "ratapi-mail-password": true,
        "oidc-client-id": true,
        "oidc-client-secret": true,
        "rcache-db-password": true,
      },
    },
    afcserver: {
      mountedSecrets: {
        "ratdb-password": true,
        "rcache-db-password": true,
      },
    },
    objst: {
      mountedSecrets: {
        "ratdb-password": true,
        "flask-secret-key": true,
        "google-apikey": true,
        "ratapi-captcha-secret": true,
        "ratapi-captcha-sitekey": true,
        "ratapi-mail-password": true,
        "oidc-client-id": true,
        "oidc-client-secret": true,
      },
    },
    "als-siphon": {
      env: {
        POSTGRES_INIT_CONN_STR: null,
        POSTGRES_ALS_CONN_STR: null,
        POSTGRES_LOG_CONN_STR: null,
        POSTGRES_INIT_PASSWORD_FILE: null,
        POSTGRES_ALS_PASSWORD_FILE: null,
        POSTGRES_LOG_PASSWORD_FILE: null,
      },
      sharedEnvKeys: ["als-kafka-common", "als-db", "db-creator"],
      mountedSecrets: {
        "als-db-password": true,
        "als-json-log-db-password": true,
      },
    },
    "uls-downloader": {
      env: {
        ULS_SERVICE_STATE_DB_DSN: null,
        ULS_SERVICE_STATE_DB_PASSWORD_FILE: null,
      },
      sharedEnvKeys: ["rcache-client", "rcache-common", "devel-env", "als-client", "uls-db", "db-creator"],
      mountedSecrets: {
        "ratapi-mail-password": true,
        "uls-state-db-password": true,
      },
    },
    "cert-db": {
      sharedEnvKeys: [
        "flask-conf",
        "ratapi-configurator",
        "oidc-configurator",
        "als-client",
        "devel-env",
        "db-creator",
      ],
      mountedSecrets: {
        "ratdb-password": true,
        "flask-secret-key": true,
        "google-apikey": true,
        "ratapi-captcha-secret": true,
        "ratapi-captcha-sitekey": true,
        "ratapi-mail-password": true,
        "oidc-client-id": true,
        "oidc-client-secret": true,
      },
    },
    rcache: {
      sharedEnvKeys: ["rcache-common", "als-client", "db-creator"],
      mountedSecrets: {
        "rcache-db-password": true,
      },
    },
    grafana: {
      env: {
        GF_SECURITY_ADMIN_USER: "admin",
        GRAFANA_ADMIN_PASSWORD_FILE: "{{secretFile:grafana-admin-password}}",
        GRAFANA_DATABASE_URL: "postgresql://postgres:postgres@{{host:bulk-postgres}}/grafana",
        GRAFANA_DATABASE_PASSWORD_FILE: "{{secretFile:grafana-db-password}}",
        GRAFANA_DS_ALS_RO_DSN: "{{sameAs:als-db:POSTGRES_ALS_CONN_STR}}",
        GRAFANA_DS_ALS_RO_PASSWORD_FILE: "{{sameAs:als-db:POSTGRES_ALS_PASSWORD_FILE}}",
        GRAFANA_DS_JSON_LOG_RO_DSN: "{{sameAs:als-db:POSTGRES_LOG_CONN_STR}}",
        GRAFANA_DS_JSON_LOG_RO_PASSWORD_FILE: "{{sameAs:als-db:POSTGRES_LOG_PASSWORD_FILE}}",
        GRAFANA_DS_FS_STATE_RO_DSN: "{{sameAs:uls-db:ULS_SERVICE_STATE_DB_DSN}}",
        GRAFANA_DS_FS_STATE_RO_PASSWORD_FILE: "{{sameAs:uls-db:ULS_SERVICE_STATE_DB_PASSWORD_FILE}}",
        GRAFANA_DS_PROMETHEUS_URL: "http://prometheus-operated.monitoring:9090",
        GRAFANA_DS_RCACHE_URL: "http://{{host:rcache}}:{{port:rcache:rcache}}",
      },
      sharedEnvKeys: ["db-creator"],
      mountedSecrets: {
        "grafana-db-password": true,
        "als-ro-db-password": true,
        "als-json-log-ro-db-password": true,
        "uls-state-ro-db-password": true,
        "grafana-admin-password": true,
      },
    },
  },
  externalSecrets: {
    "grafana-db-password": {
      property: "GRAFANA_DB_PASSWORD",
    },
    "als-ro-db-password": {
      property: "ALS_RO_DB_PASSWORD",
    },
    "als-json-log-ro-db-password": {
      property: "ALS_JSON_LOG_RO_DB_PASSWORD",
    },
    "uls-state-ro-db-password": {
      property: "ULS_STATE_RO_DB_PASSWORD",
    },
    "grafana-admin-password": {
      property: "GRAFANA_ADMIN_PASSWORD",
    },
    "postgres-password": null,
  },
} as const satisfies DeepReadonly<Overlay<OpenafcValues>>;

/** 1.0.3.0's defaults, as a type: the delta over 1.0.1.0's. */
export type Defaults_1_0_3_0 = DeepMerge<typeof openafc_1_0_1_0, typeof openafc_1_0_3_0_delta>;
/** Every env reference of these defaults names something they have (a compile error otherwise). */
export type Refs_1_0_3_0 = Assert<CheckRefs<Defaults_1_0_3_0>>;
