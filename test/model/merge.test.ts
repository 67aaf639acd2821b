import { describe, expect, it } from 'vitest';
import { mergeValues } from '../../src/model/merge.js';

describe('mergeValues (Helm rules)', () => {
  it('merges maps key by key, recursively', () => {
    expect(mergeValues({ a: { b: 1, c: 2 } }, { a: { c: 3, d: 4 } })).toEqual({ a: { b: 1, c: 3, d: 4 } });
  });
  it('replaces lists and scalars whole', () => {
    expect(mergeValues({ l: [1, 2, 3], s: 'x' }, { l: [9], s: 'y' })).toEqual({ l: [9], s: 'y' });
  });
  it('removes a key set to null', () => {
    expect(mergeValues({ a: { imageName: 'x', keep: 1 } }, { a: { imageName: null } })).toEqual({ a: { keep: 1 } });
  });
  it('replaces a map with a scalar and a scalar with a map', () => {
    expect(mergeValues({ a: { b: 1 }, c: 1 }, { a: 'flat', c: { d: 1 } })).toEqual({ a: 'flat', c: { d: 1 } });
  });
  it('does not mutate its inputs', () => {
    const base = { a: { b: [1] } };
    const overlay = { a: { c: 2 } };
    const merged = mergeValues(base, overlay);
    (merged.a as { b: number[] }).b.push(2);
    expect(base).toEqual({ a: { b: [1] } });
    expect(overlay).toEqual({ a: { c: 2 } });
  });
  it('drops nulls inside a map brought in whole', () => {
    expect(mergeValues({}, { a: { b: null, c: 1 } })).toEqual({ a: { c: 1 } });
  });
});
