import type { Platform } from '../src/model/overlay.js';

/** Allows plain HTTP to the dispatcher. */
export const http: Platform = {
  description: 'allow HTTP (AFC_ENFORCE_HTTPS false)',
  values: { configmaps: { dispatcher: { AFC_ENFORCE_HTTPS: false } } },
};
