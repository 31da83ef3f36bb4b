// ingest-bulk (NDJSON batches vs raw COPY of the same rows) and ingest-single (one event per POST).
import type pg from 'pg';
import { checkpoint, copyBaseline, dropBaselineTable, renderCopyRows } from './copy-baseline.ts';
import { buildPools, EventGenerator, ndjsonBatches } from './generate-events.ts';
import { closedLoop, HttpClient, newTally, postEvents, sendAll } from './load.ts';
import type { BenchServer } from './server-process.ts';
import { storeWrites, writesBetween } from './server-metrics.ts';
import { latencySummary, log, ratio, round } from './stats.ts';

export interface BenchContext {
  server: BenchServer;
  pool: pg.Pool;
  /** --keep-db: the query benches reuse events already loaded when the count matches. */
  reuseEvents?: boolean;
  /** Filled by ingest-bulk, read by later benches. */
  bulkEventsPerSec?: number;
}

type Line = Record<string, unknown>;

const BULK_BATCH = 1000;
const BULK_CLIENTS = 4;
const SINGLE_CLIENTS = 32;
const SINGLE_WARMUP_MS = 2000;
/** Bulk NDJSON over HTTP against one raw COPY of the same rows into the same schema. */
const BULK_TARGET_RATIO = 0.85;

export async function storedCount(pool: pg.Pool): Promise<number> {
  const { rows } = await pool.query<{ n: string }>('SELECT count(*) AS n FROM events');
  return Number(rows[0].n);
}

/** Loads `count` generated events through POST /events (batches of 1000, 4 keep-alive clients). */
export async function bulkLoad(ctx: BenchContext, bodies: readonly Buffer[], count: number) {
  const client = new HttpClient(ctx.server.url, BULK_CLIENTS);
  const tally = newTally();
  let lastLog = performance.now();
  try {
    const ms = await sendAll(client, bodies, BULK_CLIENTS, tally, (sent) => {
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        log(`  ${sent}/${bodies.length} batches sent (${tally.retries503} 503 retries so far)`);
      }
    });
    if (tally.rejected) log(`  ${tally.rejected} events rejected, first: ${tally.firstRejection}`);
    return { ms, tally, eventsPerSec: tally.accepted / (ms / 1000), count };
  } finally {
    client.close();
  }
}

export async function ingestBulk(ctx: BenchContext, events: number): Promise<Line> {
  log(`ingest-bulk: generating ${events} events`);
  const gen = new EventGenerator(buildPools(), 1001, Date.now());
  const bodies = ndjsonBatches(gen, events, BULK_BATCH);
  const bytes = bodies.reduce((n, b) => n + b.length, 0);

  // Baseline first, on an events table still empty, so both loads start from the same state.
  log('ingest-bulk: normalizing + enriching the same events for the COPY baseline');
  let rows: Awaited<ReturnType<typeof renderCopyRows>> | undefined = await renderCopyRows(bodies, new Date());
  log(`ingest-bulk: COPY baseline of ${rows.count} rows (${rows.geolocated} geolocated)`);
  const base = await copyBaseline(ctx.pool, rows);
  log(
    `ingest-bulk: baseline ${Math.round(base.eventsPerSec)} events/s (${round(base.ms / 1000)} s); again with 2 parallel COPY streams`,
  );
  const base2 = await copyBaseline(ctx.pool, rows, 2);
  const baselineRows = rows.count;
  rows = undefined; // ~0.7 KB per event of rendered text: let it go before the HTTP run
  log(`ingest-bulk: 2-stream COPY ${Math.round(base2.eventsPerSec)} events/s (${round(base2.ms / 1000)} s)`);
  await dropBaselineTable(ctx.pool);
  await checkpoint(ctx.pool);

  const before = await storedCount(ctx.pool);
  log(`ingest-bulk: POST ${bodies.length} NDJSON batches of ${BULK_BATCH} with ${BULK_CLIENTS} clients`);
  const r = await bulkLoad(ctx, bodies, events);
  const stored = (await storedCount(ctx.pool)) - before;
  ctx.bulkEventsPerSec = r.eventsPerSec;
  log(`ingest-bulk: ${Math.round(r.eventsPerSec)} events/s over HTTP (${round(r.ms / 1000)} s), ${stored} stored`);
  const ratioValue = ratio(r.eventsPerSec, base.eventsPerSec);
  const batchLat = latencySummary(r.tally.latenciesMs);
  return {
    bench: 'ingest-bulk',
    events,
    batchSize: BULK_BATCH,
    clients: BULK_CLIENTS,
    mbSent: round(bytes / 1048576, 1),
    seconds: round(r.ms / 1000),
    eventsPerSec: Math.round(r.eventsPerSec),
    accepted: r.tally.accepted,
    rejected: r.tally.rejected,
    stored,
    retries503: r.tally.retries503,
    batchP50Ms: batchLat.p50Ms,
    batchP95Ms: batchLat.p95Ms,
    batchP99Ms: batchLat.p99Ms,
    baseline: Math.round(base.eventsPerSec),
    baselineKind: 'copy',
    baselineRows,
    baselineSeconds: round(base.ms / 1000),
    // Not the contract's baseline: the same rows over 2 concurrent COPY streams, the ceiling on 2 cores.
    copy2StreamsEventsPerSec: Math.round(base2.eventsPerSec),
    ratioVsCopy2Streams: ratio(r.eventsPerSec, base2.eventsPerSec),
    ratio: ratioValue,
    target: BULK_TARGET_RATIO,
    ok: ratioValue >= BULK_TARGET_RATIO && stored === r.tally.accepted,
  };
}

