import { configDefaults, defineConfig } from 'vitest/config';

// Unit and parity tests. The e2e suite against a real API server has its own config (vitest.e2e.config.ts),
// and so has the packaging test (vitest.package.config.ts; test/package/ holds it and its example).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/package/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
