import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run screenshots`: writes docs/screenshots/*.png from a real server and browser. Kept out of
// `npm test` (its include is *.test.ts) so the suite's time is not spent on pictures.
export default defineConfig({
  resolve: { alias: { '@': path.resolve(import.meta.dirname, '..') } },
  test: {
    root: path.resolve(import.meta.dirname, '..'),
    include: ['scripts/*.shots.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 300_000,
    // expect.poll waits for a UI or a pipeline to settle; 1 s (the default) is too short on a loaded 2-core box.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 300_000,
  },
});
