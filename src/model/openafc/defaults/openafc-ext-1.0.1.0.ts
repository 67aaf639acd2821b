/**
 * OpenAFC 1.0.1.0 (= 1.0.2.0): helm/afc-ext/values.yaml of that tag as typed data - the outer
 * cluster, the dispatcher alone, forwarding to the inner cluster by its external IPs. Upstream's
 * "null = present" encoded as in the afc-int defaults (a declared IP is `''`). The chart metadata is
 * Chart.yaml's. Literals only: the constructs read everything from here.
 */
import type { OpenafcValues } from '../schema.js';
import type { Assert, CheckRefs, DeepReadonly } from './refs.js';

export const openafc_ext_1_0_1_0 = {
  chart: { name: 'afc-ext', version: '0.0.0', appVersion: 'brcm-3.8.14.0.1' },
  externalIps: {
    "int-ingress": "",
    "int-rmq": "",
    "ext-dispatcher": "",
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
    "devel-env": {
      AFC_DEVEL_ENV: "production",
    },
  },
  components: {
    default: {
      service: {
        type: "ClusterIP",
      },
      initialReplicas: 1,
      imagePullPolicy: "Always",
      serviceAccount: null,
      securityContextKey: "none",
      pvc: {
        accessMode: "ReadWriteOnce",
      },
    },
    dispatcher: {
      imageName: "dispatcher-image",
      imageRepositoryKey: "public",
      service: {
        type: "LoadBalancer",
        loadBalancerIpKey: "ext-dispatcher",
      },
      sharedEnvKeys: ["devel-env"],
      env: {
        AFC_SERVER_NAME: "_",
        AFC_ENFORCE_HTTPS: "True",
        AFC_ENFORCE_MTLS: "False",
        AFC_MSGHND_NAME: "{{ip:int-ingress}}",
        AFC_MSGHND_PORT: "80",
        AFC_WEBUI_NAME: "{{ip:int-ingress}}",
        AFC_WEBUI_PORT: "80",
        AFC_OBJST_SCHEME: "HTTP",
        AFC_OBJST_HOST: "{{ip:int-ingress}}",
        AFC_OBJST_PORT: "80",
        BROKER_FQDN: "{{ip:int-rmq}}",
        BROKER_PORT: 5672,
        AFC_PROMETHEUS_TARGET: "{{ip:int-ingress}}",
        AFC_GRAFANA_TARGET: "{{ip:int-ingress}}",
      },
      ports: {
        http: {
          servicePort: 80,
        },
        https: {
          servicePort: 443,
        },
        status: {
          servicePort: 8080,
        },
      },
      mountedSecrets: ["server-cert"],
      readinessProbe: {
        exec: {
          command: ["/wd/acceptor.py", "--cmd", "check"],
        },
      },
      livenessProbe: {
        exec: {
          command: ["curl", "--fail", "http://localhost/fbrat/ap-afc/healthy"],
        },
      },
    },
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
    },
    "image-pull": {
      property: ".dockerconfigjson",
      template: {
        type: "kubernetes.io/dockerconfigjson",
      },
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
export type Refs_ext_1_0_1_0 = Assert<CheckRefs<typeof openafc_ext_1_0_1_0>>;
