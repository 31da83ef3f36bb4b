// The ingest ceiling: the same events, normalized and enriched beforehand in this process, streamed
// with one COPY into a table shaped and indexed like `events`, in the same Postgres.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { normalizeEvent } from '../server/ingest/normalize.ts';
import type { PicketEvent } from '../server/ingest/event.ts';
import { COPY_COLUMNS, copyRow } from '../server/store/postgres/copy-format.ts';
import { Enricher } from '../server/workers/enrich.ts';
import { createDefaultPlugins } from '../server/workers/plugins/index.ts';
import { openGeoIp } from '../server/workers/plugins/geoip.ts';
import { log } from './stats.ts';

const DAY_MS = 86_400_000;
const CHUNK_CHARS = 1 << 20;
const TABLE = 'bench_baseline';

export interface CopyRows {
  chunks: string[];
  count: number;
  rejected: number;
  dayStarts: Set<number>;
  /** How many stored rows got details.sourceipgeolocation: shows the generator's IPs hit GeoIP. */
  geolocated: number;
}

/** Parses the very NDJSON bodies the HTTP run sends, then normalize → enrich → copyRow, like the server. */
export async function renderCopyRows(bodies: readonly Buffer[], now: Date): Promise<CopyRows> {
  const geoip = await openGeoIp().catch((err: Error) => {
    log(`GeoIP unavailable for the baseline (${err.message}); rows are rendered without geolocation`);
    return null;
  });
  const enricher = new Enricher(createDefaultPlugins({ geoip }));
  const opts = { now, retentionDays: 90, maxFutureMinutes: 1440 };
  const out: CopyRows = { chunks: [], count: 0, rejected: 0, dayStarts: new Set(), geolocated: 0 };
  let buf = '';
  for (const body of bodies) {
    const batch: PicketEvent[] = [];
    for (const line of body.toString('utf8').split('\n')) {
      if (!line) continue;
      const r = normalizeEvent(JSON.parse(line), opts);
      if (r.ok) batch.push(r.event);
      else out.rejected++;
    }
    for (const e of enricher.enrich(batch)) {
      buf += copyRow(e);
      out.count++;
      out.dayStarts.add(Math.floor(Date.parse(e.utctimestamp) / DAY_MS) * DAY_MS);
      if (e.details.sourceipgeolocation) out.geolocated++;
      if (buf.length >= CHUNK_CHARS) {
        out.chunks.push(buf);
        buf = '';
      }
    }
  }
  if (buf) out.chunks.push(buf);
  return out;
}

/**
 * Creates bench_baseline like events: same columns, same day partitions, and the same indexes,
 * copied from pg_indexes so the baseline follows whatever the migrations define. (LIKE ...
 * INCLUDING ALL does not copy the indexes of a partitioned table.)
 */
export async function createBaselineTable(pool: pg.Pool, dayStarts: Iterable<number>): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
  await pool.query(
    `CREATE TABLE ${TABLE} (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (utctimestamp)`,
  );
  const { rows } = await pool.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'events'`,
  );
  if (rows.length === 0) throw new Error('no indexes found on events: are the migrations applied?');
  for (const { indexname, indexdef } of rows) {
    // "CREATE INDEX events_x ON ONLY public.events USING ..." → same definition on bench_baseline.
    const def = indexdef
      .replace(`INDEX ${indexname} ON`, `INDEX ${TABLE}_${indexname} ON`)
      .replace(/ ON (ONLY )?(\w+\.)?events /, ` ON $2${TABLE} `);
    await pool.query(def);
  }
  for (const day of dayStarts) {
    const name = `${TABLE}_${new Date(day).toISOString().slice(0, 10).replaceAll('-', '')}`;
    await pool.query(
      `CREATE TABLE ${name} PARTITION OF ${TABLE} FOR VALUES FROM ('${new Date(day).toISOString()}') TO ('${new Date(day + DAY_MS).toISOString()}')`,
    );
  }
  log(
    `baseline table ${TABLE}: ${rows.length} indexes (${rows.map((r) => r.indexname).join(', ')}), ${[...dayStarts].length} partitions`,
  );
}

/**
 * COPY ... FROM STDIN, timed from its start until Postgres acknowledged the commit. streams = 1 is the
 * contract's baseline; streams = 2 splits the rows over two connections, which is what a 2-core
 * server can do (Picket's queue commits two batches at once), so it shows the real ceiling too.
 */
export async function copyBaseline(
  pool: pg.Pool,
  rows: CopyRows,
  streams = 1,
): Promise<{ ms: number; eventsPerSec: number }> {
  await createBaselineTable(pool, rows.dayStarts);
  await checkpoint(pool);
  const clients = await Promise.all(Array.from({ length: streams }, () => pool.connect()));
  try {
    const parts = clients.map((_, i) => rows.chunks.filter((__, j) => j % streams === i));
    const started = performance.now();
    // Autocommit: each COPY is its own transaction; it completes only after the commit is durable.
    await Promise.all(
      clients.map((c, i) =>
        pipeline(Readable.from(parts[i]), c.query(copyFrom(`COPY ${TABLE} (${COPY_COLUMNS}) FROM STDIN`))),
      ),
    );
    const ms = performance.now() - started;
    const { rows: n } = await clients[0].query<{ n: string }>(`SELECT count(*) AS n FROM ${TABLE}`);
    if (Number(n[0].n) !== rows.count) throw new Error(`baseline stored ${n[0].n} rows, expected ${rows.count}`);
    return { ms, eventsPerSec: rows.count / (ms / 1000) };
  } finally {
    for (const c of clients) c.release();
  }
}

export async function dropBaselineTable(pool: pg.Pool): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
}

/** Both timed loads start without a pending checkpoint from the previous phase; needs superuser or pg_checkpoint. */
export async function checkpoint(pool: pg.Pool): Promise<void> {
  await pool.query('CHECKPOINT').catch((err: Error) => log(`CHECKPOINT skipped: ${err.message}`));
}
