import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { diffObjects, fixOriginalDefects, readStream } from '../support/compare.js';
import { tempFolder } from '../support/files.js';

const out = tempFolder('afc-cdk8s-');

/**
 * Runs a program and resolves to its exit status and output. Asynchronous: a synchronous spawn blocks
 * the test worker for the whole cdk8s run, long enough on a busy machine for vitest's RPC to time out.
 */
async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(cmd, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof err.code !== 'number') throw e;
    return { status: err.code, stdout: err.stdout ?? '', stderr: err.stderr ?? '' };
  }
}

describe('cdk8s synth with the repo cdk8s.yaml', () => {
  it('synthesizes the platforms named in AFC_PLATFORMS, like afc synth', async () => {
    const r = await run(resolve('node_modules/.bin/cdk8s'), ['synth', '--output', out], { ...process.env, AFC_PLATFORMS: 'k3d,http,no_secrets' });
    expect(r.status, r.stderr).toBe(0);
    const objects = readStream(join(out, 'afc-int.k8s.yaml'));
    const expected = fixOriginalDefects(readStream('test/fixtures/rendered/k3d+http+no_secrets.yaml'));
    expect(diffObjects(objects, expected, { ignoreManagedBy: true })).toEqual([]);
    expect(readFileSync(join(out, 'afc-int.k8s.yaml'), 'utf8')).toContain('app.kubernetes.io/managed-by: afc');
  });

  it('reports a bad platform as a one-line error from the app (cdk8s-cli then adds its own report)', async () => {
    // The app as cdk8s.yaml runs it; cdk8s-cli wraps any failing app in a trace of its own.
    const r = await run(resolve('node_modules/.bin/tsx'), ['src/main.ts'], { ...process.env, AFC_PLATFORMS: 'aws', CDK8S_OUTDIR: out });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('afc: error: unknown platform "aws": use one of k3d, gcp, http, no_secrets, minikube, hardened (comma-separated, applied in order)\n');
  });
});
