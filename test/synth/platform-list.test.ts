import { describe, expect, it } from 'vitest';
import { parsePlatformList } from '../../src/synth/command.js';

describe('parsePlatformList', () => {
  it('gives canonical names in order, from repeated flags', () => {
    expect(parsePlatformList(['k3d, http', 'no-secrets'])).toEqual(['k3d', 'http', 'no_secrets']);
    expect(parsePlatformList([])).toEqual([]);
  });
  it.each([[''], ['  '], [',,'], ['k3d,'], [',k3d'], ['k3d,,http']])('refuses the list %j, naming the flag', (list) => {
    expect(() => parsePlatformList([list], '--matrix')).toThrow(/^--matrix (is empty \(an unset variable\?\)|".*" holds an empty platform name): give platform names separated by single commas/);
  });
});
