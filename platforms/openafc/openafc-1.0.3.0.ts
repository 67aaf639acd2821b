/**
 * The value platforms of OpenAFC 1.0.3.0 (and main 717d3491, whose values files are the same): those
 * of 1.0.1.0 but k3d, which gives rat-server the database creator DSNs and passwords of ratdb and
 * bulk-postgres instead of grafana's sub-path setting.
 */
import type { OpenafcValues } from '../../src/model/openafc/schema.js';
import type { Overlay, Platform } from '../../src/model/overlay.js';
import type { Defaults_1_0_3_0 } from '../../src/model/openafc/defaults/openafc-1.0.3.0.js';
import type { Assert, CheckRefs, DeepMerge, DeepReadonly } from '../../src/model/openafc/defaults/refs.js';

/** values-k3d.yaml of 1.0.3.0, literal-typed so that its env references are compile-checked (below). */
const k3dValues = {
  components: {
    default: {
      imagePullPolicy: "Always",
      noIngress: true,
    },
    dispatcher: {
      service: {
        type: "NodePort",
      },
    },
    "rat-server": {
      env: {
        AFC_DB_CREATOR_DSN_RATDB: "postgresql://postgres:postgres@{{host:ratdb}}:{{port:ratdb:ratdb}}/postgres",
        AFC_DB_CREATOR_PASSWORD_FILE_RATDB: "{{secretFile:db-creator-password-ratdb:optional}}",
        AFC_DB_CREATOR_DSN_BULK_POSTGRES: "postgresql://postgres:postgres@{{host:bulk-postgres}}:{{port:bulk-postgres:bulk-postgres}}/postgres",
        AFC_DB_CREATOR_PASSWORD_FILE_BULK_POSTGRES: "{{secretFile:db-creator-password-bulk-postgres:optional}}",
      },
      mountedSecrets: {
        "db-creator-password-ratdb": true,
        "db-creator-password-bulk-postgres": true,
      },
    },
  },
  staticVolumes: {
    rat_transfer: {
      hostPath: {
        path: "/opt/afc/databases/rat_transfer",
        type: "Directory",
      },
    },
    pipe: {
      hostPath: {
        path: "/tmp",
        type: "DirectoryOrCreate",
      },
    },
    "objst-storage": {
      hostPath: {
        path: "/opt/afc/databases/storage",
        type: "DirectoryOrCreate",
      },
    },
  },
  externalSecrets: {
    "image-pull": null,
    "db-creator-password-ratdb": {
      property: "DB_CREATOR_PASSWORD_RATDB",
    },
    "db-creator-password-bulk-postgres": {
      property: "DB_CREATOR_PASSWORD_BULK_POSTGRES",
    },
  },
} as const satisfies DeepReadonly<Overlay<OpenafcValues>>;

/** Every env reference of 1.0.3.0's defaults with k3d names something they have (a compile error otherwise). */
export type RefsK3d = Assert<CheckRefs<DeepMerge<Defaults_1_0_3_0, typeof k3dValues>>>;

export const k3d: Platform<OpenafcValues> = {
  description: 'k3d: dispatcher NodePort, static volumes on the nodes, no Ingress, no image-pull secret, database creation on ratdb and bulk-postgres (values-k3d.yaml)',
  values: k3dValues as Overlay<OpenafcValues>,
};

/**
 * no_secrets of 1.0.3.0 and later: values-no_secrets.yaml (no External Secrets) plus what upstream's
 * file misses since grafana reads two secret files without `:optional`: those two variables are
 * dropped, so grafana uses its image's built-in admin and database passwords (upstream's helm
 * template fails on every revision with no_secrets).
 */
export const noSecrets: Platform<OpenafcValues> = {
  description: 'no_secrets: no External Secrets at all; optional secret files are not set and grafana reads no password file, so the images use their built-in defaults (values-no_secrets.yaml, fixed)',
  values: {
    externalSecrets: null,
    secretStores: null,
    components: { grafana: { env: { GRAFANA_ADMIN_PASSWORD_FILE: null, GRAFANA_DATABASE_PASSWORD_FILE: null } } },
  },
};
