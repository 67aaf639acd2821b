/**
 * The value platforms of OpenAFC 1.0.1.0 (= 1.0.2.0): helm/afc-int/values-<name>.yaml of that tag as
 * typed overlays (`null` removes a key, Helm's rule). values-k3d.yaml's `ingress: null` names a key no
 * revision has and is left out.
 */
import type { OpenafcValues } from '../../src/model/openafc/schema.js';
import type { Platform } from '../../src/model/overlay.js';

type OpenafcPlatform = Platform<OpenafcValues>;

export const k3d: OpenafcPlatform = {
  description: 'k3d: dispatcher NodePort, static volumes on the nodes, no Ingress, no image-pull secret (values-k3d.yaml)',
  values: {
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
      grafana: {
        env: {
          GF_SERVER_SERVE_FROM_SUB_PATH: "true",
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
    },
  }
,
};

export const http: OpenafcPlatform = {
  description: 'http: the dispatcher serves plain HTTP (values-http.yaml)',
  values: {
    components: {
      dispatcher: {
        env: {
          AFC_ENFORCE_HTTPS: false,
        },
      },
    },
  },
};

export const msghnd: OpenafcPlatform = {
  description: 'msghnd: AFC requests handled by msghnd instead of afcserver (values-msghnd.yaml)',
  values: {
    sharedEnv: {
      "afc-req-service": {
        host: "msghnd",
      },
    },
    components: {
      msghnd: {
        imageName: "afc-msghnd",
        noIngress: false,
      },
      afcserver: {
        imageName: null,
      },
    },
  },
};

export const mtls: OpenafcPlatform = {
  description: 'mtls: the dispatcher enforces mutual TLS (values-mtls.yaml)',
  values: {
    components: {
      dispatcher: {
        env: {
          AFC_ENFORCE_MTLS: true,
        },
      },
    },
  },
};

export const devel: OpenafcPlatform = {
  description: 'devel: development options in the images (values-devel.yaml)',
  values: {
    sharedEnv: {
      "devel-env": {
        AFC_DEVEL_ENV: "devel",
      },
    },
    components: {
      dispatcher: {
        env: {
          AFC_MSGHND_ACCESS_LOG: "/proc/self/fd/2",
        },
      },
    },
  },
};

export const noSecrets: OpenafcPlatform = {
  description: 'no_secrets: no External Secrets at all; optional secret files are not set, so the images use their built-in defaults (values-no_secrets.yaml)',
  values: {
    externalSecrets: null,
    secretStores: null,
  },
};
