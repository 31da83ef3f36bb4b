import type pg from 'pg';
import '../../db/pg-types.ts';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { PicketEvent } from '../../ingest/event.ts';
import { eventIdTime } from '../../ingest/event-id.ts';
import type { Logger } from '../../logger.ts';
import type { Bucket, EventStore, HistogramBucket, SearchParams, SearchResult, WriteResult } from '../event-store.ts';
import type { QueryNode } from '../query/index.ts';
import { zeroFill } from '../histogram-fill.ts';
import { rethrowQueryTimeout } from '../query-timeout.ts';
import { COPY_COLUMNS, copyChunks } from './copy-format.ts';
import { PartitionManager } from './partitions.ts';
import { buildPartitionIndexes } from './partition-indexes.ts';
import { avoidIndexOrder } from './plan-hints.ts';
import {
  compactOpenMinutes,
  compactRecentRollups,
  onePerCluster,
  readHourlyThrough,
  rollHours,
} from './rollup-upkeep.ts';
import { rolledTerm, rollupAggregateSql, rollupCountSql, rollupHistogramSql, unindexedSourceIp } from './rollups.ts';
import {
  decodeCursor,
  encodeCursor,
  EVENT_COLUMNS,
  groupExpression,
  keysetCondition,
  orderBy,
  SqlBuilder,
} from './search-sql.ts';
import { pgTimestamp } from '../time-range.ts';
import { AppError } from '../../errors/app-error.ts';

/**
 * Backward walk or bitmap for a source IP page: the walk reads about window × page / matches rows
 * in heap order, the bitmap one random page per match; random pages cost ~4 sequential ones and a
 * page holds ~8 events, so the walk wins once matches² × 32 ≥ window × page.
 */
const WALK_PAGE_RATIO = 32;
const MATCH_ALL: QueryNode = { type: 'matchAll' };

/** Counting stops here: beyond it `total` is a lower bound, as Elasticsearch's track_total_hits does. */
export const TOTAL_CAP = 10_000;

export class InvalidCursorError extends AppError<'invalid_cursor'> {
  constructor(message: string) {
    super('invalid_cursor', message);
  }
}

