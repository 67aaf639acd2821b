/**
 * OpenAFC 1.0.3.0 (the latest release): helm/afc-ext/values.yaml as a delta over 1.0.1.0 - only
 * mountedSecrets, which became a map (as in afc-int). main at 717d3491 has the same helm/afc-ext/
 * values.yaml, so it has no delta of its own.
 */
import type { Overlay } from '../../overlay.js';
import type { OpenafcValues } from '../schema.js';
import type { openafc_ext_1_0_1_0 } from './openafc-ext-1.0.1.0.js';
import type { Assert, CheckRefs, DeepMerge, DeepReadonly } from './refs.js';

export const openafc_ext_1_0_3_0_delta = {
  components: {
    dispatcher: {
      mountedSecrets: {
        "server-cert": true,
      },
    },
  },
} as const satisfies DeepReadonly<Overlay<OpenafcValues>>;

/** afc-ext's 1.0.3.0 (and main's) defaults, as a type: the delta over 1.0.1.0's. */
export type Defaults_ext_1_0_3_0 = DeepMerge<typeof openafc_ext_1_0_1_0, typeof openafc_ext_1_0_3_0_delta>;
/** Every env reference of these defaults names something they have (a compile error otherwise). */
export type Refs_ext_1_0_3_0 = Assert<CheckRefs<Defaults_ext_1_0_3_0>>;
