/**
 * The value platforms of OpenAFC's afc-ext chart at 1.0.1.0: helm/afc-ext/values-<name>.yaml of that
 * tag as typed overlays. 1.0.3.0 and main have the same files. values-mtls.yaml is upstream's as it
 * is: the same AFC_ENFORCE_HTTPS False as values-http.yaml (its comment says it enforces TLS
 * verification; the file does not set AFC_ENFORCE_MTLS).
 */
import type { OpenafcValues } from '../../src/model/openafc/schema.js';
import type { Platform } from '../../src/model/overlay.js';

type OpenafcPlatform = Platform<OpenafcValues>;

export const http: OpenafcPlatform = {
  description: 'http: the outer dispatcher serves plain HTTP (afc-ext/values-http.yaml)',
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

export const mtls: OpenafcPlatform = {
  description: "mtls: upstream's afc-ext/values-mtls.yaml as it is (it sets AFC_ENFORCE_HTTPS False, like http)",
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

export const devel: OpenafcPlatform = {
  description: 'devel: development options in the image (afc-ext/values-devel.yaml)',
  values: {
    sharedEnv: {
      "devel-env": {
        AFC_DEVEL_ENV: "devel",
      },
    },
  },
};
