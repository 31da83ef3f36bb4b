import type pg from 'pg';
import '../../db/pg-types.ts';
import type { ExplorerStore, FieldCatalog, FieldStat, FieldType, GeoPoint, TopValues } from '../explorer-store.ts';
import type { QueryNode } from '../query/index.ts';
import { avoidIndexOrder } from './plan-hints.ts';
import { EVENT_COLUMNS, groupExpression, orderBy, SqlBuilder } from './search-sql.ts';

/** Newest events of the window: the fields people are looking at right now. */
const RECENT_SAMPLE = 2000;
/** Spread over the whole window with TABLESAMPLE, so fields of quieter sources show up too. */
const SPREAD_SAMPLE = 3000;
/** Deeper paths are rare and only cost time (attackers can nest thousands of levels). */
const MAX_PATH_DEPTH = 6;
const MAX_PATHS = 1000;

const COLUMNS: Array<{ name: string; type: FieldType }> = [
  { name: 'utctimestamp', type: 'date' },
  { name: 'receivedtimestamp', type: 'date' },
  { name: 'category', type: 'keyword' },
  { name: 'source', type: 'keyword' },
  { name: 'hostname', type: 'keyword' },
  { name: 'processname', type: 'keyword' },
  { name: 'processid', type: 'keyword' },
  { name: 'severity', type: 'keyword' },
  { name: 'summary', type: 'text' },
  { name: 'tags', type: 'array' },
  { name: 'id', type: 'keyword' },
];

// A key the query language can name as one path segment (FIELD_NAME_RE without the dot).
const SEGMENT_RE = /^[A-Za-z0-9_@-]+$/;

export class PostgresExplorerStore implements ExplorerStore {
  constructor(private readonly pool: pg.Pool) {}

  async fieldCatalog({ since }: { since: Date }): Promise<FieldCatalog> {
    const started = new Date();
    // reltuples is the planner's estimate (no scan); -1 before the first ANALYZE counts as 0.
    const est = await this.pool.query<{ n: number }>(
      `SELECT coalesce(sum(greatest(c.reltuples, 0)), 0)::float8 AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'events'::regclass`,
    );
    const percent = Math.min(100, Math.max(0.01, (SPREAD_SAMPLE * 100) / Math.max(1, est.rows[0].n)));
    // The key walk runs in SQL: only (path, type, count) rows come back, never the documents.
    const sql = `WITH RECURSIVE sample AS (
        (SELECT details FROM events WHERE utctimestamp >= $1::timestamptz ORDER BY utctimestamp DESC LIMIT ${RECENT_SAMPLE})
        UNION ALL
        (SELECT details FROM events TABLESAMPLE SYSTEM ($2::float4) WHERE utctimestamp >= $1::timestamptz LIMIT ${SPREAD_SAMPLE})
      ),
      walk(path, value, depth) AS (
        SELECT e.key, e.value, 1
          FROM sample s CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(s.details) = 'object' THEN s.details ELSE '{}'::jsonb END) e
        UNION ALL
        SELECT w.path || '.' || e.key, e.value, w.depth + 1
          FROM walk w CROSS JOIN LATERAL jsonb_each(CASE WHEN jsonb_typeof(w.value) = 'object' THEN w.value ELSE '{}'::jsonb END) e
          WHERE w.depth < ${MAX_PATH_DEPTH}
      )
      SELECT path, jsonb_typeof(value) AS type, count(*)::int AS n, (SELECT count(*) FROM sample)::int AS sampled
        FROM walk WHERE length(path) <= 300 GROUP BY 1, 2 ORDER BY n DESC, path LIMIT ${MAX_PATHS}`;
    const { rows } = await this.pool.query<{ path: string; type: string; n: number; sampled: number }>(sql, [since.toISOString(), percent]);
    const sampled = rows[0]?.sampled ?? 0;
    // A path counts once per event per type; the frequency uses its most common type's count plus the others.
    const byPath = new Map<string, { n: number; types: Array<[FieldType, number]> }>();
    for (const r of rows) {
      const entry = byPath.get(r.path) ?? { n: 0, types: [] };
      entry.n += r.n;
      entry.types.push([r.type as FieldType, r.n]);
      byPath.set(r.path, entry);
    }
    const details: FieldStat[] = [...byPath].map(([path, e]) => {
      const types = e.types.sort((a, b) => b[1] - a[1]).map(([t]) => t);
      return {
        name: `details.${path}`,
        type: types[0],
        types,
        frequency: sampled ? Math.min(1, e.n / sampled) : 0,
        // Keys holding dots or other characters cannot be spelled in a query: listed, but marked.
        queryable: path.split('.').every((seg) => SEGMENT_RE.test(seg)) && !path.includes('..'),
      };
    });
    details.sort((a, b) => b.frequency - a.frequency || a.name.localeCompare(b.name));
    const columns: FieldStat[] = COLUMNS.map((c) => ({ name: c.name, type: c.type, types: [c.type], frequency: 1, queryable: true }));
    return { fields: [...columns, ...details], sampled, computedAt: started.toISOString() };
  }

  async topValues(p: { query: QueryNode; from: Date; to: Date; field: string; size: number; sample: number }): Promise<TopValues> {
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
    const { rows } = await this.pool.query<Omit<TopValues, 'exact'>>(sql, b.params);
    return { ...rows[0], exact: false };
  }

  async geoPoints(p: { query: QueryNode; from: Date; to: Date; size: number }): Promise<GeoPoint[]> {
    const b = new SqlBuilder();
    const where = b.where(p.query, p.from, p.to);
    // Enrichment writes numbers; an event can carry its own sourceipgeolocation, so check the type before casting.
    const num = (key: string) =>
      `CASE WHEN jsonb_typeof(details->'sourceipgeolocation'->'${key}') = 'number' THEN (details->'sourceipgeolocation'->>'${key}')::float8 END`;
    const sql = `SELECT latitude, longitude, count(*)::int AS count, count(DISTINCT ip)::int AS ips,
             mode() WITHIN GROUP (ORDER BY country_code) AS country_code, mode() WITHIN GROUP (ORDER BY city) AS city
      FROM (SELECT ${num('latitude')} AS latitude, ${num('longitude')} AS longitude,
                   details->>'sourceipaddress' AS ip,
                   details->'sourceipgeolocation'->>'country_code' AS country_code,
                   details->'sourceipgeolocation'->>'city' AS city
              FROM events WHERE ${where} AND details ? 'sourceipgeolocation') g
      WHERE latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180
      GROUP BY latitude, longitude ORDER BY count DESC, latitude, longitude LIMIT ${b.param(p.size)}`;
    const { rows } = await this.pool.query<GeoPoint>(sql, b.params);
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
