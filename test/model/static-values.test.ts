/**
 * The defaults and built-in platforms are static data: resolveValues does not validate them on every
 * run (isStaticInput). This test validates them instead, for every sequence of distinct platforms, and
 * checks that the unvalidated values synthesize exactly what the validated ones do.
 */
import { describe, expect, it } from 'vitest';
import { builtinPlatforms, platforms } from '../../platforms/index.js';
import { isStaticInput, literalRuntime, mergeAll, resolveApp, resolveValues, validateValues, type Values } from '../../src/model/index.js';
import { helmRuntime } from '../../src/synth/helm/runtime.js';
import { runtimeJsonSchema, runtimeValues } from '../../src/synth/helm/values.js';
import { synthObjects } from '../../src/synth/objects.js';
import { toYaml, toYamlStream } from '../../src/kit/yaml.js';

// Every sequence of the cluster platforms; `hardened` (which changes other fields than they do) alone,
// before and after each of them, and after the longest ones: all permutations of six would be 1956.
const names = Object.keys(platforms).filter((n) => n !== 'hardened');
const sequences: string[][] = [[]];
const extend = (seq: string[]): void => {
  for (const n of names) {
    if (seq.includes(n)) continue;
    sequences.push([...seq, n]);
    extend([...seq, n]);
  }
};
extend([]);
sequences.push(
  ['hardened'],
  ...names.flatMap((n) => [[n, 'hardened'], ['hardened', n]]),
  ['k3d', 'http', 'no_secrets', 'hardened'],
  ['gcp', 'http', 'no_secrets', 'hardened'],
);

const plainOf = (values: Values): string =>
  toYamlStream(synthObjects(resolveApp(values, literalRuntime({ release: 'afc', chart: values.chart! }))));
const helmOf = (values: Values): string => {
  const objects = synthObjects(resolveApp(values, helmRuntime(values)));
  return [toYamlStream(objects), toYaml(runtimeValues(values)), JSON.stringify(runtimeJsonSchema(values))].join('\n');
};

/**
 * The synth is a function of the values, and many platform sequences merge to the same values: each
 * distinct values object is synthesized once and shared. Distinct means a different serialization
 * with key order, undefined members and non-finite numbers kept; values holding anything but plain
 * data (a class instance, a function) are never shared.
 */
const identity = (values: Values): string | undefined => {
  let plainData = true;
  const key = JSON.stringify(values, (_k, v: unknown) => {
    if (v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return `\u0000${String(v)}`;
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') plainData = false;
    else if (typeof v === 'object' && v !== null && !Array.isArray(v) && ![Object.prototype, null].includes(Object.getPrototypeOf(v))) plainData = false;
    return v;
  });
  return plainData ? key : undefined;
};
const memo = (f: (values: Values) => string): ((values: Values) => string) => {
  const seen = new Map<string, string>();
  return (values) => {
    const key = identity(values);
    if (key === undefined) return f(values);
    let out = seen.get(key);
    if (out === undefined) seen.set(key, (out = f(values)));
    return out;
  };
};
/** validateValues(mergeAll({ platforms }, builtinPlatforms)), computed once per sequence for both tests. */
const validatedValues = new Map<string[], Values>();
const validated = (platforms: string[]): Values => {
  let v = validatedValues.get(platforms);
  if (v === undefined) validatedValues.set(platforms, (v = validateValues(mergeAll({ platforms }, builtinPlatforms))));
  return v;
};
const plain = memo(plainOf);
const helm = memo(helmOf);

describe('static values (defaults and platforms)', () => {
  it(`validate, for each of the ${sequences.length} sequences of distinct platforms`, () => {
    expect(sequences.length).toBeGreaterThan(300);
    for (const platforms of sequences) expect(() => validated(platforms)).not.toThrow();
  });

  it('synthesize without validation exactly what they synthesize validated (plain and Helm)', () => {
    for (const platforms of sequences) {
      expect(isStaticInput({ platforms }, builtinPlatforms)).toBe(true);
      const fast = resolveValues({ platforms }, builtinPlatforms);
      expect([platforms, plain(fast)]).toEqual([platforms, plain(validated(platforms))]);
      expect([platforms, helm(fast)]).toEqual([platforms, helm(validated(platforms))]);
    }
  }, 120_000);

  it('are the only inputs that skip validation', () => {
    expect(isStaticInput({ platforms: ['k3d', 'no-secrets'] }, builtinPlatforms)).toBe(true);
    expect(isStaticInput({ platforms: ['k3d', 'k3d'] }, builtinPlatforms)).toBe(false);
    expect(isStaticInput({ platforms: ['no_secrets', 'no-secrets'] }, builtinPlatforms)).toBe(false);
    expect(isStaticInput({ platforms: ['k3d'], sets: ['components.rmq.initialReplicas=2'] }, builtinPlatforms)).toBe(false);
    expect(isStaticInput({ valuesFiles: ['x.yaml'] }, builtinPlatforms)).toBe(false);
    expect(() => resolveValues({ platforms: ['k3d'], sets: ['components.rmq.initialReplicas=two'] }, builtinPlatforms)).toThrow(/initialReplicas/);
  });
});
