// Reads of the per-minute rollups (migration 0023): the match-all histogram and the top values of
// a rolled-up field. Whole minutes come from `event_rollups`; the partial minutes at either end of
// the range come from `events` itself (a short index range scan), so answers equal a GROUP BY over
// `events`. Anything else (a query, a field or an interval the rollups cannot answer) returns null
// and the caller scans `events`.
import type pg from 'pg';
import type { QueryNode } from '../query/index.ts';
import { pgTimestamp } from '../time-range.ts';
import { groupExpression, SqlBuilder } from './search-sql.ts';

const MINUTE_MS = 60_000;

/** Aggregation field → rollup dimension. */
const DIMS = new Map<string, string>([
  ['category', 'category'],
  ['source', 'source'],
  ['hostname', 'hostname'],
  ['severity', 'severity'],
  ['details.sourceipaddress', 'sourceip'],
  ['sourceipaddress', 'sourceip'],
]);

interface MinuteRange {
  /** First whole minute (inclusive) and end of the last whole minute (exclusive), in ms. */
  start: number;
  end: number;
}

/** The whole minutes inside [from, to]; null when there are none (the range is then scanned directly). */
function wholeMinutes(from: Date, to: Date): MinuteRange | null {
  const f = from.getTime();
  const t = to.getTime();
  if (!Number.isFinite(f) || !Number.isFinite(t)) return null;
  const start = Math.ceil(f / MINUTE_MS) * MINUTE_MS;
  const end = Math.floor(t / MINUTE_MS) * MINUTE_MS;
  return end > start ? { start, end } : null;
}

function edgeCondition(b: SqlBuilder, from: Date, to: Date, m: MinuteRange): string {
  const ts = (ms: number) => `${b.param(pgTimestamp(new Date(ms)))}::timestamptz`;
  // [from, start) and [end, to]: the same inclusive `to` as SqlBuilder.where.
  return `((utctimestamp >= ${b.param(pgTimestamp(from))}::timestamptz AND utctimestamp < ${ts(m.start)})
    OR (utctimestamp >= ${ts(m.end)} AND utctimestamp <= ${b.param(pgTimestamp(to))}::timestamptz))`;
}

export function rollupDimension(field: string): string | undefined {
  return DIMS.get(field);
}

export interface RollupSql {
  text: string;
  values: unknown[];
}

/** Top values of a rolled-up field over every event of the range; null when rollups cannot answer. */
export function rollupAggregateSql(p: {
  query: QueryNode;
  from: Date;
  to: Date;
  field: string;
  size: number;
}): RollupSql | null {
  const dim = rollupDimension(p.field);
  const m = wholeMinutes(p.from, p.to);
  if (p.query.type !== 'matchAll' || dim === undefined || m === null) return null;
  const b = new SqlBuilder();
  const { expr } = groupExpression(b, p.field);
  const text = `SELECT key, sum(n)::int AS count FROM (
      SELECT key, n FROM event_rollups
      WHERE dim = ${b.param(dim)} AND minute >= ${b.param(pgTimestamp(new Date(m.start)))}::timestamptz AND minute < ${b.param(pgTimestamp(new Date(m.end)))}::timestamptz
      UNION ALL
      SELECT ${expr} AS key, 1 AS n FROM events WHERE ${edgeCondition(b, p.from, p.to, m)}
    ) t WHERE key IS NOT NULL GROUP BY key HAVING sum(n) > 0 ORDER BY count DESC, key LIMIT ${b.param(p.size)}`;
  return { text, values: b.params };
}

/** Match-all counts per interval bucket; null when rollups cannot answer (a query, or buckets finer than a minute). */
export function rollupHistogramSql(p: {
  query: QueryNode;
  from: Date;
  to: Date;
  intervalMs: number;
}): RollupSql | null {
  const m = wholeMinutes(p.from, p.to);
  // Buckets made of whole minutes (date_bin from the epoch) hold each rollup minute entirely.
  if (p.query.type !== 'matchAll' || m === null || p.intervalMs % MINUTE_MS !== 0) return null;
  const b = new SqlBuilder();
  const interval = b.param(`${p.intervalMs} milliseconds`);
  const origin = b.param(new Date(0).toISOString());
  const text = `SELECT date_bin(${interval}::interval, t, ${origin}::timestamptz) AS ts, sum(n)::int AS count FROM (
      SELECT minute AS t, n FROM event_rollups
      WHERE dim = 'all' AND minute >= ${b.param(pgTimestamp(new Date(m.start)))}::timestamptz AND minute < ${b.param(pgTimestamp(new Date(m.end)))}::timestamptz
      UNION ALL
      SELECT utctimestamp AS t, 1 AS n FROM events WHERE ${edgeCondition(b, p.from, p.to, m)}
    ) r GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1`;
  return { text, values: b.params };
}

/**
 * Merges the deltas of [from, to) into one row per (minute, dimension, value), dropping zeros.
 * One statement, so readers see the range before or after, never half; deltas committed meanwhile
 * by ingest are new rows this statement does not see, and stay. Returns rows before and after.
 */
export async function compactRollups(pool: pg.Pool, from: Date, to: Date): Promise<{ before: number; after: number }> {
  const { rows } = await pool.query<{ before: number; after: number }>(
    `WITH moved AS (
       DELETE FROM event_rollups WHERE minute >= $1::timestamptz AND minute < $2::timestamptz RETURNING minute, dim, key, n
     ), merged AS (
       INSERT INTO event_rollups (minute, dim, key, n)
       SELECT minute, dim, key, sum(n) FROM moved GROUP BY 1, 2, 3 HAVING sum(n) <> 0 RETURNING 1
     )
     SELECT (SELECT count(*) FROM moved)::int AS before, (SELECT count(*) FROM merged)::int AS after`,
    [from.toISOString(), to.toISOString()],
  );
  return rows[0];
}
