import { defineConfig } from 'vitest/config';

// Unit and parity tests. The e2e suite against a real API server has its own config (vitest.e2e.config.ts).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
