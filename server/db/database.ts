import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { DatabaseHealth } from './database-health.ts';
import { createDb, type Db } from './drizzle.ts';
import { EmbeddedPostgres } from './embedded-postgres.ts';
import { EmbeddedSupervisor } from './embedded-supervisor.ts';
import { migrate } from './migrate.ts';

import './pg-types.ts';

export interface DatabaseStatus {
  mode: 'embedded' | 'external';
  /** What the process sees now: `restarting` while the embedded server is being started again. */
  state: 'ok' | 'unreachable' | 'disk full' | 'restarting';
  /** Requests refused since the current outage began. */
  refused: number;
}

export interface Database {
  pool: pg.Pool;
  /**
   * User-shaped reads (searches, aggregations): its own connections, so they never queue ingest
   * behind them, each statement cancelled after PICKET_QUERY_TIMEOUT_MS.
   */
  readPool: pg.Pool;
  readTimeoutMs: number;
  /** Drizzle over the same pool, for typed queries. */
  orm: Db;
  url: string;
  embedded: boolean;
  /** Outages seen by this process: callers report errors here, and it logs each outage once. */
  health: DatabaseHealth;
  status(): DatabaseStatus;
  close(): Promise<void>;
}

export interface OpenOptions {
  migrate?: boolean;
  /** Server processes own the embedded Postgres (and adopt one left by a crash); CLI commands only borrow it. */
  ownEmbedded?: boolean;
}

export async function openDatabase(cfg: Config, log: Logger, opts: OpenOptions = {}): Promise<Database> {
  const owner = opts.ownEmbedded !== false;
  const stopOpts = { onlyIfStartedHere: !owner };
  let embedded: EmbeddedPostgres | undefined;
  let url = cfg.DATABASE_URL;
  if (!url) {
    embedded = new EmbeddedPostgres({ dir: path.join(cfg.dataDir, 'postgres'), log: (l) => log.info(l) });
    await embedded.start();
    url = await embedded.connectionString();
  }
  const pool = new pg.Pool({ connectionString: url, max: cfg.PICKET_DB_POOL_SIZE, idleTimeoutMillis: 30_000 });
  const readPool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, Math.ceil(cfg.PICKET_DB_POOL_SIZE / 2)),
    idleTimeoutMillis: 30_000,
    statement_timeout: cfg.PICKET_QUERY_TIMEOUT_MS,
  });
  // The server that owns the embedded Postgres starts it again if it dies.
  const supervisor = embedded && owner ? new EmbeddedSupervisor(embedded, log) : undefined;
  const health = new DatabaseHealth({ log, probe: () => pool.query('SELECT 1'), onDown: () => supervisor?.check() });
  for (const p of [pool, readPool]) {
    // An idle client losing its connection must not crash the process; the pool replaces it.
    p.on('error', (err) => {
      if (!health.absorb(err)) log.warn({ err: err.message }, 'postgres idle client error');
    });
    // pg-pool listens for errors only on idle clients. A checked-out client whose socket dies
    // (Postgres killed mid-COPY: EPIPE) emits 'error' too, and an unheard 'error' event kills the
    // process. The same error already fails the client's query, and the pool drops the client on release.
    p.on('connect', (client) => client.on('error', () => undefined));
  }
  const close = async () => {
    health.close();
    await supervisor?.stop();
    await Promise.all([pool.end().catch(() => undefined), readPool.end().catch(() => undefined)]);
    await embedded?.stop(stopOpts);
  };
  try {
    await pool.query('SELECT 1');
    if (opts.migrate !== false) {
      const { applied } = await migrate(pool);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
  } catch (err) {
    await close();
    throw err;
  }
  supervisor?.start();
  return {
    pool,
    readPool,
    readTimeoutMs: cfg.PICKET_QUERY_TIMEOUT_MS,
    orm: createDb(pool),
    url,
    embedded: !!embedded,
    health,
    status() {
      const h = health.snapshot();
      return {
        mode: embedded ? 'embedded' : 'external',
        state: supervisor?.state() === 'restarting' ? 'restarting' : h.state,
        refused: h.refused,
      };
    },
    close,
  };
}
