// Tests must pass on a busy machine (CI shares its cores): no per-test or per-hook limit shorter than
// what a machine running at a tenth of its speed needs, and few worker starts: each worker process
// runs test file after test file (isolate: false) instead of one fresh process per file, since a
// process start that takes over vitest's fixed 60 s under load fails the run. Per-file state
// (temporary folders) is set up by test/support/setup.ts, which runs before every test file.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 900_000,
    hookTimeout: 900_000,
    teardownTimeout: 120_000,
    pool: 'forks',
    isolate: false,
    maxWorkers: Math.max(1, Math.min(2, availableParallelism())),
    setupFiles: ['test/support/setup.ts'],
  },
});
