/**
 * OpenAFC main at 717d3491 (helm/ last changed by 8fe20ece, 2025-06-15) as a delta over 1.0.3.0:
 * Kafka topic names, the engine-state vendor extension, ALS month partitions.
 */
import type { Overlay } from '../../overlay.js';
import type { OpenafcValues } from '../schema.js';

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
} satisfies Overlay<OpenafcValues>;
