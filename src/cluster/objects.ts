// moved to src/kit (issue 22); shim removed once every branch has landed
export * from '../kit/objects.js';
import type { K8sObject } from '../kit/objects.js';
/** @deprecated the one object type is K8sObject (src/kit/objects.ts). */
export type K8sLike = K8sObject;
