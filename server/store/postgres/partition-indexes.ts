// Indexes a migration declares ON ONLY the partitioned `events` table: every partition created since
// gets its own at creation, and the partitions that already held events get theirs here, after the
// server started: one at a time, CREATE INDEX CONCURRENTLY (writes go on), then ATTACH. Once every
// partition's index is attached, Postgres marks the parent's index valid and nothing is left to do.
import pg from 'pg';
import type { Logger } from '../../logger.ts';

/** Only one process of a cluster builds; the others find the lock taken and leave it to that one. */
const BUILD_LOCK = 0x7069646b;
const PARTITION_RE = /^events_\d{8}$/;

/** Each deferred index: its name on the parent and how a partition's copy is built. */
const DEFERRED: ReadonlyArray<{ parent: string; suffix: string; using: string }> = [
  { parent: 'events_summary_trgm', suffix: 'summary_trgm', using: 'gin (summary gin_trgm_ops)' },
];

export interface PartitionIndexProgress {
  built: string[];
  /** Partitions left without the index by another process building them; -1 when cancelled. */
  missing: number;
}

/** Partitions of `events` whose copy of `parent` is not attached yet, oldest first. */
async function partitionsMissing(pool: pg.Pool, parent: string): Promise<string[]> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT c.relname AS name
       FROM pg_inherits p JOIN pg_class c ON c.oid = p.inhrelid
      WHERE p.inhparent = 'events'::regclass
        AND to_regclass($1) IS NOT NULL
        AND NOT EXISTS (
          SELECT 1 FROM pg_inherits ii JOIN pg_index ci ON ci.indexrelid = ii.inhrelid
           WHERE ii.inhparent = to_regclass($1) AND ci.indrelid = c.oid)
      ORDER BY c.relname`,
    [parent],
  );
  return rows.map((r) => r.name).filter((n) => PARTITION_RE.test(n));
}

/**
 * Builds and attaches every missing partition index; safe to call again at any time (a no-op when
 * done). `signal` cancels the build in progress (a stopping server must not wait for it); the
 * invalid index it leaves is dropped and built again by the next call.
 */
export async function buildPartitionIndexes(
  pool: pg.Pool,
  log: Logger,
  signal?: AbortSignal,
): Promise<PartitionIndexProgress> {
  const built: string[] = [];
  // Its own connection, not one of the pool's: a build takes minutes to hours on a large store, and
  // ingest and searches must keep every connection of the pool (PICKET_DB_POOL_SIZE may be 2).
  const client = new pg.Client(pool.options);
  client.on('error', () => undefined); // a connection lost mid-build fails the query instead
  await client.connect();
  let missing = 0;
  const pid = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
  const cancel = () => void pool.query('SELECT pg_cancel_backend($1)', [pid]).catch(() => undefined);
  signal?.addEventListener('abort', cancel);
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [BUILD_LOCK]);
    if (!rows[0].ok) {
      for (const d of DEFERRED) missing += (await partitionsMissing(pool, d.parent)).length;
      return { built, missing };
    }
    try {
      for (const d of DEFERRED) {
        for (const partition of await partitionsMissing(pool, d.parent)) {
          if (signal?.aborted) return { built, missing: -1 };
          // Names come from the catalog and match events_YYYYMMDD: our own partition names, not input.
          const name = `${partition}_${d.suffix}`;
          const started = performance.now();
          // A build cut short (stop, crash) leaves an invalid index of that name: drop it and start over.
          await client.query(`DROP INDEX CONCURRENTLY IF EXISTS ${name}`);
          await client.query(`CREATE INDEX CONCURRENTLY ${name} ON ${partition} USING ${d.using}`);
          await client.query(`ALTER INDEX ${d.parent} ATTACH PARTITION ${name}`);
          built.push(name);
          log.info(
            { index: name, seconds: Math.round((performance.now() - started) / 100) / 10 },
            'partition index built',
          );
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [BUILD_LOCK]).catch(() => undefined);
    }
  } catch (err) {
    if (signal?.aborted) return { built, missing: -1 };
    throw err;
  } finally {
    signal?.removeEventListener('abort', cancel);
    await client.end().catch(() => undefined);
  }
  return { built, missing };
}
