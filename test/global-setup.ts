import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createLogger } from '../server/logger.ts';
import { ensureNextBuild } from '../server/next-build.ts';
import { provideSharedPostgres, stopSharedPostgres } from './shared-postgres.ts';

// With DATABASE_URL (CI) tests use that server; without it they start one embedded cluster.
export async function setup(project: TestProject): Promise<void> {
  // Build the web app once, here, before any worker: suites that serve pages would otherwise
  // race each other building into the same .next directory on a fresh clone.
  await ensureNextBuild(path.resolve(import.meta.dirname, '..'), createLogger('info'));
  await provideSharedPostgres(project, 'picket-test-pg-');
}

export const teardown = stopSharedPostgres;
