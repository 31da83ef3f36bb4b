import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.ts';
import type { Logger } from '../logger.ts';
import { createDb, type Db } from './drizzle.ts';
import { EmbeddedPostgres } from './embedded-postgres.ts';
import { migrate } from './migrate.ts';

import './pg-types.ts';

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
  close(): Promise<void>;
}

export interface OpenOptions {
  migrate?: boolean;
  /** Server processes own the embedded Postgres (and adopt one left by a crash); CLI commands only borrow it. */
  ownEmbedded?: boolean;
}

export async function openDatabase(cfg: Config, log: Logger, opts: OpenOptions = {}): Promise<Database> {
  const stopOpts = { onlyIfStartedHere: opts.ownEmbedded === false };
  let embedded: EmbeddedPostgres | undefined;
  let url = cfg.DATABASE_URL;
  if (!url) {
    embedded = new EmbeddedPostgres({ dir: path.join(cfg.dataDir, 'postgres'), log: (l) => log.info(l) });
    await embedded.start();
    url = await embedded.connectionString();
  }
  const pool = new pg.Pool({ connectionString: url, max: cfg.PICKET_DB_POOL_SIZE, idleTimeoutMillis: 30_000 });
  // An idle client losing its connection must not crash the process; the pool replaces it.
  pool.on('error', (err) => log.warn({ err: err.message }, 'postgres idle client error'));
  const readPool = new pg.Pool({
    connectionString: url,
    max: Math.max(2, Math.ceil(cfg.PICKET_DB_POOL_SIZE / 2)),
    idleTimeoutMillis: 30_000,
    statement_timeout: cfg.PICKET_QUERY_TIMEOUT_MS,
  });
  readPool.on('error', (err) => log.warn({ err: err.message }, 'postgres idle client error'));
  try {
    await pool.query('SELECT 1');
    if (opts.migrate !== false) {
      const { applied } = await migrate(pool);
      if (applied.length) log.info({ applied }, 'migrations applied');
    }
  } catch (err) {
    await pool.end().catch(() => undefined);
    await readPool.end().catch(() => undefined);
    await embedded?.stop(stopOpts);
    throw err;
  }
  return {
    pool,
    readPool,
    readTimeoutMs: cfg.PICKET_QUERY_TIMEOUT_MS,
    orm: createDb(pool),
    url,
    embedded: !!embedded,
    async close() {
      await Promise.all([pool.end().catch(() => undefined), readPool.end().catch(() => undefined)]);
      await embedded?.stop(stopOpts);
    },
  };
}
