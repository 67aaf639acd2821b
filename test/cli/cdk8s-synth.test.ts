import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffObjects, fixOriginalDefects, readStream } from '../support/compare.js';
import { tempFolder } from '../support/files.js';
import { runAsync } from '../support/process.js';

const out = tempFolder('afc-cdk8s-');

describe('cdk8s synth with the repo cdk8s.yaml', () => {
  it('synthesizes the platforms named in AFC_PLATFORMS, like afc synth', async () => {
    const r = await runAsync(resolve('node_modules/.bin/cdk8s'), ['synth', '--output', out], { env: { ...process.env, AFC_PLATFORMS: 'k3d,http,no_secrets' } });
    expect(r.status, r.stderr).toBe(0);
    const objects = readStream(join(out, 'afc-int.k8s.yaml'));
    const expected = fixOriginalDefects(readStream('test/fixtures/rendered/k3d+http+no_secrets.yaml'));
    expect(diffObjects(objects, expected, { ignoreManagedBy: true })).toEqual([]);
    expect(readFileSync(join(out, 'afc-int.k8s.yaml'), 'utf8')).toContain('app.kubernetes.io/managed-by: afc');
  });

  it('reports a bad platform as a one-line error from the app (cdk8s-cli then adds its own report)', async () => {
    // The app as cdk8s.yaml runs it; cdk8s-cli wraps any failing app in a trace of its own.
    const r = await runAsync(resolve('node_modules/.bin/tsx'), ['src/main.ts'], { env: { ...process.env, AFC_PLATFORMS: 'aws', CDK8S_OUTDIR: out } });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('afc: error: unknown platform "aws": use one of k3d, gcp, http, no_secrets, minikube, hardened (comma-separated, applied in order)\n');
  });
});
