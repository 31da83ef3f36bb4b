import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname) } },
  test: {
    include: ['**/*.test.ts'],
    // The fault suite has its own command (npm run test:faults) and config.
    exclude: ['node_modules/**', '.next/**', '.picket/**', 'test/faults/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    // expect.poll waits for a UI or a pipeline to settle; 1 s (the default) is too short on a loaded 2-core box.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 240_000,
    // Two cores: integration suites start servers and Postgres work; keep the box responsive.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
