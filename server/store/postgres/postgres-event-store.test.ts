import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { eventId } from '../../ingest/event-id.ts';
import { parseQuery } from '../query/index.ts';
import pg from 'pg';
import { QueryTimeoutError } from '../query-timeout.ts';
import { PostgresEventStore } from './postgres-event-store.ts';
import { PostgresExplorerStore } from './postgres-explorer-store.ts';
import { eventStoreContract, searchAllPages } from '../event-store.contract.ts';

const DAY = 86_400_000;

function event(ms: number, over: Partial<PicketEvent> = {}): PicketEvent {
  const ts = new Date(ms).toISOString();
  return {
    id: eventId(ms),
    utctimestamp: ts,
    receivedtimestamp: new Date().toISOString(),
    category: 'test',
    source: 'store-test',
    hostname: 'h1',
    processname: 'p',
    processid: '1',
    severity: 'INFO',
    summary: 'store test',
    tags: ['a', 'b,c', 'with "quotes"', 'back\\slash', 'tab\tnew\nline'],
    details: { text: 'tab\there\nnewline \\ backslash', nested: { deep: [1, 'two', null] } },
    ...over,
  };
}

describe('PostgresEventStore', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, pino({ level: 'silent' }));
  });
  afterAll(() => db.drop());

  it('writes through COPY with every special character intact and finds events by id', async () => {
    const now = Date.now();
    const e = event(now - 1000);
    expect(await store.write([e])).toEqual({ stored: 1, deadLettered: 0 });
    const got = await store.get(e.id);
    expect(got).toEqual({ ...e, receivedtimestamp: expect.any(String) });
    expect(await store.get('01a20244-e800-7b10-9a90-6596c6869cd9')).toBeNull();
    expect(await store.get('not-a-uuid')).toBeNull();
  });

  it('creates one partition per day on demand, including late events', async () => {
    const now = Date.now();
    await store.write([event(now - 3 * DAY), event(now - 40 * DAY), event(now + 3600_000)]);
    const { rows } = await db.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'`,
    );
    const day = (ms: number) => `events_${new Date(ms).toISOString().slice(0, 10).replaceAll('-', '')}`;
    expect(rows.map((r) => r.name)).toEqual(
      expect.arrayContaining([day(now - 3 * DAY), day(now - 40 * DAY), day(now + 3600_000)]),
    );
  });

  it('stores a batch id once: a redelivered batch (queue mode) writes nothing, even when one row was refused', async () => {
    const now = Date.now();
    const batchId = `batch-${now}`;
    const a = event(now - 3000, { summary: 'redelivered a' });
    const b = event(now - 3000, { summary: 'redelivered \u0000 b' });
    const c = event(now - 3000, { summary: 'redelivered c' });
    expect(await store.write([a, b, c], { batchId })).toEqual({ stored: 2, deadLettered: 1 });
    expect(await store.write([a, b, c], { batchId })).toEqual({ stored: 0, deadLettered: 0, duplicate: true });
    const { rows } = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events WHERE summary LIKE 'redelivered%'`,
    );
    expect(rows[0].n).toBe(2);
    const dead = await db.pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM events_dead_letter WHERE raw LIKE '%redelivered%'`,
    );
    expect(dead.rows[0].n).toBe(1);
    // Another batch id with the same content is another batch.
    expect(await store.write([event(now - 3000, { summary: 'redelivered d' })], { batchId: `${batchId}-2` })).toEqual({
      stored: 1,
      deadLettered: 0,
    });
  });

  it('dead-letters a row Postgres refuses instead of failing the batch or losing it', async () => {
    const now = Date.now();
    const good = event(now - 2000, { summary: 'good neighbour' });
    // A NUL is refused by Postgres text and jsonb; normalization strips it, so this is the last line of defence.
    const bad = event(now - 2000, { summary: 'bad \u0000 row' });
    expect(await store.write([good, bad])).toEqual({ stored: 1, deadLettered: 1 });
    expect(await store.get(good.id)).not.toBeNull();
    const { rows } = await db.pool.query(`SELECT error, raw FROM events_dead_letter WHERE raw LIKE '%bad%'`);
    expect(rows).toHaveLength(1);
    expect(JSON.parse(rows[0].raw).id).toBe(bad.id);
  });

  it('drops whole days older than the retention period and keeps the rest', async () => {
    const now = Date.now();
    const old = event(now - 100 * DAY, { tags: ['old'] });
    const recent = event(now - 10 * DAY, { tags: ['recent'] });
    await store.write([old, recent]);
    const dropped = await store.applyRetention(90, new Date(now));
    expect(dropped.length).toBeGreaterThanOrEqual(1);
    expect(await store.get(old.id)).toBeNull();
    expect(await store.get(recent.id)).not.toBeNull();
    // Writing into a dropped day again recreates its partition (the store forgot it).
    await store.write([event(now - 100 * DAY)]);
  });

  it('searches with keyset cursors over equal timestamps without repeats', async () => {
    const ms = Date.now() - 5000;
    const same = Array.from({ length: 7 }, (_, i) => event(ms, { tags: ['same-ts'], details: { i } }));
    await store.write(same);
    const query = parseQuery('tags:same-ts');
    const from = new Date(ms - 1000);
    const to = new Date(ms + 1000);
    const ids = await searchAllPages(store, {
      query,
      from,
      to,
      size: 3,
      sort: { field: 'utctimestamp', order: 'desc' },
    });
    expect(ids.sort()).toEqual(same.map((e) => e.id).sort());
  });

  it('runs user searches under statement_timeout and answers QueryTimeoutError past it', async () => {
    const now = Date.now();
    const many = Array.from({ length: 20_000 }, (_, i) =>
      event(now - 5000 - i, { summary: `slow search ${i} ${'x'.repeat(200)}` }),
    );
    await store.write(many);
    // 1 ms: any scan of 20k rows with a regex takes longer, so the limit must cut it.
    const reads = new pg.Pool({ connectionString: db.url, max: 2, statement_timeout: 1 });
    // end() resolves before its clients finish closing; the database's DROP … FORCE may kill one then.
    reads.on('error', () => undefined);
    try {
      const timed = new PostgresEventStore(db.pool, pino({ level: 'silent' }), { pool: reads, timeoutMs: 1 });
      const q = { query: parseQuery('/slow.*x{150}.*[0-9]z/'), from: new Date(now - DAY), to: new Date(now + 60_000) };
      await expect(
        timed.search({ ...q, size: 10, sort: { field: 'utctimestamp', order: 'desc' } }),
      ).rejects.toBeInstanceOf(QueryTimeoutError);
      await expect(timed.aggregate({ ...q, field: 'hostname', size: 5 })).rejects.toBeInstanceOf(QueryTimeoutError);
      await expect(timed.histogram({ ...q, intervalMs: 60_000 })).rejects.toBeInstanceOf(QueryTimeoutError);
      // Writes do not share the limit: they use the other pool.
      expect(await timed.write([event(now - 10)])).toEqual({ stored: 1, deadLettered: 0 });
    } finally {
      await reads.end();
    }
  });

  it('cuts leading wildcards and regexes at the shorter pattern limit, other searches keep the general one', async () => {
    const now = Date.now();
    await store.write([event(now - 1000, { summary: 'pattern limit' })]);
    const reads = new pg.Pool({ connectionString: db.url, max: 4, statement_timeout: 10_000 });
    reads.on('error', () => undefined);
    const locker = await db.pool.connect();
    try {
      const timed = new PostgresEventStore(db.pool, pino({ level: 'silent' }), {
        pool: reads,
        timeoutMs: 10_000,
        patternTimeoutMs: 150,
      });
      const range = {
        from: new Date(now - DAY),
        to: new Date(now + 60_000),
        size: 10,
        sort: { field: 'utctimestamp' as const, order: 'desc' as const },
      };
      // A lock held on events makes every read wait: the wait counts against statement_timeout.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
      for (const q of ['summary:*limit', '/pattern.*/', 'category:test AND NOT hostname:?1']) {
        const started = performance.now();
        const err = await timed.search({ ...range, query: parseQuery(q) }).catch((e: unknown) => e);
        expect(err, q).toBeInstanceOf(QueryTimeoutError);
        expect((err as Error).message).toContain('0.2 s');
        expect(performance.now() - started).toBeLessThan(5000);
      }
      // A term search waits for the lock under the general limit and then answers.
      const term = timed.search({ ...range, query: parseQuery('summary:pattern*') });
      await new Promise((r) => setTimeout(r, 400));
      await locker.query('COMMIT');
      expect((await term).total).toBeGreaterThan(0);
      // The shorter limit was set for those statements only: the pooled connections are back to 10 s.
      const { rows } = await reads.query<{ statement_timeout: string }>('SHOW statement_timeout');
      expect(rows[0].statement_timeout).toBe('10s');
    } finally {
      await locker.query('ROLLBACK').catch(() => undefined);
      locker.release();
      await reads.end();
    }
  });
});

eventStoreContract('Postgres', async () => {
  const db = await createTestDatabase();
  return {
    store: new PostgresEventStore(db.pool, pino({ level: 'silent' })),
    explorer: new PostgresExplorerStore(db.pool),
    done: () => db.drop(),
  };
});
