import { defineConfig } from 'vitest/config';

// The packaging test (test/package/pack.test.ts): npm pack, install into a fresh project, run the
// example of docs/api.md there. Slow, so not part of `npm test`; CI runs it (.ci/run).
export default defineConfig({
  test: {
    include: ['test/package/pack.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 900_000,
    pool: 'forks',
  },
});
