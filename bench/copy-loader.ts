// Loads N generated events for the query benches without HTTP: up to 100k distinct events are
// generated, normalized and enriched in this process, then reused with new ids and times (at 10M
// rendering each one would cost the bench more than the COPY), and written with the store's own
// COPY write (so partitions and the rollup triggers work as in production). Times are in order over
// the last 23.5 h, as live shippers send them (the generator's random times would make each batch
// touch every minute of the day). Two batches are written at once. The rollup triggers are off
// during the load and the rollups are then built after it, as migrations 0023 and 0024 do for
// existing events: the same rows, in a fraction of the time (ingest with the triggers on is what
// ingest-bulk measures).
import type pg from 'pg';
import pino from 'pino';
import type { PicketEvent } from '../server/ingest/event.ts';
import { eventId } from '../server/ingest/event-id.ts';
import { normalizeEvent } from '../server/ingest/normalize.ts';
import { PostgresEventStore } from '../server/store/postgres/postgres-event-store.ts';
import { Enricher } from '../server/workers/enrich.ts';
import { createDefaultPlugins, openGeoIp } from '../server/workers/plugins/index.ts';
import { buildPools, EventGenerator } from './generate-events.ts';
import { log } from './stats.ts';

const BATCH = 20_000;
const DISTINCT = 100_000;
const SPAN_MS = 23.5 * 3_600_000;

/** Migrations 0023 and 0024's statements for events stored before they ran: minutes, array elements, hours. */
const ROLLUP_BACKFILL = [
  `INSERT INTO event_rollups (minute, dim, key, n)
  SELECT m, v.dim, v.key, count(*)
  FROM (SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z') AS m, category, source, hostname, severity,
               details #>> '{sourceipaddress}' AS ip FROM events) r
  CROSS JOIN LATERAL (VALUES ('all', ''), ('category', r.category), ('source', r.source), ('hostname', r.hostname),
                             ('severity', r.severity), ('sourceip', r.ip)) AS v(dim, key)
  WHERE v.key IS NOT NULL
  GROUP BY 1, 2, 3`,
  `INSERT INTO event_rollups (minute, dim, key, n)
  SELECT date_bin('1 minute', utctimestamp, '2000-01-01T00:00:00Z'), 'sourceip.elem', e.key, count(*)
  FROM events
  CROSS JOIN LATERAL (SELECT DISTINCT x #>> '{}' AS key FROM jsonb_array_elements(details -> 'sourceipaddress') x
                      WHERE jsonb_typeof(x) = 'string') e
  WHERE jsonb_typeof(details -> 'sourceipaddress') = 'array'
  GROUP BY 1, 2, 3`,
  `INSERT INTO event_rollups_hourly (hour, dim, key, n)
  SELECT date_bin('1 hour', minute, '2000-01-01T00:00:00Z'), dim, key, sum(n)
  FROM event_rollups GROUP BY 1, 2, 3 HAVING sum(n) <> 0`,
];

export interface CopyLoadResult {
  stored: number;
  ms: number;
  eventsPerSec: number;
  /** Building the rollups after the load. */
  compactSeconds: number;
  rollupRows: number;
}

export async function copyLoad(pool: pg.Pool, count: number, seed: number): Promise<CopyLoadResult> {
  const store = new PostgresEventStore(pool, pino({ level: 'silent' }));
  const enricher = new Enricher(createDefaultPlugins({ geoip: await openGeoIp().catch(() => null) }));
  const endMs = Date.now() - 60_000;
  const gen = new EventGenerator(buildPools(), seed, endMs);
  const now = new Date();
  const opts = { now, retentionDays: 90, maxFutureMinutes: 1440 };
  const started = performance.now();
  let stored = 0;
  let made = 0;
  const distinct: PicketEvent[] = [];
  for (let i = 0; i < Math.min(count, DISTINCT); i += BATCH) {
    const batch: PicketEvent[] = [];
    for (let j = 0; j < BATCH && i + j < Math.min(count, DISTINCT); j++) {
      const r = normalizeEvent(gen.next(), opts);
      if (r.ok) batch.push(r.event);
    }
    distinct.push(...enricher.enrich(batch));
  }
  await pool.query('ALTER TABLE events DISABLE TRIGGER USER');
  const inFlight: Array<Promise<unknown>> = [];
  let lastLog = started;
  while (made < count) {
    const n = Math.min(BATCH, count - made);
    const batch: PicketEvent[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const ms = endMs - SPAN_MS + Math.floor(((made + i) * SPAN_MS) / count);
      // Shallow copies: the store only reads them.
      batch[i] = {
        ...distinct[(made + i) % distinct.length],
        utctimestamp: new Date(ms).toISOString(),
        id: eventId(ms),
      };
    }
    made += n;
    if (inFlight.length >= 2) await inFlight.shift();
    inFlight.push(store.write(batch).then((w) => (stored += w.stored)));
    if (performance.now() - lastLog > 15_000) {
      lastLog = performance.now();
      log(`  copy load: ${stored}/${count} stored, ${Math.round(stored / ((lastLog - started) / 1000))} events/s`);
    }
  }
  await Promise.all(inFlight);
  const ms = performance.now() - started;
  const c0 = performance.now();
  for (const sql of ROLLUP_BACKFILL) await pool.query(sql);
  // As for events (search-bench.ts): the steady state autovacuum reaches, visibility map included.
  await pool.query('VACUUM ANALYZE event_rollups, event_rollups_hourly');
  await pool.query('ALTER TABLE events ENABLE TRIGGER USER');
  const compactSeconds = (performance.now() - c0) / 1000;
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM event_rollups');
  return { stored, ms, eventsPerSec: stored / (ms / 1000), compactSeconds, rollupRows: rows[0].n };
}
