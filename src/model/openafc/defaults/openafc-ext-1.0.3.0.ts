/**
 * OpenAFC 1.0.3.0 (the latest release): helm/afc-ext/values.yaml as a delta over 1.0.1.0 - only
 * mountedSecrets, which became a map (as in afc-int). main at 717d3491 has the same helm/afc-ext/
 * values.yaml, so it has no delta of its own.
 */
import type { Overlay } from '../../overlay.js';
import type { OpenafcValues } from '../schema.js';

export const openafc_ext_1_0_3_0_delta = {
  components: {
    dispatcher: {
      mountedSecrets: {
        "server-cert": true,
      },
    },
  },
} satisfies Overlay<OpenafcValues>;
