// Reads of the rollups (migrations 0023, 0024, 0026): the match-all histogram, the top values of a
// rolled-up field, and the count and histogram of one term on a rolled-up field. Whole closed hours
// come from `event_rollups_hourly`, the other whole minutes from `event_rollups`, and the partial
// minutes at either end of the range from `events` itself (a short index range scan), so answers
// equal a GROUP BY over `events`. Anything else returns null and the caller scans `events`.
//
// Closed hours (0026): the write path keeps only the per-minute level (plus hourly rows for events
// of hours already closed); rollHours() in rollup-upkeep.ts builds the hourly level from the minutes once an hour has
// passed and moves `event_rollup_state.hourly_through`. Hours before it are complete in the hourly
// table; hours from it on are read from minutes. A reader holding an older value is still exact:
// the minutes are always complete.
import type pg from 'pg';
import type { QueryNode } from '../query/index.ts';
import { cidrTerm } from '../query/cidr.ts';
import { DECIMAL_RE } from '../query/values.ts';
import { pgTimestamp } from '../time-range.ts';
import { groupExpression, SqlBuilder } from './search-sql.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

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

interface RollupPart {
  table: 'event_rollups' | 'event_rollups_hourly';
  start: number;
  end: number;
  sign: 1 | -1;
}

/**
 * Rollup rows whose signed sum counts exactly the whole minutes `m`: whole hours from the hourly
 * level and the rest from minutes. A partial hour at either end is read as its minutes inside the
 * range, or, when fewer, as the whole hour minus its minutes outside the range (so at most 30
 * minutes per end instead of 59; the hourly and minute levels hold the same events).
 */
function rollupParts(m: MinuteRange, hourlyThrough: number): RollupPart[] {
  // Hours from hourlyThrough on are not in the hourly level yet: those minutes come as minutes.
  if (m.end > hourlyThrough) {
    if (m.start >= hourlyThrough) return [{ table: 'event_rollups', start: m.start, end: m.end, sign: 1 }];
    return [
      ...rollupParts({ start: m.start, end: hourlyThrough }, hourlyThrough),
      { table: 'event_rollups', start: hourlyThrough, end: m.end, sign: 1 },
    ];
  }
  const hs = Math.ceil(m.start / HOUR_MS) * HOUR_MS;
  const he = Math.floor(m.end / HOUR_MS) * HOUR_MS;
  if (he < hs) return [{ table: 'event_rollups', start: m.start, end: m.end, sign: 1 }];
  const parts: RollupPart[] = [];
  let hourStart = hs;
  let hourEnd = he;
  if (m.start < hs) {
    if (m.start - (hs - HOUR_MS) < hs - m.start) {
      hourStart = hs - HOUR_MS;
      parts.push({ table: 'event_rollups', start: hourStart, end: m.start, sign: -1 });
    } else parts.push({ table: 'event_rollups', start: m.start, end: hs, sign: 1 });
  }
  if (m.end > he) {
    if (he + HOUR_MS - m.end < m.end - he) {
      hourEnd = he + HOUR_MS;
      parts.push({ table: 'event_rollups', start: m.end, end: hourEnd, sign: -1 });
    } else parts.push({ table: 'event_rollups', start: he, end: m.end, sign: 1 });
  }
  if (hourEnd > hourStart) parts.push({ table: 'event_rollups_hourly', start: hourStart, end: hourEnd, sign: 1 });
  return parts;
}

function tsParam(b: SqlBuilder, ms: number): string {
  return `${b.param(pgTimestamp(new Date(ms)))}::timestamptz`;
}

/**
 * [from, start) and [end, to] (the same inclusive `to` as SqlBuilder.where), as two conditions: ORed
 * into one, the planner took an index on the term's column with the ranges as a filter, reading
 * every match of a common value (800k for a common category at 2M events) to find a minute's.
 */
function edgeRanges(b: SqlBuilder, from: Date, to: Date, m: MinuteRange): [string, string] {
  return [
    `utctimestamp >= ${b.param(pgTimestamp(from))}::timestamptz AND utctimestamp < ${tsParam(b, m.start)}`,
    `utctimestamp >= ${tsParam(b, m.end)} AND utctimestamp <= ${b.param(pgTimestamp(to))}::timestamptz`,
  ];
}

export function rollupDimension(field: string): string | undefined {
  return DIMS.get(field);
}

export interface RollupSql {
  text: string;
  values: unknown[];
}

/**
 * A query the rollups count exactly: one term (or phrase) on a rolled-up field, as compile-sql.ts
 * matches it. Keyword columns match by equality (severity: upper() on both sides, the same
 * expression). A details.sourceipaddress term matches a string equal to it or an array holding that
 * string (jsonb containment), which is the `sourceip` key plus the `sourceip.elem` key; values that
 * also match a number or a boolean, and CIDR terms, are left to the events table.
 */
export function rolledTerm(q: QueryNode): { dims: string[]; key: string; upper: boolean } | null {
  if (q.type !== 'term' && q.type !== 'phrase') return null;
  const v = q.value;
  switch (q.field) {
    case 'category':
    case 'source':
    case 'hostname':
      return { dims: [q.field], key: v, upper: false };
    case 'severity':
      return { dims: ['severity'], key: v.toUpperCase(), upper: true };
    case 'details.sourceipaddress':
      if (DECIMAL_RE.test(v) || v === 'true' || v === 'false') return null;
      if (q.type === 'term' && cidrTerm(v) !== null) return null;
      return { dims: ['sourceip', 'sourceip.elem'], key: v, upper: false };
    default:
      return null;
  }
}

