import { describe, expect, it } from 'vitest';
import { parsePlatformList } from '../../src/model/load.js';
import { builtinPlatforms } from '../../platforms/index.js';

describe('parsePlatformList', () => {
  it('gives canonical names in order, from repeated flags', () => {
    expect(parsePlatformList(['k3d, http', 'no-secrets'], builtinPlatforms)).toEqual(['k3d', 'http', 'no_secrets']);
    expect(parsePlatformList([], builtinPlatforms)).toEqual([]);
  });
  it.each([[''], ['  '], [',,'], ['k3d,'], [',k3d'], ['k3d,,http']])('refuses the list %j, naming the flag', (list) => {
    expect(() => parsePlatformList([list], builtinPlatforms, '--matrix')).toThrow(/^--matrix (is empty \(an unset variable\?\)|".*" holds an empty platform name): give platform names separated by single commas/);
  });
});