function isDataError(err: unknown): boolean {
  const code = (err as { code?: string }).code ?? '';
  // 22: data exception, 23: integrity violation, 54: limit exceeded — row-specific, not server trouble.
  return code.startsWith('22') || code.startsWith('23') || code.startsWith('54');
}

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly partitions: PartitionManager;
  private hourly = { at: 0, readAt: 0 };
  private indexBuild: Promise<void> | undefined;

  private readonly reads: pg.Pool;
  private readonly timedOut: (err: unknown) => never;
  private readonly pattern: { timeoutMs: number; timedOut: (err: unknown) => never } | undefined;

  /** `reads` runs the user-shaped queries (a pool with statement_timeout); writes use `pool`. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
    reads?: { pool: pg.Pool; timeoutMs: number; patternTimeoutMs?: number },
  ) {
    this.reads = reads?.pool ?? pool;
    this.timedOut = rethrowQueryTimeout(reads?.timeoutMs);
    const patternMs = reads?.patternTimeoutMs;
    if (patternMs !== undefined) this.pattern = { timeoutMs: patternMs, timedOut: rethrowQueryTimeout(patternMs) };
    this.partitions = new PartitionManager(pool);
  }

  async write(events: PicketEvent[], opts: { batchId?: string } = {}): Promise<WriteResult> {
    if (events.length === 0) return { stored: 0, deadLettered: 0 };
    await this.partitions.ensureFor(events.map((e) => Date.parse(e.utctimestamp)));
    if (opts.batchId === undefined) {
      try {
        await this.copy(events);
        return { stored: events.length, deadLettered: 0 };
      } catch (err) {
        if (!isDataError(err)) throw err;
        this.log.warn(
          { err: (err as Error).message, batch: events.length },
          'batch refused by postgres, isolating rows',
        );
        return this.writeOneByOne(events);
      }
    }
    return this.writeBatchOnce(events, opts.batchId);
  }

  /** One transaction: the batch marker, then the rows (one by one behind savepoints if the batch is refused). */
  private async writeBatchOnce(events: PicketEvent[], batchId: string): Promise<WriteResult> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query('BEGIN');
      const marked = await client.query(
        'INSERT INTO ingest_batches (id, events) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING',
        [batchId, events.length],
      );
      if (marked.rowCount === 0) {
        await client.query('ROLLBACK');
        return { stored: 0, deadLettered: 0, duplicate: true };
      }
      await client.query('SAVEPOINT batch');
      let result: WriteResult;
      try {
        await copyOn(client, events);
        result = { stored: events.length, deadLettered: 0 };
      } catch (err) {
        if (!isDataError(err)) throw err;
        await client.query('ROLLBACK TO SAVEPOINT batch');
        this.log.warn(
          { err: (err as Error).message, batch: events.length },
          'batch refused by postgres, isolating rows',
        );
        result = { stored: 0, deadLettered: 0 };
        for (const e of events) {
          await client.query('SAVEPOINT one');
          try {
            await copyOn(client, [e]);
            result.stored++;
          } catch (rowErr) {
            if (!isDataError(rowErr)) throw rowErr;
            await client.query('ROLLBACK TO SAVEPOINT one');
            result.deadLettered++;
            await client.query('INSERT INTO events_dead_letter (error, raw) VALUES ($1, $2)', [
              (rowErr as Error).message,
              JSON.stringify(e).replaceAll('\\u0000', '\\ufffd'),
            ]);
            this.log.error({ id: e.id, err: (rowErr as Error).message }, 'event dead-lettered');
          }
        }
      }
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => (broken = true));
      throw err;
    } finally {
      client.release(broken);
    }
  }

  private async copy(events: PicketEvent[]): Promise<void> {
    const client = await this.pool.connect();
    try {
      await copyOn(client, events);
    } finally {
      client.release();
    }
  }

  private async writeOneByOne(events: PicketEvent[]): Promise<WriteResult> {
    let stored = 0;
    let deadLettered = 0;
    for (const e of events) {
      try {
        await this.copy([e]);
        stored++;
      } catch (err) {
        if (!isDataError(err)) throw err;
        deadLettered++;
        await this.pool.query('INSERT INTO events_dead_letter (error, raw) VALUES ($1, $2)', [
          (err as Error).message,
          JSON.stringify(e).replaceAll('\\u0000', '\\ufffd'),
        ]);
        this.log.error({ id: e.id, err: (err as Error).message }, 'event dead-lettered');
      }
    }
    return { stored, deadLettered };
  }

  async search(p: SearchParams): Promise<SearchResult> {
    const cursor = p.cursor ? decodeCursor(p.cursor) : undefined;
    if (cursor === null)
      throw new InvalidCursorError('cursor is not valid: pass back the nextCursor of a previous page');
    /** The page: newest `size + 1` matches after the cursor; `cond` replaces the query's own condition. */
    const page = (order: { avoidIndex: boolean; cond?: (b: SqlBuilder) => string }) => {
      const b = new SqlBuilder();
      let where = order.cond
        ? `utctimestamp >= ${b.param(pgTimestamp(p.from))}::timestamptz AND utctimestamp <= ${b.param(pgTimestamp(p.to))}::timestamptz AND ${order.cond(b)}`
        : b.where(p.query, p.from, p.to);
      if (cursor) where = `${where} AND ${keysetCondition(b, p.sort, cursor)}`;
      const text = `SELECT ${EVENT_COLUMNS} FROM events WHERE ${where} ORDER BY ${orderBy(p.sort, order.avoidIndex)} LIMIT ${b.param(p.size + 1)}`;
      return this.read<PicketEvent>(p.query, text, b.params);
    };
    // One term on a rolled-up field is counted exactly from the rollups (a heavy value's capped
    // count was a sequential scan until 10,001 matches); anything else counts its matches, capped.
    const hourlyThrough = await this.hourlyThrough();
    const rolled = rollupCountSql({ ...p, hourlyThrough });
    const cb = new SqlBuilder();
    const count = rolled ?? {
      text: `SELECT count(*)::int AS n FROM (SELECT 1 FROM events WHERE ${cb.where(p.query, p.from, p.to)} LIMIT ${TOTAL_CAP + 1}) t`,
      values: cb.params,
    };
    const countRows = () => this.read<{ n: number | string }>(p.query, count.text, count.values);
    const term = rolled ? rolledTerm(p.query) : null;
    let rows: pg.QueryResult<PicketEvent>;
    let counted: pg.QueryResult<{ n: number | string }>;
    if (term && term.dims[0] === 'sourceip') {
      // A source IP term has no (value, time) index, and the heap is in time order. Few matches:
      // read them by the GIN bitmap (a backward walk of utctimestamp would filter the whole window).
      // Many: walk utctimestamp backwards, which finds a page within a few pages of heap, where the
      // bitmap reads one random page per match (7k matches: 2.4 s at 2M events). The exact count
      // (a few ms from the rollups) and the window's size pick; the planner cannot know the count.
      const window = rollupCountSql({ ...p, query: MATCH_ALL, hourlyThrough });
      const [c, w] = await Promise.all([
        countRows(),
        window ? this.reads.query<{ n: string | number }>(window.text, window.values) : null,
      ]).catch(this.timedOutFor(p.query));
      counted = c;
      const n = Number(c.rows[0].n);
      const walk = w !== null && n * n * WALK_PAGE_RATIO >= Number(w.rows[0].n) * (p.size + 1);
      rows = await (walk
        ? page({ avoidIndex: false, cond: (b) => unindexedSourceIp(b, term.key) })
        : page({ avoidIndex: true })
      ).catch(this.timedOutFor(p.query));
    } else {
      [rows, counted] = await Promise.all([page({ avoidIndex: avoidIndexOrder(p.query) }), countRows()]).catch(
        this.timedOutFor(p.query),
      );
    }
    const events = rows.rows.slice(0, p.size);
    const n = Number(counted.rows[0].n);
    const last = events.at(-1);
    const nextCursor =
      rows.rows.length > p.size && last
        ? encodeCursor({
            v: String((last as unknown as Record<string, unknown>)[p.sort.field]),
            ts: last.utctimestamp,
            id: last.id,
          })
        : null;
    return { total: Math.min(n, TOTAL_CAP), totalExact: n <= TOTAL_CAP, events, nextCursor };
  }

  async aggregate(p: { query: QueryNode; from: Date; to: Date; field: string; size: number }): Promise<Bucket[]> {
    const rolled = rollupAggregateSql({ ...p, hourlyThrough: await this.hourlyThrough() });
    if (rolled) {
      const { rows } = await this.reads.query<Bucket>(rolled.text, rolled.values).catch(this.timedOut);
      return rows;
    }
    const b = new SqlBuilder();
    const { expr } = groupExpression(b, p.field);
    const where = b.where(p.query, p.from, p.to);
    const sql = `SELECT key, count(*)::int AS count FROM (SELECT ${expr} AS key FROM events WHERE ${where}) t
      WHERE key IS NOT NULL GROUP BY key ORDER BY count DESC, key LIMIT ${b.param(p.size)}`;
    const { rows } = await this.read<Bucket>(p.query, sql, b.params).catch(this.timedOutFor(p.query));
    return rows;
  }

  async histogram(p: { query: QueryNode; from: Date; to: Date; intervalMs: number }): Promise<HistogramBucket[]> {
    const rolled = rollupHistogramSql(p);
    if (rolled) {
      const { rows } = await this.reads.query<HistogramBucket>(rolled.text, rolled.values).catch(this.timedOut);
      return zeroFill(rows, p.from, p.to, p.intervalMs);
    }
    const b = new SqlBuilder();
    const where = b.where(p.query, p.from, p.to);
    const interval = b.param(`${p.intervalMs} milliseconds`);
    const origin = b.param(new Date(0).toISOString());
    const sql = `SELECT date_bin(${interval}::interval, utctimestamp, ${origin}::timestamptz) AS ts, count(*)::int AS count
      FROM events WHERE ${where} GROUP BY 1 ORDER BY 1`;
    const { rows } = await this.read<HistogramBucket>(p.query, sql, b.params).catch(this.timedOutFor(p.query));
    return zeroFill(rows, p.from, p.to, p.intervalMs);
  }

  /**
   * A read on the read pool; a query that scans every event of its range (leading wildcard, regex)
   * runs under the shorter pattern limit, set on its connection for this statement only.
   */
  private async read<R extends pg.QueryResultRow>(
    query: QueryNode,
    text: string,
    values: unknown[],
  ): Promise<pg.QueryResult<R>> {
    if (this.pattern === undefined || !scansEveryEvent(query)) return this.reads.query<R>(text, values);
    const client = await this.reads.connect();
    let broken = false;
    try {
      await client.query(`SET statement_timeout = ${Math.floor(this.pattern.timeoutMs)}`);
      return await client.query<R>(text, values);
    } finally {
      await client.query('RESET statement_timeout').catch(() => (broken = true));
      client.release(broken);
    }
  }

  private timedOutFor(query: QueryNode): (err: unknown) => never {
    return this.pattern !== undefined && scansEveryEvent(query) ? this.pattern.timedOut : this.timedOut;
  }

  async get(id: string): Promise<PicketEvent | null> {
    const ms = eventIdTime(id);
    if (ms === undefined) return null;
    // The id carries the event time, so the utctimestamp index finds the row without an id index.
    const { rows } = await this.pool.query<PicketEvent>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE utctimestamp >= $1::timestamptz AND utctimestamp < $2::timestamptz AND id = $3::uuid`,
      // An id can claim any 48-bit time, up to year 10889: past 9999 the bounds are "infinity" (no row).
      [pgTimestamp(new Date(ms)), pgTimestamp(new Date(ms + 1)), id],
    );
    return rows[0] ?? null;
  }

  /**
   * Builds the hourly rollups of the hours that ended, then merges the deltas of the open hours
   * (rollup-upkeep.ts): every few minutes, so recent minutes stay one row per value.
   */
  async closeRollupHours(now = new Date()): Promise<void> {
    await onePerCluster(this.pool, async (db) => {
      const through = await rollHours(db, now);
      this.noteHourlyThrough(through);
      await compactOpenMinutes(db, through, now);
    });
  }

  /** Where the hourly level ends, as last read (at most 30 s old); 0 before the first read (minutes only, still exact). */
  private async hourlyThrough(): Promise<number> {
    if (Date.now() - this.hourly.readAt > 30_000) {
      this.noteHourlyThrough(await readHourlyThrough(this.pool));
    }
    return this.hourly.at;
  }

  private noteHourlyThrough(at: number): void {
    // Never backwards: an older value is exact too, but reads more minutes.
    this.hourly = { at: Math.max(this.hourly.at, at), readAt: Date.now() };
  }

  /** Runs in the background after start; a second call while one runs waits for that one. */
  buildDeferredIndexes(signal?: AbortSignal): Promise<void> {
    this.indexBuild ??= buildPartitionIndexes(this.pool, this.log, signal)
      .then(() => undefined)
      .finally(() => {
        this.indexBuild = undefined;
      });
    return this.indexBuild;
  }

  async applyRetention(retentionDays: number, now = new Date()): Promise<string[]> {
    await this.pool.query(`DELETE FROM ingest_batches WHERE stored_at < $1::timestamptz - interval '1 day'`, [
      now.toISOString(),
    ]);
    const dropped = await this.partitions.dropOlderThan(retentionDays, now);
    await this.closeRollupHours(now);
    await this.compactRecentRollups(now);
    return dropped;
  }

  /**
   * Merges the rollup deltas of the last 25 hours. Deltas are one row per minute and value per
   * batch: time-ordered ingest writes few, a bulk load of old or shuffled events many; sums are
   * exact either way, compaction only keeps reads short.
   */
  async compactRecentRollups(now = new Date()): Promise<{ before: number; after: number }> {
    // The closer just ran (applyRetention) or the cache is at most 30 s old; an older value only
    // leaves a closed hour uncompacted until the next pass.
    const closed = await this.hourlyThrough();
    const merged = await onePerCluster(this.pool, (db) => compactRecentRollups(db, now, closed));
    return merged ?? { before: 0, after: 0 };
  }

  async health(): Promise<'ok' | 'degraded'> {
    try {
      await this.pool.query('SELECT 1');
      return 'ok';
    } catch {
      return 'degraded';
    }
  }
}

/** A leading `*`/`?` wildcard or a regex anywhere in the query: no index narrows it, Postgres reads the range's rows. */
export function scansEveryEvent(node: QueryNode): boolean {
  switch (node.type) {
    case 'and':
    case 'or':
      return node.children.some(scansEveryEvent);
    case 'not':
      return scansEveryEvent(node.child);
    case 'wildcard':
      return node.parts.length > 0 && node.parts[0].kind !== 'literal';
    case 'regex':
      return true;
    default:
      return false;
  }
}

async function copyOn(client: pg.PoolClient, events: PicketEvent[]): Promise<void> {
  const stream = client.query(copyFrom(`COPY events (${COPY_COLUMNS}) FROM STDIN`));
  await pipeline(Readable.from(copyChunks(events)), stream);
}
