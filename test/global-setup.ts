import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgres } from '../server/db/embedded-postgres.ts';
import { createLogger } from '../server/logger.ts';
import { ensureNextBuild } from '../server/next-build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin connection string of the Postgres server tests create their databases on. */
    databaseUrl: string;
    /** True when that server is the external one from DATABASE_URL (CI), false for embedded. */
    externalDatabase: boolean;
    /** Redis for scale-out suites (CI sets REDIS_URL); empty when there is none. */
    redisUrl: string;
  }
}

let embedded: EmbeddedPostgres | undefined;
let dir: string | undefined;

// With DATABASE_URL (CI) tests use that server; without it they start one embedded cluster.
export async function setup(project: TestProject): Promise<void> {
  // Build the web app once, here, before any worker: suites that serve pages would otherwise
  // race each other building into the same .next directory on a fresh clone.
  await ensureNextBuild(path.resolve(import.meta.dirname, '..'), createLogger('info'));
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    project.provide('externalDatabase', true);
    return;
  }
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-test-pg-'));
  embedded = new EmbeddedPostgres({ dir });
  await embedded.start();
  project.provide('databaseUrl', await embedded.connectionString());
  project.provide('externalDatabase', false);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
