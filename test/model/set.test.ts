import { describe, expect, it } from 'vitest';
import { AfcError } from '../../src/errors.js';
import { parseSet, typedSetValue } from '../../src/model/set.js';

describe('parseSet (Helm --set syntax)', () => {
  it('builds a nested overlay from a dotted path', () => {
    expect(parseSet('components.worker.hpa.maxReplicas=4')).toEqual({ components: { worker: { hpa: { maxReplicas: 4 } } } });
  });
  it('keeps keys with _ and - intact', () => {
    expect(parseSet('configmaps.als_kafka-common.KAFKA_X=1')).toEqual({ configmaps: { 'als_kafka-common': { KAFKA_X: 1 } } });
  });
  it('applies several comma-separated assignments', () => {
    expect(parseSet('a.b=1,a.c=two')).toEqual({ a: { b: 1, c: 'two' } });
  });
  it('honours escaped dots and commas', () => {
    expect(parseSet('a.b\\.c=x\\,y')).toEqual({ a: { 'b.c': 'x,y' } });
  });
  it('keeps = signs in the value', () => {
    expect(parseSet('a=x=y')).toEqual({ a: 'x=y' });
  });
  it('types values like Helm: null, booleans, integers, strings', () => {
    expect(typedSetValue('null')).toBeNull();
    expect(typedSetValue('TRUE')).toBe(true);
    expect(typedSetValue('false')).toBe(false);
    expect(typedSetValue('0')).toBe(0);
    expect(typedSetValue('42')).toBe(42);
    expect(typedSetValue('-7')).toBe(-7);
    expect(typedSetValue('007')).toBe('007');
    expect(typedSetValue('1.5')).toBe('1.5');
    expect(typedSetValue('NodePort')).toBe('NodePort');
    expect(typedSetValue('')).toBe('');
  });
  it('rejects an assignment without = or with an empty key', () => {
    expect(() => parseSet('components.worker')).toThrow(AfcError);
    expect(() => parseSet('components.worker')).toThrow(/expected PATH=VALUE/);
    expect(() => parseSet('a..b=1')).toThrow(/bad path/);
    expect(() => parseSet('a[0]=1')).toThrow(/lists and indexes are not supported/);
  });
});
