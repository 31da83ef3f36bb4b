import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/test-db.ts';
import type { PicketEvent } from '../../ingest/event.ts';
import { eventId } from '../../ingest/event-id.ts';
import { parseQuery } from '../query/index.ts';
import { PostgresEventStore } from './postgres-event-store.ts';
import { ROLLUP_DIMS, ROLLUP_UPKEEP_LOCK } from './rollup-upkeep.ts';
import { rollupAggregateSql, rollupCountSql, rollupHistogramSql, rolledTerm } from './rollups.ts';
import { SqlBuilder } from './search-sql.ts';

const DAY = 86_400_000;
const MATCH_ALL = parseQuery('');
const FIELDS = ['category', 'source', 'hostname', 'severity', 'details.sourceipaddress'];
/** One term on a rolled-up field: counted and histogrammed from the rollups. */
const TERMS = [
  '',
  'details.sourceipaddress:10.0.1.2',
  'sourceipaddress:"10.0.2.4"',
  'details.sourceipaddress:x',
  'hostname:h1',
  'category:web',
  'source:sshd',
  'severity:info',
  'severity:WARNING',
];

function event(ms: number, i: number): PicketEvent {
  // Values repeat across minutes and batches; the source IP is a string, a number, absent, an array
  // holding strings (twice), another type and the term value, or a nested array (no term matches it).
  const text = `10.0.${i % 3}.${i % 5}`;
  const ip =
    i % 7 === 0
      ? undefined
      : i % 11 === 0
        ? 4242
        : i % 13 === 0
          ? [text, text, 7, 'x']
          : i % 17 === 0
            ? [[text]]
            : text;
  return {
    id: eventId(ms),
    utctimestamp: new Date(ms).toISOString(),
    receivedtimestamp: new Date().toISOString(),
    category: ['auth', 'web', 'ids'][i % 3],
    source: ['sshd', 'proxy'][i % 2],
    hostname: `h${i % 4}`,
    processname: 'p',
    processid: '1',
    severity: ['INFO', 'WARNING', 'info'][i % 3],
    summary: 'rollup test',
    tags: [],
    details: ip === undefined ? {} : { sourceipaddress: ip },
  };
}

