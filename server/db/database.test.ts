import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/test-db.ts';
import { loadConfig } from '../config.ts';
import { createLogger } from '../logger.ts';
import { openDatabase, type Database } from './database.ts';

describe('openDatabase pool', () => {
  let tdb: TestDatabase;
  let db: Database;
  let dataDir: string;
  beforeAll(async () => {
    tdb = await createTestDatabase({ migrate: false });
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-db-'));
    db = await openDatabase(
      loadConfig({ NODE_ENV: 'production', DATABASE_URL: tdb.url, PICKET_DATA_DIR: dataDir }),
      createLogger('silent'),
    );
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  // Regression: with Postgres killed under load, a client checked out for a COPY emitted 'error'
  // (EPIPE) with no listener, and Node ended the whole server process.
  it('a checked-out client whose connection is cut does not take the process down', async () => {
    const client = await db.pool.connect();
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await tdb.pool.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
    // The server's goodbye reaches the client between queries, as an 'error' event: wait until the
    // backend is gone, and a moment more for the client to read it, before touching the client.
    await expect
      .poll(async () => (await tdb.pool.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [rows[0].pid])).rowCount)
      .toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await expect(client.query('SELECT 1')).rejects.toThrow(/terminat|not queryable/);
    client.release(true);
    expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0].one).toBe(1);
    expect(db.status()).toEqual({ mode: 'external', state: 'ok', refused: 0 });
  });
});