/**
 * The details.sourceipaddress term `v` as compile-sql.ts writes it (string or array holding it), on
 * `details #> '{}'` (the same value) so that the GIN index cannot serve it: the page then walks
 * utctimestamp backwards (see PostgresEventStore.search). Only for values rolledTerm accepts.
 */
export function unindexedSourceIp(b: SqlBuilder, v: string): string {
  const as = (x: unknown) => `(details #> '{}') @> ${b.param(JSON.stringify({ sourceipaddress: x }))}::jsonb`;
  return `(${as(v)} OR ${as([v])})`;
}

/** Which rollup rows count the query's events, and the condition the edge events must meet; null: not rolled up. */
function selection(b: SqlBuilder, query: QueryNode): { rollups: string; events: string } | null {
  if (query.type === 'matchAll') return { rollups: `dim = 'all'`, events: 'TRUE' };
  const t = rolledTerm(query);
  if (t === null) return null;
  const dims = `dim = ANY(${b.param(t.dims)}::text[])`;
  const key = t.upper ? `upper(key) = ${b.param(t.key)}` : `key = ${b.param(t.key)}`;
  return { rollups: `${dims} AND ${key}`, events: `(${b.condition(query)})` };
}

/** Top values of a rolled-up field over every event of the range; null when rollups cannot answer. */
export function rollupAggregateSql(p: {
  query: QueryNode;
  from: Date;
  to: Date;
  field: string;
  size: number;
  /** Start of the first hour not in the hourly level (ms); 0 reads minutes only. */
  hourlyThrough?: number;
}): RollupSql | null {
  const dim = rollupDimension(p.field);
  const m = wholeMinutes(p.from, p.to);
  if (p.query.type !== 'matchAll' || dim === undefined || m === null) return null;
  const b = new SqlBuilder();
  const { expr } = groupExpression(b, p.field);
  const d = b.param(dim);
  const rolled = rollupParts(m, p.hourlyThrough ?? 0).map((r) => {
    const col = r.table === 'event_rollups' ? 'minute' : 'hour';
    return `SELECT key, ${r.sign < 0 ? '-n' : 'n'} AS n FROM ${r.table}
        WHERE dim = ${d} AND ${col} >= ${tsParam(b, r.start)} AND ${col} < ${tsParam(b, r.end)}`;
  });
  const text = `SELECT key, sum(n)::int AS count FROM (
      ${rolled.join('\n      UNION ALL\n      ')}
      UNION ALL
      ${edgeRanges(b, p.from, p.to, m)
        .map((r) => `SELECT ${expr} AS key, 1 AS n FROM events WHERE ${r}`)
        .join('\n      UNION ALL\n      ')}
    ) t WHERE key IS NOT NULL GROUP BY key HAVING sum(n) > 0 ORDER BY count DESC, key LIMIT ${b.param(p.size)}`;
  return { text, values: b.params };
}

/** Counts per interval bucket of match-all or a rolled-up term; null when rollups cannot answer (or buckets finer than a minute). */
export function rollupHistogramSql(p: {
  query: QueryNode;
  from: Date;
  to: Date;
  intervalMs: number;
}): RollupSql | null {
  const m = wholeMinutes(p.from, p.to);
  // Buckets made of whole minutes (date_bin from the epoch) hold each rollup minute entirely.
  if (m === null || p.intervalMs % MINUTE_MS !== 0) return null;
  const b = new SqlBuilder();
  const sel = selection(b, p.query);
  if (sel === null) return null;
  const interval = b.param(`${p.intervalMs} milliseconds`);
  const origin = b.param(new Date(0).toISOString());
  const text = `SELECT date_bin(${interval}::interval, t, ${origin}::timestamptz) AS ts, sum(n)::int AS count FROM (
      SELECT minute AS t, n FROM event_rollups
      WHERE ${sel.rollups} AND minute >= ${tsParam(b, m.start)} AND minute < ${tsParam(b, m.end)}
      UNION ALL
      ${edgeRanges(b, p.from, p.to, m)
        .map((r) => `SELECT utctimestamp AS t, 1 AS n FROM events WHERE ${r} AND ${sel.events}`)
        .join('\n      UNION ALL\n      ')}
    ) r GROUP BY 1 HAVING sum(n) > 0 ORDER BY 1`;
  return { text, values: b.params };
}

/**
 * The exact number of events a rolled-up term matches in the range (the search's total), from the
 * rollups' whole minutes and the edge events; null when rollups cannot answer. The store does not
 * count match-all this way (its capped count stops after 10,001 rows of any scan) but sizes the
 * window with it.
 */
export function rollupCountSql(p: {
  query: QueryNode;
  from: Date;
  to: Date;
  hourlyThrough?: number;
}): RollupSql | null {
  const m = wholeMinutes(p.from, p.to);
  if (m === null) return null;
  const b = new SqlBuilder();
  const sel = selection(b, p.query);
  if (sel === null) return null;
  // Whole hours from the hourly level (~24 rows a day for one value, by its index), the rest from minutes.
  const rolled = rollupParts(m, p.hourlyThrough ?? 0).map((r) => {
    const col = r.table === 'event_rollups' ? 'minute' : 'hour';
    return `${r.sign < 0 ? '-' : '+'} (SELECT coalesce(sum(n), 0) FROM ${r.table}
        WHERE ${sel.rollups} AND ${col} >= ${tsParam(b, r.start)} AND ${col} < ${tsParam(b, r.end)})`;
  });
  const edges = edgeRanges(b, p.from, p.to, m).map(
    (r) => `+ (SELECT count(*) FROM events WHERE ${r} AND ${sel.events})`,
  );
  const text = `SELECT (0 ${[...rolled, ...edges].join('\n      ')})::bigint AS n`;
  return { text, values: b.params };
}
