/** The package's API (src/api.ts) with a version of OpenAFC; test/package/ runs it from the packed package. */
import { describe, expect, it } from 'vitest';
import { synth as apiSynth, synthHelmChart } from '../src/api.js';

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

describe('synthHelmChart of the API', () => {
  it('takes your own platform overlays as synth does', () => {
    const own = { description: 'one more worker', values: { components: { worker: { hpa: { maxReplicas: 7 } } } } };
    const files = synthHelmChart({ platforms: ['k3d', own] });
    expect(files.get('values.yaml')).toMatch(/maxReplicas: 7\b/);
    // The same chart as the built-in platform alone, but for that value.
    const plain = synthHelmChart({ platforms: ['k3d'] });
    expect(plain.get('values.yaml')).not.toMatch(/maxReplicas: 7\b/);
    expect([...files.keys()]).toEqual([...plain.keys()]);
    expect(() => synthHelmChart({ openafc: '1.0.3.0', platforms: [own] })).toThrow(/own Platform objects apply to OpenAFC fc912b4a only/);
  });
});
