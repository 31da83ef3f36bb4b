import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgres } from '../../server/db/embedded-postgres.ts';

let embedded: EmbeddedPostgres | undefined;
let dir: string | undefined;

// The fault cases start Picket as a child process without the web UI, so unlike the main suite
// there is no Next build here. Cases that need a shared server use DATABASE_URL (CI) or one
// embedded cluster; the cases that break Postgres start their own.
export async function setup(project: TestProject): Promise<void> {
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    project.provide('externalDatabase', true);
    return;
  }
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-faults-pg-'));
  embedded = new EmbeddedPostgres({ dir });
  await embedded.start();
  project.provide('databaseUrl', await embedded.connectionString());
  project.provide('externalDatabase', false);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
