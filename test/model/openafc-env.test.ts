import { describe, expect, it } from 'vitest';
import { OPENAFC_VERSIONS } from '../../platforms/versions.js';
import type { Plain } from '../../src/model/merge.js';
import { componentEnv, mergedOpenafcComponent } from '../../src/model/openafc/env.js';
import { mergeOpenafc, validateOpenafc } from '../../src/model/openafc/load.js';
import { OPENAFC_COMPONENT_KEYS, type OpenafcValues } from '../../src/model/openafc/schema.js';
import { upstreamValuesFiles } from '../support/openafc-upstream.js';

const values = (id: string, sets: string[] = []): OpenafcValues => {
  const v = OPENAFC_VERSIONS[id]!;
  if (v.model !== '1.0') throw new Error('model');
  return validateOpenafc(mergeOpenafc(v.defaults as Plain, { platforms: ['k3d'], valuesFiles: upstreamValuesFiles(id, ['fake-secrets']), sets }, v.platforms), id);
};
const env = (v: OpenafcValues, key: string) => componentEnv(v, key, mergedOpenafcComponent(v, key)!);

describe('env lists of the 1.0.x model', () => {
  it('resolves every placeholder of every component of every version (disabled ones included)', () => {
    for (const id of ['1.0.1.0', '1.0.3.0', '717d3491']) {
      const v = values(id);
      for (const key of OPENAFC_COMPONENT_KEYS) expect(() => env(v, key), `${id} ${key}`).not.toThrow();
    }
  });

  it('renders the component env, then each sharedEnvKeys group, each in key order; @I as an integer', () => {
    const names = env(values('1.0.3.0'), 'als-siphon').map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['INIT_IF_EXISTS', 'KAFKA_SERVERS']);
    expect(names).toContain('KAFKA_MAX_REQUEST_SIZE');
    expect(env(values('1.0.3.0'), 'als-siphon').find((e) => e.name === 'KAFKA_MAX_REQUEST_SIZE')?.value).toBe('10485760');
  });

  it('turns {{secretFile:NAME}} into the mounted file and drops an :optional one whose secret has no property', () => {
    expect(env(values('1.0.3.0'), 'rcache').find((e) => e.name === 'RCACHE_POSTGRES_PASSWORD_FILE')?.value).toBe('/secrets/rcache-db-password/RCACHE_DB_PASSWORD');
    const without = values('1.0.3.0', ['externalSecrets.rcache-db-password.mountPath=/x']);
    expect(env(without, 'rcache').find((e) => e.name === 'RCACHE_POSTGRES_PASSWORD_FILE')?.value).toBe('/x/RCACHE_DB_PASSWORD');
  });

  it('resolves {{sameAs:GROUP:ENTRY}} through the other group, and {{ip:KEY}} from externalIps', () => {
    expect(env(values('1.0.3.0'), 'uls-downloader').find((e) => e.name === 'ULS_SMTP_SERVER')?.value).toBe('smtp.gmail.com');
    const v = values('1.0.3.0', ['externalIps.postgres=192.0.2.20', 'components.rcache.env.X=db {{ip:postgres}}']);
    expect(env(v, 'rcache').find((e) => e.name === 'X')?.value).toBe('db 192.0.2.20');
  });

  it('names the bad reference', () => {
    expect(() => env(values('1.0.3.0', ['components.rcache.env.X={{port:rcache:nope}}']), 'rcache')).toThrow(/^components\.rcache\.env\.X: \{\{port:rcache:nope\}\} refers to unknown port "nope" of component "rcache"$/);
    expect(() => env(values('1.0.3.0', ['components.rcache.env.X={{host:nobody}}']), 'rcache')).toThrow(/refers to unknown component "nobody"/);
    expect(() => env(values('1.0.3.0', ['components.rcache.env.X={{ip:nokey}}']), 'rcache')).toThrow(/"nokey" is not a key of externalIps: add externalIps\.nokey/);
    expect(() => env(values('1.0.3.0', ['components.rcache.env.X={{secretFile:nosecret}}']), 'rcache')).toThrow(/external secret "nosecret" is not defined or has no property/);
  });
});
