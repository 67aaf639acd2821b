import type { Platform } from '../src/model/overlay.js';

/** k3d development clusters: always pull (images come from the k3d registry), dispatcher on a node port. */
export const k3d: Platform = {
  description: 'k3d development cluster: imagePullPolicy Always, dispatcher as NodePort',
  values: {
    components: {
      default: { imagePullPolicy: 'Always' },
      dispatcher: { serviceType: 'NodePort' },
    },
  },
};
