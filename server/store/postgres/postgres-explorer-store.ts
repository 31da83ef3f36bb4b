import type pg from 'pg';
import '../../db/pg-types.ts';
import type { ExplorerStore, FieldCatalog, GeoPoint, GeoPoints, TopValues } from '../explorer-store.ts';
import { buildFieldCatalog } from '../field-catalog.ts';
import type { QueryNode } from '../query/index.ts';
import { avoidIndexOrder } from './plan-hints.ts';
import { EVENT_COLUMNS, groupExpression, orderBy, SqlBuilder } from './search-sql.ts';
import { rethrowQueryTimeout } from '../query-timeout.ts';

/** Newest events of the window: the fields people are looking at right now. */
const RECENT_SAMPLE = 1500;
/** Spread over the whole window with TABLESAMPLE, so fields of quieter sources show up too. */
const SPREAD_SAMPLE = 2500;
const ESTIMATE_TTL_MS = 10 * 60_000;

export class PostgresExplorerStore implements ExplorerStore {
  private estimate: { at: number; rows: number } | undefined;

  private readonly timedOut: (err: unknown) => never;

  /** `pool` should be the read pool (statement_timeout): every query here is shaped by a user. */
  constructor(
    private readonly pool: pg.Pool,
    timeoutMs?: number,
  ) {
    this.timedOut = rethrowQueryTimeout(timeoutMs);
  }