/** Interleaved slices: the ingest run and its /status ceiling see the same load from other processes. */
const SLICE_MS = 1000;
const STATUS_SLICE_MS = 500;

async function statusSlice(client: HttpClient): Promise<number> {
  const r = await closedLoop(SINGLE_CLIENTS, 0, STATUS_SLICE_MS, async () => {
    const res = await client.request('GET', '/status');
    if (res.status !== 200) throw new Error(`GET /status answered ${res.status}`);
  });
  return r.completed;
}

export async function ingestSingle(ctx: BenchContext, seconds: number): Promise<Line> {
  // Pre-serialized single-event bodies, reused round-robin: each POST still stores a new event (new id).
  const gen = new EventGenerator(buildPools(), 2002, Date.now());
  const bodies = Array.from({ length: 20_000 }, () => Buffer.from(JSON.stringify(gen.next())));
  const client = new HttpClient(ctx.server.url, SINGLE_CLIENTS);
  const warm = newTally();
  const tally = newTally();
  const before = await storedCount(ctx.pool);
  const writesBefore = await storeWrites(ctx.server.url, ctx.server.token);
  const rounds = Math.max(1, Math.round((seconds * 1000) / SLICE_MS));
  log(
    `ingest-single: ${SINGLE_CLIENTS} clients, one event per POST, ${SINGLE_WARMUP_MS / 1000} s warm-up + ${rounds} × (${SLICE_MS} ms ingest, ${STATUS_SLICE_MS} ms GET /status)`,
  );
  let i = 0;
  let completed = 0;
  let statusDone = 0;
  try {
    await closedLoop(SINGLE_CLIENTS, 0, SINGLE_WARMUP_MS, () => postEvents(client, bodies[i++ % bodies.length], warm));
    for (let round = 0; round < rounds; round++) {
      const r = await closedLoop(SINGLE_CLIENTS, 0, SLICE_MS, () =>
        postEvents(client, bodies[i++ % bodies.length], tally),
      );
      completed += r.completed;
      statusDone += await statusSlice(client);
    }
  } finally {
    client.close();
  }
  const stored = (await storedCount(ctx.pool)) - before;
  // Group commit at work: how many POSTs shared a store write, and how long one took.
  const writes = writesBetween(writesBefore, await storeWrites(ctx.server.url, ctx.server.token), stored);
  const eventsPerSec = completed / ((rounds * SLICE_MS) / 1000);
  const ceiling = statusDone / ((rounds * STATUS_SLICE_MS) / 1000);
  const ratioValue = ratio(eventsPerSec, ceiling);
  const acknowledged = tally.accepted + warm.accepted;
  log(`ingest-single: ${Math.round(eventsPerSec)} events/s, GET /status ${Math.round(ceiling)} req/s`);
  const lat = latencySummary(tally.latenciesMs);
  return {
    bench: 'ingest-single',
    clients: SINGLE_CLIENTS,
    seconds: (rounds * SLICE_MS) / 1000,
    eventsPerSec: Math.round(eventsPerSec),
    p50Ms: lat.p50Ms,
    p95Ms: lat.p95Ms,
    // Ack latency: from the POST until the answer, which comes only after the event's batch committed.
    p99Ms: lat.p99Ms,
    maxMs: lat.maxMs,
    requests: lat.n,
    retries503: tally.retries503 + warm.retries503,
    rejected: tally.rejected + warm.rejected,
    stored,
    acknowledged,
    ...writes,
    bulkEventsPerSec: ctx.bulkEventsPerSec === undefined ? null : Math.round(ctx.bulkEventsPerSec),
    baseline: Math.round(ceiling),
    baselineKind: `GET /status req/s, same ${SINGLE_CLIENTS} keep-alive clients, in slices interleaved with the ingest slices`,
    ratio: ratioValue,
    target: 5000,
    targetRatio: 0.45,
    ok: eventsPerSec >= 5000 && ratioValue >= 0.45 && stored === acknowledged,
  };
}
