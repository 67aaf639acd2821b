import type { Platform } from '../src/model/overlay.js';

/** Google Cloud: databases are external (ratdb and bulk_postgres disabled), rmq on a fixed load balancer IP. */
export const gcp: Platform = {
  description: 'GCP cluster: no in-cluster databases, imagePullPolicy Never, rmq loadBalancerIP',
  values: {
    components: {
      default: { imagePullPolicy: 'Never' },
      ratdb: { imageName: null },
      rmq: { loadBalancerIP: '10.255.128.214' },
      bulk_postgres: { imageName: null },
    },
  },
};
