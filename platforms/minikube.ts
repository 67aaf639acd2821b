import type { Platform } from '../src/model/overlay.js';

/** Minikube: dispatcher on a node port. */
export const minikube: Platform = {
  description: 'Minikube cluster: dispatcher as NodePort',
  values: { components: { dispatcher: { serviceType: 'NodePort' } } },
};
