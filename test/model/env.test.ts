import { builtinPlatforms } from '../../platforms/index.js';
import { describe, expect, it } from 'vitest';
import { goValueString, resolveEnvValue, type EnvContext } from '../../src/model/env.js';
import { envContext, resolveValues } from '../../src/model/index.js';

const ctx: EnvContext = envContext(resolveValues({}, builtinPlatforms));

describe('goValueString (Go %v of YAML numbers)', () => {
  it.each([
    [2, '2'],
    [8000, '8000'],
    [100000, '100000'],
    [1000000, '1e+06'],
    [10485760, '1.048576e+07'],
    [1.5, '1.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [true, 'true'],
    [false, 'false'],
    ['True', 'True'],
  ])('renders %s as %s', (value, expected) => {
    expect(goValueString(value)).toBe(expected);
  });
});

describe('resolveEnvValue', () => {
  it('resolves host, port and containerPort placeholders', () => {
    expect(resolveEnvValue('x', 'V', '{{host:rat_server}}', ctx)).toEqual({ value: 'webui' });
    expect(resolveEnvValue('x', 'V', '{{port:msghnd:msghnd}}', ctx)).toEqual({ value: '80' });
    expect(resolveEnvValue('x', 'V', '{{containerPort:msghnd:msghnd}}', ctx)).toEqual({ value: '8000' });
    expect(resolveEnvValue('x', 'V', '{{containerPort:objst:fileStorage}}', ctx)).toEqual({ value: '5000' });
    expect(resolveEnvValue('x', 'V', 'http://{{host:msghnd}}:{{port:msghnd:msghnd}}/x', ctx)).toEqual({ value: 'http://msghnd:80/x' });
  });
  it('resolves a static volume mount and applies the IFABSENT rule when not mounted', () => {
    expect(resolveEnvValue('x', 'V', '{{staticVolumeMount:worker:rat_transfer}}/3dep', ctx)).toEqual({ value: '/mnt/nfs/rat_transfer/3dep' });
    expect(resolveEnvValue('x', 'V', '{{staticVolumeMount:worker:notifier_mail_secret:optional}}/a', ctx)).toEqual({ drop: true });
    expect(resolveEnvValue('x', 'V', '{{staticVolumeMount:worker:notifier_mail_secret:nullable}}/a', ctx)).toEqual({ value: '' });
    expect(resolveEnvValue('x', 'V', '{{staticVolumeMount:worker:notifier_mail_secret}}', ctx)).toEqual({
      error: expect.stringMatching(/configmaps\.x\.V: .* is required but component "worker" does not mount "notifier_mail_secret"/),
    });
  });
  it('renders @I keys as integers and @S keys verbatim', () => {
    expect(resolveEnvValue('x', 'SIZE@I', 10485760, ctx)).toEqual({ value: '10485760' });
    expect(resolveEnvValue('x', 'RAW@S', '{{not a placeholder}}', ctx)).toEqual({ value: '{{not a placeholder}}' });
    expect(resolveEnvValue('x', 'SIZE@I', 'ten', ctx)).toEqual({ error: expect.stringMatching(/"ten" is not a number/) });
  });
  it('names unknown components, ports and volumes', () => {
    expect(resolveEnvValue('cm', 'V', '{{host:nope}}', ctx)).toEqual({ error: 'configmaps.cm.V: {{host:nope}} refers to unknown component "nope"' });
    expect(resolveEnvValue('cm', 'V', '{{port:rmq:nope}}', ctx)).toEqual({ error: 'configmaps.cm.V: {{port:rmq:nope}} refers to unknown port "nope" of component "rmq"' });
    expect(resolveEnvValue('cm', 'V', '{{port:nope:x}}', ctx)).toEqual({ error: 'configmaps.cm.V: {{port:nope:x}} refers to unknown component "nope"' });
    expect(resolveEnvValue('cm', 'V', '{{staticVolumeMount:worker:nope}}', ctx)).toEqual({
      error: expect.stringMatching(/unknown static volume "nope"/),
    });
    expect(resolveEnvValue('cm', 'V', '{{port:rmq:metrics}}', ctx)).toEqual({ error: expect.stringMatching(/has no servicePort/) });
    expect(resolveEnvValue('cm', 'V', '{{hots:rmq}}', ctx)).toEqual({ error: expect.stringMatching(/not a known placeholder/) });
  });
});
