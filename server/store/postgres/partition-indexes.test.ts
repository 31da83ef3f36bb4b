import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import { migrate } from '../../db/migrate.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { eventId } from '../../ingest/event-id.ts';
import { buildPartitionIndexes } from './partition-indexes.ts';
import { partitionName } from './partitions.ts';
import { PostgresEventStore } from './postgres-event-store.ts';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../../db/migrations');
const DAY = 86_400_000;
const log = pino({ level: 'silent' });

function event(ms: number, summary: string): PicketEvent {
  const ts = new Date(ms).toISOString();
  return {
    id: eventId(ms),
    utctimestamp: ts,
    receivedtimestamp: ts,
    category: 'test',
    source: 'index-test',
    hostname: 'h1',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary,
    tags: [],
    details: {},
  };
}

const parentValid = async (db: TestDatabase) =>
  (
    await db.pool.query<{ valid: boolean }>(
      `SELECT indisvalid AS valid FROM pg_index WHERE indexrelid = 'events_summary_trgm'::regclass`,
    )
  ).rows[0].valid;

describe('partition indexes a migration adds after events were stored (the summary trigram index)', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const days = [today - DAY, today].map((d) => partitionName(d));

  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
    // The store as it was before migration 0027, holding events on two days.
    const before = await fs.mkdtemp(path.join(os.tmpdir(), 'picket-migrations-'));
    for (const f of await fs.readdir(MIGRATIONS))
      if (f < '0027') await fs.copyFile(path.join(MIGRATIONS, f), path.join(before, f));
    await migrate(db.pool, before);
    await fs.rm(before, { recursive: true });
    store = new PostgresEventStore(db.pool, log);
    await store.write([event(today - DAY + 1000, 'yesterday qakbot beacon'), event(today + 1000, 'today emotet')]);
    await migrate(db.pool);
  });
  afterAll(() => db.drop());

  it('leaves the partitions that predate it to the builder, and the parent index invalid until then', async () => {
    expect(await parentValid(db)).toBe(false);
  });

  it('builds nothing while another process holds the build', async () => {
    const other = await db.pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [0x7069646b]);
      expect(await buildPartitionIndexes(db.pool, log)).toEqual({ built: [], missing: 2 });
    } finally {
      await other.query('SELECT pg_advisory_unlock($1)', [0x7069646b]);
      other.release();
    }
  });

  it('stops at once when cancelled', async () => {
    const stop = new AbortController();
    stop.abort();
    expect(await buildPartitionIndexes(db.pool, log, stop.signal)).toEqual({ built: [], missing: -1 });
    expect(await parentValid(db)).toBe(false);
  });

  it('builds each missing one, attaches it, and the parent becomes valid; a second pass does nothing', async () => {
    // A pool of one connection: the build runs on a connection of its own, the pool stays free.
    const one = new pg.Pool({ connectionString: db.url, max: 1 });
    const first = await buildPartitionIndexes(one, log).finally(() => one.end());
    expect(first.built.sort()).toEqual(days.map((d) => `${d}_summary_trgm`));
    expect(await parentValid(db)).toBe(true);
    expect(await buildPartitionIndexes(db.pool, log)).toEqual({ built: [], missing: 0 });
  });

  it('a partition created later gets its own at creation, and free text reads the index', async () => {
    await store.write([event(today + DAY + 1000, 'tomorrow trickbot')]);
    expect(await buildPartitionIndexes(db.pool, log)).toEqual({ built: [], missing: 0 });
    const client = await db.pool.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = await client.query<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT id FROM events WHERE summary ILIKE '%trickbot%'`,
      );
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/Bitmap Index Scan on events_\d{8}_summary/);
    } finally {
      await client.query('RESET enable_seqscan');
      client.release();
    }
  });
});
