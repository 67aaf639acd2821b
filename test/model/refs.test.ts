import { describe, expect, it } from 'vitest';
import { containerPort, host, mount, port } from '../../src/model/defaults/refs.js';
import { defaults } from '../../src/model/defaults/index.js';

describe('typed env references', () => {
  it('produce the chart placeholders', () => {
    expect(host('msghnd')).toBe('{{host:msghnd}}');
    expect(port('objst', 'fileStorage')).toBe('{{port:objst:fileStorage}}');
    expect(containerPort('msghnd', 'msghnd')).toBe('{{containerPort:msghnd:msghnd}}');
    expect(mount('worker', 'rat_transfer')).toBe('{{staticVolumeMount:worker:rat_transfer}}');
    expect(mount('uls_downloader', 'notifier_mail_secret', 'optional')).toBe('{{staticVolumeMount:uls_downloader:notifier_mail_secret:optional}}');
  });

  it('are checked by the compiler against component, port and volume keys', () => {
    // Each call below must fail to compile: `npm test` runs tsc --noEmit, which reports an unused
    // expect-error directive if one of them compiles. They are never run.
    const typos = (): unknown[] => [
      // @ts-expect-error: no component "msghnd2"
      host('msghnd2'),
      // @ts-expect-error: objst has no port "filestorage"
      port('objst', 'filestorage'),
      // @ts-expect-error: rmq ports are amqp and metrics
      containerPort('rmq', 'http'),
      // @ts-expect-error: worker mounts rat_transfer and pipe only
      mount('worker', 'notifier_mail_secret'),
    ];
    expect(typeof typos).toBe('function');
  });

  it('compose into the default env values like the original values.yaml', () => {
    expect(defaults.configmaps['als-client'].ALS_KAFKA_CLIENT_BOOTSTRAP_SERVERS).toBe('{{host:als_kafka}}:{{port:als_kafka:kafka}}');
    expect(defaults.configmaps.worker.AFC_AEP_REAL_MOUNTPOINT).toBe('{{staticVolumeMount:worker:rat_transfer}}/3dep/1_arcsec');
  });
});
