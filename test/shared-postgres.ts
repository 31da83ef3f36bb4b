// The Postgres server a vitest run creates its databases on (test-db.ts): the external one from
// DATABASE_URL (CI), or one embedded cluster for the whole run. Shared by the main suite's and the
// fault suite's global setups.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { EmbeddedPostgres } from '../server/db/embedded-postgres.ts';

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

/** Provides databaseUrl, externalDatabase and redisUrl to the run's tests. */
export async function provideSharedPostgres(project: TestProject, tmpPrefix: string): Promise<void> {
  project.provide('redisUrl', process.env.REDIS_URL ?? '');
  const external = process.env.DATABASE_URL;
  if (external) {
    project.provide('databaseUrl', external);
    project.provide('externalDatabase', true);
    return;
  }
  dir = await fs.mkdtemp(path.join(os.tmpdir(), tmpPrefix));
  embedded = new EmbeddedPostgres({ dir });
  await embedded.start();
  project.provide('databaseUrl', await embedded.connectionString());
  project.provide('externalDatabase', false);
}

export async function stopSharedPostgres(): Promise<void> {
  await embedded?.stop();
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