  /** Rows in events per the planner's statistics (no scan; -1 before the first ANALYZE counts as 0). */
  private async estimatedRows(): Promise<number> {
    if (this.estimate && Date.now() - this.estimate.at < ESTIMATE_TTL_MS) return this.estimate.rows;
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
    );
    this.estimate = { at: Date.now(), rows: rows[0].n };
    return rows[0].n;
  }

  async fieldCatalog({ since }: { since: Date }): Promise<FieldCatalog> {
    const started = new Date();
    const percent = Math.min(100, Math.max(0.01, (SPREAD_SAMPLE * 100) / Math.max(1, await this.estimatedRows())));
    // Key walking happens here, not in SQL: jsonb_each materializes a tuplestore per call, and a
    // recursive CTE carrying sub-documents measured 1.9 s for 5000 events at 1M; parsing the same
    // sample in Node and walking it costs milliseconds (figures in docs/explorer-api.md).
    const [recent, spread] = await Promise.all([
      this.pool.query<{ details: unknown }>(
        `SELECT details FROM events WHERE utctimestamp >= $1::timestamptz ORDER BY utctimestamp DESC LIMIT ${RECENT_SAMPLE}`,
        [since.toISOString()],
      ),
      this.pool.query<{ details: unknown }>(
        `SELECT details FROM events TABLESAMPLE SYSTEM ($2::float4) WHERE utctimestamp >= $1::timestamptz LIMIT ${SPREAD_SAMPLE}`,
        [since.toISOString(), percent],
      ),
    ]);
    return buildFieldCatalog(
      [...recent.rows, ...spread.rows].map((r) => r.details),
      started,
    );
  }

  async topValues(p: {
    query: QueryNode;
    from: Date;
    to: Date;
    field: string;
    size: number;
    sample: number;
  }): Promise<TopValues> {
    const b = new SqlBuilder();
    const { expr } = groupExpression(b, p.field);
    const where = b.where(p.query, p.from, p.to);
    const limit = `ORDER BY ${orderBy({ field: 'utctimestamp', order: 'desc' }, avoidIndexOrder(p.query))} LIMIT ${b.param(p.sample)}`;
    const sql = `WITH s AS (SELECT ${EVENT_COLUMNS} FROM events WHERE ${where} ${limit}),
        k AS (SELECT ${expr} AS key, id FROM s)
      SELECT (SELECT count(*) FROM s)::int AS examined,
             (SELECT count(DISTINCT id) FROM k WHERE key IS NOT NULL)::int AS "withValue",
             coalesce((SELECT json_agg(json_build_object('key', key, 'count', count)) FROM (
               SELECT key, count(*)::int AS count FROM k WHERE key IS NOT NULL GROUP BY key ORDER BY count DESC, key LIMIT ${b.param(p.size)}
             ) t), '[]'::json) AS buckets`;
    const { rows } = await this.pool.query<Omit<TopValues, 'exact'>>(sql, b.params).catch(this.timedOut);
    return { ...rows[0], exact: false };
  }

  async geoPoints(p: { query: QueryNode; from: Date; to: Date; size: number; sample: number }): Promise<GeoPoints> {
    const b = new SqlBuilder();
    const where = b.where(p.query, p.from, p.to);
    // Enrichment writes numbers; an event can carry its own sourceipgeolocation, so check the type before casting.
    const num = (key: string) =>
      `CASE WHEN jsonb_typeof(details->'sourceipgeolocation'->'${key}') = 'number' THEN (details->'sourceipgeolocation'->>'${key}')::float8 END`;
    // The newest `sample` geolocated events: an exact count over every event measured 10 s at 1M
    // (jsonb extraction of every row); a map needs proportions, which the sample keeps.
    const sql = `WITH g AS (
        SELECT ${num('latitude')} AS latitude, ${num('longitude')} AS longitude,
               details->>'sourceipaddress' AS ip,
               details->'sourceipgeolocation'->>'country_code' AS country_code,
               details->'sourceipgeolocation'->>'city' AS city
          FROM events WHERE ${where} AND details ? 'sourceipgeolocation'
          ORDER BY ${orderBy({ field: 'utctimestamp', order: 'desc' }, avoidIndexOrder(p.query))} LIMIT ${b.param(p.sample)})
      SELECT (SELECT count(*) FROM g)::int AS examined, coalesce((SELECT json_agg(t) FROM (
        SELECT latitude, longitude, count(*)::int AS count, count(DISTINCT ip)::int AS ips,
               mode() WITHIN GROUP (ORDER BY country_code) AS country_code, mode() WITHIN GROUP (ORDER BY city) AS city
          FROM g WHERE latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180
          GROUP BY latitude, longitude ORDER BY count DESC, latitude, longitude LIMIT ${b.param(p.size)}) t), '[]'::json) AS points`;
    const { rows } = await this.pool
      .query<{ examined: number; points: GeoPoint[] }>(sql, b.params)
      .catch(this.timedOut);
    return { points: rows[0].points, examined: rows[0].examined, sampled: rows[0].examined >= p.sample };
  }

  async alertIdsFedBy(p: { query: QueryNode; from: Date; to: Date; limit: number }): Promise<string[]> {
    const b = new SqlBuilder();
    const where = b.where(p.query, p.from, p.to);
    // Matching events first (indexed terms), then their alert links through alert_events_event_idx.
    const sql = `SELECT ae.alert_id AS id FROM (SELECT id, utctimestamp FROM events WHERE ${where}) m
      JOIN alert_events ae ON ae.event_id = m.id AND ae.event_time = m.utctimestamp
      GROUP BY ae.alert_id ORDER BY max(m.utctimestamp) DESC LIMIT ${b.param(p.limit)}`;
    const { rows } = await this.pool.query<{ id: string }>(sql, b.params).catch(this.timedOut);
    return rows.map((r) => r.id);
  }

  async alertSourceIps(p: { from: Date; to: Date; limit: number }): Promise<Array<{ key: string; count: number }>> {
    const b = new SqlBuilder();
    const from = b.param(p.from.toISOString());
    const to = b.param(p.to.toISOString());
    const sql = `SELECT e.details->>'sourceipaddress' AS key, count(DISTINCT ae.alert_id)::int AS count
      FROM alert_events ae JOIN events e ON e.id = ae.event_id AND e.utctimestamp = ae.event_time
      WHERE ae.event_time >= ${from}::timestamptz AND ae.event_time <= ${to}::timestamptz AND e.utctimestamp >= ${from}::timestamptz AND e.utctimestamp <= ${to}::timestamptz
        AND e.details ? 'sourceipaddress'
      GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${b.param(p.limit)}`;
    const { rows } = await this.pool.query<{ key: string; count: number }>(sql, b.params).catch(this.timedOut);
    return rows;
  }

  async newestReceived(): Promise<string | null> {
    // No index on receivedtimestamp: look at the newest events by time (index scan), which is where it is.
    const { rows } = await this.pool.query<{ t: string | null }>(
      `SELECT max(receivedtimestamp) AS t FROM (SELECT receivedtimestamp FROM events ORDER BY utctimestamp DESC LIMIT 1000) e`,
    );
    return rows[0]?.t ?? null;
  }
}
