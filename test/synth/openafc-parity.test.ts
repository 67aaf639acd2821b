import { describe, expect, it } from 'vitest';
import { diffObjects, readStream } from '../support/compare.js';
import { fixUpstreamDefects, upstreamCombinations, upstreamValuesFiles, UPSTREAM_FOLDERS } from '../support/openafc-upstream.js';
import { synth } from '../support/synth.js';

describe('parity with OpenAFC 1.0.1.0, 1.0.3.0 and main 717d3491 (real helm template renders)', () => {
  it('has every reference combination of each version', () => {
    expect(Object.fromEntries(Object.keys(UPSTREAM_FOLDERS).map((v) => [v, upstreamCombinations(v).map((c) => c.name).sort()]))).toEqual({
      '1.0.1.0': ['k3d', 'k3d+http', 'k3d+http+fake-secrets', 'k3d+msghnd+fake-secrets'],
      '1.0.3.0': ['gcp-example', 'k3d', 'k3d+http', 'k3d+http+fake-secrets', 'k3d+msghnd+fake-secrets'],
      '717d3491': ['gcp-example', 'k3d', 'k3d+http', 'k3d+http+fake-secrets', 'k3d+msghnd+fake-secrets'],
    });
  });

  for (const version of Object.keys(UPSTREAM_FOLDERS)) {
    for (const c of upstreamCombinations(version)) {
      it(`synthesizes ${version} ${c.name} from that revision's files with 0 differences`, () => {
        const expected = fixUpstreamDefects(readStream(c.file));
        const actual = synth({ openafc: version, valuesFiles: upstreamValuesFiles(version, c.tokens), release: 'afc' });
        expect(actual.length).toBe(expected.length);
        expect(diffObjects(actual, expected, { ignoreManagedBy: true })).toEqual([]);
      });

      const platforms = c.tokens.filter((t) => t !== 'fake-secrets' && t !== 'gcp-example');
      if (platforms.length === 0) continue;
      it(`gives the same result for ${version} ${c.name} with the built-in platforms (-p ${platforms.join(',')})`, () => {
        const files = c.tokens.filter((t) => !platforms.includes(t));
        const viaFiles = synth({ openafc: version, valuesFiles: upstreamValuesFiles(version, c.tokens) });
        const viaPlatforms = synth({ openafc: version, platforms, valuesFiles: upstreamValuesFiles(version, files) });
        expect(diffObjects(viaPlatforms, viaFiles)).toEqual([]);
      });
    }
  }

  it('finds a difference when there is one (the comparison can fail)', () => {
    const c = upstreamCombinations('1.0.3.0').find((x) => x.name === 'k3d+http+fake-secrets')!;
    const expected = fixUpstreamDefects(readStream(c.file));
    const actual = synth({ openafc: '1.0.3.0', valuesFiles: upstreamValuesFiles('1.0.3.0', c.tokens), sets: ['sharedEnv.devel-env.AFC_DEVEL_ENV=devel'] });
    expect(diffObjects(actual, expected, { ignoreManagedBy: true }).length).toBeGreaterThan(5);
    const other = synth({ openafc: '1.0.1.0', valuesFiles: upstreamValuesFiles('1.0.1.0', c.tokens) });
    expect(diffObjects(other, expected, { ignoreManagedBy: true }).length).toBeGreaterThan(5);
  });
});