describe('event rollups', () => {
  let db: TestDatabase;
  let store: PostgresEventStore;
  // Ranges that start and end inside a minute, so both edge scans and whole minutes take part.
  const now = Math.floor(Date.now() / 60_000) * 60_000 - 7_250;
  const HOUR = 3_600_000;
  const hour = Math.floor(now / HOUR) * HOUR - 3 * HOUR;
  const ranges = [
    { from: new Date(now - DAY + 13_500), to: new Date(now) },
    { from: new Date(now - 3 * 3_600_000 + 59_999), to: new Date(now - 3_600_000 + 1) },
    { from: new Date(now - 5 * DAY), to: new Date(now + 60_000) },
    // Partial hours read as whole hours minus the minutes outside (5 and 10 minutes out)...
    { from: new Date(hour - 3 * HOUR + 5 * 60_000 + 3_000), to: new Date(hour + 50 * 60_000 + 2_000) },
    // ... or as their minutes inside; and two partial hours with no whole hour between them.
    { from: new Date(hour - 5 * HOUR + 50 * 60_000 + 1_000), to: new Date(hour - HOUR + 5 * 60_000 + 30_000) },
    { from: new Date(hour + 5 * 60_000 + 1_000), to: new Date(hour + HOUR + 20 * 60_000) },
  ];

  beforeAll(async () => {
    db = await createTestDatabase();
    store = new PostgresEventStore(db.pool, pino({ level: 'silent' }));
    // Two days plus an old one, written in several batches (several deltas per minute), shuffled.
    const all: PicketEvent[] = [];
    for (let i = 0; i < 3000; i++)
      all.push(event(now - Math.floor((((i * 7919) % 3000) / 3000) * 2 * DAY) - (i % 1000), i));
    for (let i = 0; i < 50; i++) all.push(event(now - 4 * DAY - i * 1000, i));
    for (let i = 0; i < all.length; i += 400) await store.write(all.slice(i, i + 400));
    // A batch that goes through the batch-marker path too.
    await store.write([event(now - 30_000, 1), event(now - 30_000, 2)], { batchId: 'b1' });
  });
  afterAll(() => db.drop());

  /** The same question answered by a full GROUP BY over events. */
  async function exactTop(field: string, from: Date, to: Date): Promise<Array<{ key: string; count: number }>> {
    const expr = field === 'details.sourceipaddress' ? `details #>> '{sourceipaddress}'` : field;
    const { rows } = await db.pool.query(
      `SELECT ${expr} AS key, count(*)::int AS count FROM events WHERE utctimestamp >= $1 AND utctimestamp <= $2 AND ${expr} IS NOT NULL
       GROUP BY 1 ORDER BY count DESC, key LIMIT 50`,
      [from.toISOString(), to.toISOString()],
    );
    return rows;
  }

  async function exactHistogram(
    from: Date,
    to: Date,
    intervalMs: number,
  ): Promise<Array<{ ts: string; count: number }>> {
    const { rows } = await db.pool.query<{ ts: string; count: number }>(
      `SELECT date_bin($3::interval, utctimestamp, '1970-01-01T00:00:00Z') AS ts, count(*)::int AS count FROM events
       WHERE utctimestamp >= $1 AND utctimestamp <= $2 GROUP BY 1 ORDER BY 1`,
      [from.toISOString(), to.toISOString(), `${intervalMs} milliseconds`],
    );
    return rows.map((r) => ({ ts: new Date(r.ts).toISOString(), count: r.count }));
  }

  /** The term's matches per bucket, as the events table answers (the compiler's own WHERE). */
  async function exactTermHistogram(
    q: string,
    from: Date,
    to: Date,
    intervalMs: number,
  ): Promise<Array<{ ts: string; count: number }>> {
    const b = new SqlBuilder();
    const where = b.where(parseQuery(q), from, to);
    const { rows } = await db.pool.query<{ ts: string; count: number }>(
      `SELECT date_bin(${b.param(`${intervalMs} milliseconds`)}::interval, utctimestamp, '1970-01-01T00:00:00Z') AS ts, count(*)::int AS count
       FROM events WHERE ${where} GROUP BY 1 ORDER BY 1`,
      b.params,
    );
    return rows.map((r) => ({ ts: new Date(r.ts).toISOString(), count: r.count }));
  }

  async function newestIds(q: string, from: Date, to: Date, size: number): Promise<string[]> {
    const b = new SqlBuilder();
    const where = b.where(parseQuery(q), from, to);
    const { rows } = await db.pool.query<{ id: string }>(
      `SELECT id FROM events WHERE ${where} ORDER BY utctimestamp DESC, id DESC LIMIT ${b.param(size)}`,
      b.params,
    );
    return rows.map((r) => r.id);
  }

  async function expectExact(): Promise<void> {
    for (const { from, to } of ranges) {
      for (const q of TERMS) {
        const query = parseQuery(q);
        expect(rollupCountSql({ query, from, to })).not.toBeNull();
        const want = await exactTermHistogram(q, from, to, 60_000);
        const total = want.reduce((sum, r) => sum + r.count, 0);
        // Page sizes 5 and 1000 take both source IP page plans (backward walk, GIN bitmap).
        for (const size of [5, 1000]) {
          const found = await store.search({ query, from, to, size, sort: { field: 'utctimestamp', order: 'desc' } });
          expect({ q, total: found.total, exact: found.totalExact }).toEqual({ q, total, exact: true });
          expect(found.events.map((e) => e.id)).toEqual(await newestIds(q, from, to, size));
        }
        for (const intervalMs of [60_000, 3_600_000]) {
          const got = (await store.histogram({ query, from, to, intervalMs })).filter((b) => b.count > 0);
          expect(got.map((b) => ({ ts: new Date(b.ts).toISOString(), count: b.count }))).toEqual(
            intervalMs === 60_000 ? want : await exactTermHistogram(q, from, to, intervalMs),
          );
        }
      }
      for (const field of FIELDS) {
        expect(rollupAggregateSql({ query: MATCH_ALL, from, to, field, size: 50 })).not.toBeNull();
        expect(await store.aggregate({ query: MATCH_ALL, from, to, field, size: 50 })).toEqual(
          await exactTop(field, from, to),
        );
      }
      for (const intervalMs of [60_000, 15 * 60_000, 3_600_000]) {
        const got = (await store.histogram({ query: MATCH_ALL, from, to, intervalMs })).filter((b) => b.count > 0);
        const want = await exactHistogram(from, to, intervalMs);
        expect(got.map((b) => ({ ts: new Date(b.ts).toISOString(), count: b.count }))).toEqual(want);
      }
    }
  }

  it('answer the match-all top values and histogram exactly as a GROUP BY over events', async () => {
    const { rows } = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
    expect(rows[0].n).toBe(3052);
    // The 24 h and 5-day ranges hold whole hours: top values read the hourly level.
    const hourly = await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_rollups_hourly');
    expect(hourly.rows[0].n).toBeGreaterThan(0);
    // Every term matches something, so the comparisons below are not all zeros.
    for (const q of TERMS) {
      const found = await store.search({
        query: parseQuery(q),
        ...ranges[0],
        size: 1,
        sort: { field: 'utctimestamp', order: 'desc' },
      });
      expect(found.total).toBeGreaterThan(0);
    }
    await expectExact();
  });

  it('stay exact after deletes and compaction, and compaction merges the deltas', async () => {
    await db.pool.query(`DELETE FROM events WHERE hostname = 'h1' AND utctimestamp > $1`, [
      new Date(now - 6 * 3_600_000).toISOString(),
    ]);
    await expectExact();
    const { before, after } = await store.compactRecentRollups(new Date(now + 120_000));
    expect(after).toBeLessThan(before);
    const dups = await db.pool.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM (SELECT 1 FROM event_rollups WHERE minute >= $1 GROUP BY minute, dim, key HAVING count(*) > 1) m)
            + (SELECT count(*) FROM (SELECT 1 FROM event_rollups_hourly WHERE hour >= $1 GROUP BY hour, dim, key HAVING count(*) > 1) h) AS n`,
      [new Date(now + 120_000 - 25 * 3_600_000).toISOString()],
    );
    expect(Number(dups.rows[0].n)).toBe(0);
    await expectExact();
  });

  it('stay exact while hours are open, when they close, and for late events of closed hours', async () => {
    // Reopen the last 30 hours, as if they were written after migration 0026: new writes in them add
    // no hourly rows, and their old hourly rows must not be read any more.
    const reopenAt = Math.floor((now - 30 * HOUR) / HOUR) * HOUR;
    await db.pool.query('UPDATE event_rollup_state SET hourly_through = $1', [new Date(reopenAt).toISOString()]);
    const hourlyRows = async () =>
      (
        await db.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_rollups_hourly WHERE hour >= $1', [
          new Date(reopenAt).toISOString(),
        ])
      ).rows[0].n;
    const before = await hourlyRows();
    const open: PicketEvent[] = [];
    for (let i = 0; i < 300; i++) open.push(event(now - ((i * 7919) % 29) * HOUR - (i % 50) * 61_000, i));
    const reader = new PostgresEventStore(db.pool, pino({ level: 'silent' }));
    await reader.write(open);
    expect(await hourlyRows()).toBe(before);
    // From here on the tests read through a store whose idea of the closed hours starts from this
    // database (the first store's was read before the hours were reopened, which production never does).
    store = reader;
    await expectExact();
    // Close them: the hourly level is rebuilt from the minutes, and moves up to the last whole hour.
    await reader.closeRollupHours(new Date(now));
    const { rows } = await db.pool.query<{ at: string }>('SELECT hourly_through AS at FROM event_rollup_state');
    expect(new Date(rows[0].at).getTime()).toBe(Math.floor((now - 60_000) / HOUR) * HOUR);
    await expectExact();
    // Late events of closed hours, and deletes in them, reach the hourly level from the trigger.
    await reader.write([event(now - 20 * HOUR - 5_000, 3), event(now - 2 * HOUR - 7_000, 5)]);
    await db.pool.query(`DELETE FROM events WHERE hostname = 'h2' AND utctimestamp BETWEEN $1 AND $2`, [
      new Date(now - 10 * HOUR).toISOString(),
      new Date(now - 9 * HOUR).toISOString(),
    ]);
    await expectExact();
  });

  it('merge the deltas of the open hours when hours close, one process of a cluster at a time, and stay exact', async () => {
    const through = async () =>
      new Date(
        (await db.pool.query<{ at: string }>('SELECT hourly_through AS at FROM event_rollup_state')).rows[0].at,
      ).getTime();
    // Up to the current minute, which is still being written (the closer leaves it alone).
    const end = Math.floor(now / 60_000) * 60_000;
    const dups = async (from: number) =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT 1 FROM event_rollups WHERE minute >= $1 AND minute < $2 GROUP BY minute, dim, key HAVING count(*) > 1) d`,
          [new Date(from).toISOString(), new Date(end).toISOString()],
        )
      ).rows[0].n;
    const open = await through();
    // Three writes into one whole minute of an open hour: three deltas per value of that minute.
    const at = Math.max(open, Math.floor(now / 60_000) * 60_000 - 2 * 60_000) + 500;
    for (let k = 0; k < 3; k++) await store.write([event(at + k, k), event(at + k + 10, k + 1)]);
    expect(await dups(open)).toBeGreaterThan(0);
    // Another process of the cluster in the middle of its pass: this one skips.
    const other = await db.pool.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [ROLLUP_UPKEEP_LOCK]);
      await store.closeRollupHours(new Date(now));
      expect(await dups(open)).toBeGreaterThan(0);
      await other.query('SELECT pg_advisory_unlock($1)', [ROLLUP_UPKEEP_LOCK]);
    } finally {
      other.release();
    }
    await store.closeRollupHours(new Date(now));
    expect(await dups(open)).toBe(0);
    await expectExact();
  });

  it('name in ROLLUP_DIMS every dimension the trigger writes (compaction, closing and retention read only those)', async () => {
    const { rows } = await db.pool.query<{ dim: string }>(
      'SELECT dim FROM event_rollups UNION SELECT dim FROM event_rollups_hourly ORDER BY 1',
    );
    expect(rows.map((r) => r.dim)).toEqual([...ROLLUP_DIMS].sort());
  });

  it('forget a partition dropped by retention, in the same transaction', async () => {
    const oldDay = new Date(Math.floor((now - 4 * DAY) / DAY) * DAY);
    const count = async () =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT coalesce(sum(n), 0)::int AS n FROM event_rollups WHERE dim = 'all' AND minute >= $1 AND minute < $2`,
          [oldDay.toISOString(), new Date(oldDay.getTime() + DAY).toISOString()],
        )
      ).rows[0].n;
    expect(await count()).toBeGreaterThan(0);
    const hourly = async () =>
      (
        await db.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM event_rollups_hourly WHERE hour >= $1 AND hour < $2`,
          [oldDay.toISOString(), new Date(oldDay.getTime() + DAY).toISOString()],
        )
      ).rows[0].n;
    expect(await hourly()).toBeGreaterThan(0);
    const dropped = await store.applyRetention(3, new Date(now));
    expect(dropped.length).toBeGreaterThan(0);
    expect(await count()).toBe(0);
    expect(await hourly()).toBe(0);
    await expectExact();
  });

  it('leave queries, other fields and sub-minute buckets to the events table', () => {
    const from = new Date(now - DAY);
    const to = new Date(now);
    expect(rollupAggregateSql({ query: parseQuery('category:auth'), from, to, field: 'category', size: 5 })).toBeNull();
    expect(rollupAggregateSql({ query: MATCH_ALL, from, to, field: 'details.username', size: 5 })).toBeNull();
    expect(rollupHistogramSql({ query: MATCH_ALL, from, to, intervalMs: 30_000 })).toBeNull();
    // A number or a boolean also matches the JSON number/boolean, a CIDR a network, a wildcard
    // other values, two terms an intersection: none is a rollup key.
    for (const q of [
      'details.sourceipaddress:4242',
      'details.sourceipaddress:true',
      'details.sourceipaddress:10.0.0.0/16',
      'details.sourceipaddress:10.0.*',
      'details.username:x',
      'hostname:h1 AND category:web',
      'NOT hostname:h1',
      'h1',
    ]) {
      expect(rolledTerm(parseQuery(q))).toBeNull();
      expect(rollupCountSql({ query: parseQuery(q), from, to })).toBeNull();
      expect(rollupHistogramSql({ query: parseQuery(q), from, to, intervalMs: 60_000 })).toBeNull();
    }
    // Shorter than one whole minute: nothing to take from the rollups.
    expect(
      rollupHistogramSql({ query: MATCH_ALL, from: new Date(now - 30_000), to: new Date(now), intervalMs: 60_000 }),
    ).toBeNull();
  });

  it('are emptied with the events table', async () => {
    await db.pool.query('TRUNCATE events');
    const { rows } = await db.pool.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM event_rollups) + (SELECT count(*) FROM event_rollups_hourly) AS n',
    );
    expect(Number(rows[0].n)).toBe(0);
  });
});
