// ingest-queue: events/s end to end (first POST until the last event is committed) through queue mode —
// 1 web + 1 worker, then 1 web + 2 workers — against embedded mode (the bench's own server) on the same
// generated events in the same run. Needs REDIS_URL; the queue-mode processes get a fresh database on
// the same Postgres server as the bench's own and a fresh Redis key prefix.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildPools, EventGenerator, ndjsonBatches } from './generate-events.ts';
import { storedCount, type BenchContext } from './ingest-bench.ts';
import { HttpClient, newTally, sendAll } from './load.ts';
import { SERVER_NODE_FLAGS, startBenchServer } from './server-process.ts';
import { log, ratio, round } from './stats.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BATCH = 1000;
const CLIENTS = 4;

async function waitStored(pool: pg.Pool, target: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while ((await storedCount(pool)) < target) {
    if (Date.now() > until)
      throw new Error(`only ${await storedCount(pool)} of ${target} events stored after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** POSTs every body, then waits until the store holds them all: events/s end to end. */
async function timedLoad(
  url: string,
  pool: pg.Pool,
  bodies: readonly Buffer[],
  count: number,
): Promise<{ eventsPerSec: number; seconds: number; retries503: number }> {
  const client = new HttpClient(url, CLIENTS);
  const before = await storedCount(pool);
  const tally = newTally();
  const started = performance.now();
  try {
    await sendAll(client, bodies, CLIENTS, tally);
  } finally {
    client.close();
  }
  await waitStored(pool, before + count, 300_000);
  const ms = performance.now() - started;
  return { eventsPerSec: count / (ms / 1000), seconds: round(ms / 1000), retries503: tally.retries503 };
}

function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [...SERVER_NODE_FLAGS, path.join(ROOT, 'bin/picket.mjs'), 'worker', '--concurrency', '2'],
    {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (b: Buffer) => {
      out += b.toString();
      if (out.includes('Picket worker ready')) resolve(child);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => {
      process.stderr.write(b.toString().replace(/^(?=.)/gm, '[worker] '));
      onData(b);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before ready:\n${out.slice(-2000)}`)));
  });
}

async function stopWorker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await gone;
  clearTimeout(t);
}

export async function ingestQueueBench(
  ctx: BenchContext,
  opts: { events: number; redisUrl: string | undefined },
): Promise<Record<string, unknown>> {
  if (!opts.redisUrl) return { bench: 'ingest-queue', skipped: 'set REDIS_URL to measure queue mode' };
  const gen = new EventGenerator(buildPools(), 2002, Date.now());
  const bodies = ndjsonBatches(gen, opts.events, BATCH);

  // Untimed warm-up (JIT, GeoIP pages, first partitions), so the embedded figure is not a cold start.
  await timedLoad(
    ctx.server.url,
    ctx.pool,
    bodies.slice(0, Math.max(1, Math.floor(bodies.length / 10))),
    Math.min(opts.events, Math.max(1, Math.floor(bodies.length / 10)) * BATCH),
  );
  log(`ingest-queue: embedded baseline, ${opts.events} events`);
  const embedded = await timedLoad(ctx.server.url, ctx.pool, bodies, opts.events);
  log(`ingest-queue: embedded ${Math.round(embedded.eventsPerSec)} events/s`);

  const serverBase = new URL(ctx.server.dbUrl);
  serverBase.pathname = '/postgres';
  const prefix = `picket-bench-${crypto.randomBytes(4).toString('hex')}`;
  const web = await startBenchServer({
    databaseUrl: serverBase.toString(),
    extraEnv: { REDIS_URL: opts.redisUrl, PICKET_REDIS_PREFIX: prefix },
  });
  const pool = new pg.Pool({ connectionString: web.dbUrl, max: 2 });
  const workers: ChildProcess[] = [];
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'picket-bench-worker-'));
  const workerEnv: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME ?? os.homedir(),
    NODE_ENV: 'production',
    PICKET_LOG_LEVEL: 'warn',
    PICKET_DATA_DIR: dataDir,
    DATABASE_URL: web.dbUrl,
    REDIS_URL: opts.redisUrl,
    PICKET_REDIS_PREFIX: prefix,
  };
  try {
    workers.push(await startWorker(workerEnv));
    log('ingest-queue: 1 web + 1 worker');
    const one = await timedLoad(web.url, pool, bodies, opts.events);
    log(`ingest-queue: 1 worker ${Math.round(one.eventsPerSec)} events/s`);
    workers.push(await startWorker(workerEnv));
    log('ingest-queue: 1 web + 2 workers');
    const two = await timedLoad(web.url, pool, bodies, opts.events);
    log(`ingest-queue: 2 workers ${Math.round(two.eventsPerSec)} events/s`);
    return {
      bench: 'ingest-queue',
      events: opts.events,
      batchSize: BATCH,
      clients: CLIENTS,
      oneWorkerEventsPerSec: Math.round(one.eventsPerSec),
      twoWorkersEventsPerSec: Math.round(two.eventsPerSec),
      seconds: { embedded: embedded.seconds, oneWorker: one.seconds, twoWorkers: two.seconds },
      retries503: { embedded: embedded.retries503, oneWorker: one.retries503, twoWorkers: two.retries503 },
      baseline: Math.round(embedded.eventsPerSec),
      baselineKind: 'embedded (in-process queue), same events, same run',
      ratio: ratio(one.eventsPerSec, embedded.eventsPerSec),
      ratioTwoWorkers: ratio(two.eventsPerSec, embedded.eventsPerSec),
      ratioTwoVsOneWorker: ratio(two.eventsPerSec, one.eventsPerSec),
      // Queue mode must not cost much against embedded: one worker keeps at least this share.
      target: 0.8,
      ok: ratio(one.eventsPerSec, embedded.eventsPerSec) >= 0.8,
      cores: os.availableParallelism(),
    };
  } finally {
    for (const w of workers) await stopWorker(w);
    await pool.end().catch(() => undefined);
    await web.stop();
    await fsp.rm(dataDir, { recursive: true, force: true });
    // The bench's Redis keys: gone with the prefix.
    const { Redis } = await import('ioredis');
    const r = new Redis(opts.redisUrl);
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
    r.disconnect();
  }
}
