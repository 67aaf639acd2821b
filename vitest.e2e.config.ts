import { defineConfig } from 'vitest/config';

// e2e tests against the local kube-apiserver testbed (scripts/testbed.sh, docs/TESTBED.md, docs/dev/testbed.md).
// globalSetup starts the testbed if it is not up (building it the first time) and leaves it running.
export default defineConfig({
  test: {
    include: ['e2e/**/*.e2e.test.ts'],
    globalSetup: ['e2e/global-setup.ts'],
    // One API server shared by all files: run them one after another.
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 180_000,
    hookTimeout: 300_000,
    teardownTimeout: 60_000,
  },
});
