// vitest globalSetup for the e2e suite: make sure the testbed is up before any test runs.
// It is left running afterwards (tear it down with `npm run testbed -- down`; CI does so in .ci/run).
// Set TESTBED_NO_UP=1 to fail fast instead of starting (and, the first time, building) it.
import { spawn } from 'node:child_process';
import { repoRoot, testbedIsUp, testbedScript } from './testbed.js';

export default async function setup(): Promise<void> {
  if (await testbedIsUp()) return;
  if (process.env.TESTBED_NO_UP === '1') {
    throw new Error('the testbed is not up: run `npm run testbed -- up` first');
  }
  // stdio inherited so that a first-time build (many minutes) shows its progress.
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [testbedScript, 'up'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`scripts/testbed.sh up failed (exit ${code ?? signal})`)),
    );
  });
}
