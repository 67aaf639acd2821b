import { describe, expect, it } from 'vitest';
import { diffObjects, fixOriginalDefects, readStream } from '../support/compare.js';
import { FIXTURES, originalValuesFiles } from '../support/fixtures.js';
import { synth } from '../support/synth.js';

describe('parity with the original chart (helm template renders)', () => {
  it('has all 7 reference combinations', () => {
    expect(FIXTURES.map((f) => f.name).sort()).toEqual(['base', 'gcp', 'gcp+http', 'http', 'k3d', 'k3d+http+no_secrets', 'no_secrets']);
  });

  for (const fixture of FIXTURES) {
    it(`synthesizes ${fixture.name} with 0 differences`, () => {
      const expected = fixOriginalDefects(readStream(fixture.file));
      const actual = synth({ platforms: fixture.platforms, release: 'afc' });
      expect(actual.length).toBe(expected.length);
      expect(diffObjects(actual, expected, { ignoreManagedBy: true })).toEqual([]);
    });

    it(`gives the same result for ${fixture.name} from the original values files with -f`, () => {
      const viaPlatforms = synth({ platforms: fixture.platforms });
      const viaFiles = synth({ valuesFiles: originalValuesFiles(fixture.platforms) });
      expect(diffObjects(viaFiles, viaPlatforms)).toEqual([]);
    });
  }

  it('finds a difference when there is one (the comparison can fail)', () => {
    const expected = fixOriginalDefects(readStream(FIXTURES.find((f) => f.name === 'k3d')!.file));
    const actual = synth({ platforms: ['k3d'], sets: ['components.rmq.initialReplicas=2'] });
    expect(diffObjects(actual, expected, { ignoreManagedBy: true }).map((d) => d.key)).toEqual(['apps/v1/Deployment//rmq']);
    expect(diffObjects(synth({ platforms: ['gcp'] }), expected, { ignoreManagedBy: true }).length).toBeGreaterThan(5);
  });
});
