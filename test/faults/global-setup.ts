import type { TestProject } from 'vitest/node';
import { provideSharedPostgres, stopSharedPostgres } from '../shared-postgres.ts';

// The fault cases start Picket as a child process without the web UI, so unlike the main suite
// there is no Next build here. Cases that need a shared server use DATABASE_URL (CI) or one
// embedded cluster; the cases that break Postgres start their own.
export async function setup(project: TestProject): Promise<void> {
  await provideSharedPostgres(project, 'picket-faults-pg-');
}

export const teardown = stopSharedPostgres;
