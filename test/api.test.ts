/** The package's API (src/api.ts) with a version of OpenAFC; test/package/ runs it from the packed package. */
import { describe, expect, it } from 'vitest';
import { synth as apiSynth } from '../src/api.js';

describe('the API with openafc', () => {
  it("synth({ openafc: '1.0.3.0' }) gives that version's objects and its warnings", () => {
    const warnings: string[] = [];
    const objects = apiSynth({ openafc: '1.0.3.0', platforms: ['k3d', 'no_secrets'], onWarning: (w) => warnings.push(w) });
    expect(objects.some((o) => o.kind === 'Deployment' && o.metadata.name === 'afcserver')).toBe(true);
    expect(objects.some((o) => o.kind === 'ConfigMap')).toBe(false);
    expect(warnings[0]).toMatch(/^OpenAFC 1\.0\.3\.0: no image tag given/);
    expect(() => apiSynth({ openafc: '1.0.3.0', platforms: [{ description: 'x', values: {} }] })).toThrow(/own Platform objects apply to OpenAFC fc912b4a only/);
  });
});
