/**
 * OpenAFC main at 717d3491 (helm/ last changed by 8fe20ece, 2025-06-15) as a delta over 1.0.3.0:
 * Kafka topic names, the engine-state vendor extension, ALS month partitions.
 */
import type { Overlay } from '../../overlay.js';
import type { OpenafcValues } from '../schema.js';
import type { Defaults_1_0_3_0 } from './openafc-1.0.3.0.js';
import type { Assert, CheckRefs, DeepMerge, DeepReadonly } from './refs.js';

export const openafc_main_717d3491_delta = 
{
  sharedEnv: {
    "als-kafka-common": {
      AFC_ALS_TOPIC_NAME: "ALS",
      AFC_JSON_TOPIC_PREFIX: "",
    },
    "rcache-client": {
      AFC_STATE_VENDOR_EXTENSIONS: "openAfc.engineState",
    },
  },
  components: {
    "als-siphon": {
      env: {
        AFC_ALS_MONTH_PARTITIONS_AHEAD: 6,
      },
    },
  },
} as const satisfies DeepReadonly<Overlay<OpenafcValues>>;

/** main's defaults, as a type: the delta over 1.0.3.0's. */
export type Defaults_main_717d3491 = DeepMerge<Defaults_1_0_3_0, typeof openafc_main_717d3491_delta>;
/** Every env reference of these defaults names something they have (a compile error otherwise). */
export type Refs_main_717d3491 = Assert<CheckRefs<Defaults_main_717d3491>>;
