import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run test:faults`: crashes, outages and a full disk, one case at a time (each starts its own
// Picket and Postgres and measures recovery; running them side by side would blur the figures).
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['test/faults/**/*.fault.test.ts'],
    globalSetup: ['test/faults/global-setup.ts'],
    // Generous: restarts take seconds on a quiet box and tens of seconds on a loaded one.
    testTimeout: 240_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    minWorkers: 1,
  },
});
