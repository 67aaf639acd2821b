import { availableParallelism } from 'node:os';
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
    // Vitest's default is a fork per CPU but one: a single fork on a 2-CPU machine. The tests spend much
    // of their time waiting for the processes they spawn (afc, helm), so run at least two.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
