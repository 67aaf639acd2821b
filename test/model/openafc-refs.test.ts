/**
 * The compile-time check of the 1.0.x defaults' env references (src/model/openafc/defaults/refs.ts):
 * the good ones give `true`; each `@ts-expect-error` below is a bad reference the compiler must refuse
 * (`npm run typecheck` fails if it stops refusing one).
 */
import { describe, expect, it } from 'vitest';
import type { openafc_1_0_1_0 } from '../../src/model/openafc/defaults/openafc-1.0.1.0.js';
import type { Defaults_1_0_3_0 } from '../../src/model/openafc/defaults/openafc-1.0.3.0.js';
import type { Defaults_main_717d3491 } from '../../src/model/openafc/defaults/openafc-main-717d3491.js';
import type { CheckRefs, DeepMerge } from '../../src/model/openafc/defaults/refs.js';

type With<V, Env extends Record<string, string>> = DeepMerge<V, { readonly components: { readonly rcache: { readonly env: Env } } }>;

describe('compile-checked env references of the 1.0.x defaults', () => {
  it('accepts every reference of each version', () => {
    const checks: [CheckRefs<typeof openafc_1_0_1_0>, CheckRefs<Defaults_1_0_3_0>, CheckRefs<Defaults_main_717d3491>] = [true, true, true];
    expect(checks).toEqual([true, true, true]);
  });

  it('refuses a bad component, port, mount, secret, IP key and sameAs entry', () => {
    // @ts-expect-error: rcache has no port "nope"
    const port: CheckRefs<With<Defaults_1_0_3_0, { X: '{{port:rcache:nope}}' }>> = true;
    // @ts-expect-error: no component "nobody"
    const host: CheckRefs<With<Defaults_1_0_3_0, { X: 'http://{{host:nobody}}/' }>> = true;
    // @ts-expect-error: rcache mounts no static volume
    const mount: CheckRefs<With<Defaults_1_0_3_0, { X: '{{staticVolumeMount:rcache:pipe}}' }>> = true;
    // @ts-expect-error: no external secret "nosecret" (and not :optional)
    const secret: CheckRefs<With<Defaults_1_0_3_0, { X: '{{secretFile:nosecret}}' }>> = true;
    // @ts-expect-error: no externalIps key "db"
    const ip: CheckRefs<With<Defaults_1_0_3_0, { X: '{{ip:db}}' }>> = true;
    // @ts-expect-error: sharedEnv.als-db has no entry NOPE
    const sameAs: CheckRefs<With<Defaults_1_0_3_0, { X: '{{sameAs:als-db:NOPE}}' }>> = true;
    // 1.0.1.0 has no als-db group (1.0.3.0 added it)
    // @ts-expect-error: unknown sharedEnv group in 1.0.1.0
    const older: CheckRefs<With<typeof openafc_1_0_1_0, { X: '{{sameAs:als-db:POSTGRES_ALS_CONN_STR}}' }>> = true;
    const optional: CheckRefs<With<Defaults_1_0_3_0, { X: '{{secretFile:db-creator-password-postgres:optional}}' }>> = true;
    expect([port, host, mount, secret, ip, sameAs, older, optional]).toEqual([true, true, true, true, true, true, true, true]);
  });
});
