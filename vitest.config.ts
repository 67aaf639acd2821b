import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

// Unit and parity tests. The e2e suite against a real API server has its own config (vitest.e2e.config.ts),
// and so has the packaging test (vitest.package.config.ts; test/package/ holds it and its example).
//
// Speed (issue 13: `npm test` ≤ 60 s on a warm checkout of a 2-CPU machine):
// - two forks even on 2 CPUs (vitest's default is CPUs - 1 = one): many tests wait on processes they
//   start (helm, bin/afc, the stand-ins), so a second fork keeps the CPUs busy;
// - `isolate: false`: a fork imports cdk8s, zod, yaml and the model once for all its files instead of once
//   per file (20 s of 130 s were imports). Test files therefore must not leave global state behind
//   (restore process.cwd(), as test/synth/atomic.test.ts does). vi.mock stays per file: the runner modules
//   test/runner/cli.test.ts replaces by spies are the real ones again in the next file of the same fork.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'test/package/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: Math.max(2, availableParallelism() - 1),
    minWorkers: 1,
    isolate: false,
  },
});
