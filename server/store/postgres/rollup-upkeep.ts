// Upkeep of the rollups (migrations 0023, 0024, 0026); the reads are in rollups.ts.
// - Compaction merges the append-only deltas: every store write adds one row per minute and value
//   it holds, so an hour of ingest at 2,000 events/s leaves ~8M rows for the readers to sum.
// - Closing an hour builds its hourly rows from its minutes and moves `hourly_through`.
// Every range statement names all the dimensions (`dim = ANY(…)`), so Postgres reads the range
// through the (dim, minute) and (dim, hour) indexes: no index starts with the time, and a range
// without the dimension read the whole table, every day kept, while the hour's lock held ingest.
import type pg from 'pg';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Every dimension the rollup trigger writes (migrations 0023, 0024); rollups.test.ts holds it to the trigger. */
export const ROLLUP_DIMS: readonly string[] = [
  'all',
  'category',
  'source',
  'hostname',
  'severity',
  'sourceip',
  'sourceip.elem',
];

/** Taken shared by every rollup trigger run and exclusively by rollHours (migration 0026). */
export const ROLLUP_HOURS_LOCK = 0x726f6c6c;
/** Held by the one process of a cluster doing the upkeep pass; the others skip theirs. */
export const ROLLUP_UPKEEP_LOCK = 0x726f6c75;
/** An hour closes this long after it ends: most of its stragglers are in by then (later ones still count). */
const CLOSE_AFTER_MS = 60_000;

/**
 * Merges the deltas of [from, to) into one row per (minute or hour, dimension, value), dropping zeros.
 * One statement, so readers see the range before or after, never half; deltas committed meanwhile
 * by ingest are new rows this statement does not see, and stay. Returns the rows it merged and
 * what they became.
 */
export async function compactRollups(
  db: pg.ClientBase,
  from: Date,
  to: Date,
  hourlyThrough: number,
): Promise<{ before: number; after: number }> {
  // Only groups with several rows are rewritten: an hour already compacted costs one read of its
  // rows, not a delete and re-insert of all of them (and of their index entries) every hour.
  // The same three steps for each level; names and bounds are fixed here, nothing comes from input.
  const merge = (table: string, col: string, upper: string, s: string) => {
    const range = (t: string) =>
      `${t}dim = ANY($4::text[]) AND ${t}${col} >= $1::timestamptz AND ${t}${col} < ${upper}`;
    return `dup${s} AS (
       SELECT ${col}, dim, key FROM ${table} WHERE ${range('')}
       GROUP BY 1, 2, 3 HAVING count(*) > 1
     ), moved${s} AS (
       DELETE FROM ${table} r USING dup${s} d
       WHERE ${range('r.')} AND r.${col} = d.${col} AND r.dim = d.dim AND r.key = d.key
       RETURNING r.${col}, r.dim, r.key, r.n
     ), merged${s} AS (
       INSERT INTO ${table} (${col}, dim, key, n)
       SELECT ${col}, dim, key, sum(n) FROM moved${s} GROUP BY 1, 2, 3 HAVING sum(n) <> 0 RETURNING 1
     )`;
  };
  const { rows } = await db.query<{ before: number; after: number }>(
    `WITH ${merge('event_rollups', 'minute', '$2::timestamptz', '')},
     -- Hours not closed yet are rollHours()'s to replace: compacting them too could race it.
     ${merge('event_rollups_hourly', 'hour', 'least($2::timestamptz, $3::timestamptz)', '_h')}
     SELECT (SELECT count(*) FROM moved)::int + (SELECT count(*) FROM moved_h)::int AS before,
            (SELECT count(*) FROM merged)::int + (SELECT count(*) FROM merged_h)::int AS after`,
    [from.toISOString(), to.toISOString(), new Date(hourlyThrough).toISOString(), ROLLUP_DIMS],
  );
  return rows[0];
}

/** Merges the deltas of the last 25 hours, an hour per statement (short transactions). */
export async function compactRecentRollups(
  db: pg.ClientBase,
  now: Date,
  hourlyThrough: number,
): Promise<{ before: number; after: number }> {
  const total = { before: 0, after: 0 };
  const end = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  for (let t = end - 25 * HOUR_MS; t < end; t += HOUR_MS) {
    const r = await compactRollups(db, new Date(t), new Date(Math.min(t + HOUR_MS, end)), hourlyThrough);
    total.before += r.before;
    total.after += r.after;
  }
  return total;
}

/**
 * Merges the minutes of the hours still open, up to the current minute: every few minutes, so
 * searches over the last hour sum one row per minute and value, and the hour's close (rollHours)
 * finds little left to merge.
 */
export async function compactOpenMinutes(db: pg.ClientBase, hourlyThrough: number, now: Date) {
  const end = Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS;
  if (hourlyThrough <= 0 || end <= hourlyThrough) return { before: 0, after: 0 };
  // Up to hourlyThrough on the hourly level: an empty range, these hours are rollHours()'s.
  return compactRollups(db, new Date(hourlyThrough), new Date(end), hourlyThrough);
}

/**
 * Runs `fn` on one connection holding the cluster's upkeep lock, or returns undefined when another
 * process holds it: every process has the timers, and the same merge run by several at once only
 * reads the same rows and queues on the same row locks (it stays exact: a row one deletes, the
 * others skip). The pass runs on the lock's own connection, so it needs no second one from the pool.
 */
export async function onePerCluster<T>(pool: pg.Pool, fn: (db: pg.PoolClient) => Promise<T>): Promise<T | undefined> {
  const client = await pool.connect();
  let failed = false;
  try {
    const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [ROLLUP_UPKEEP_LOCK]);
    if (!rows[0].ok) return undefined;
    const out = await fn(client);
    await client.query('SELECT pg_advisory_unlock($1)', [ROLLUP_UPKEEP_LOCK]);
    return out;
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    // After a failure the connection is closed, not reused: that drops the lock and any
    // transaction left open with it.
    client.release(failed);
  }
}

/** Where the hourly level ends now (ms); 0 when nothing is closed (read minutes only). */
export async function readHourlyThrough(db: pg.Pool | pg.ClientBase): Promise<number> {
  const { rows } = await db.query<{ at: string | Date }>('SELECT hourly_through AS at FROM event_rollup_state');
  return rows[0] ? new Date(rows[0].at).getTime() : 0;
}

/**
 * Closes the hours that ended before `now` (less a minute), one hour per transaction: the hour's
 * hourly rows are rebuilt from its minutes and `hourly_through` moves past it. The exclusive lock
 * waits for writes in flight (their minute rows are then visible to the next statement) and holds
 * new ones for the hour's one statement; a write after it sees the new `hourly_through` and adds
 * its events of closed hours to the hourly level itself. Returns where the hourly level ends.
 */
export async function rollHours(db: pg.ClientBase, now: Date, maxHours = 48): Promise<number> {
  const until = Math.floor((now.getTime() - CLOSE_AFTER_MS) / HOUR_MS) * HOUR_MS;
  let through = await readHourlyThrough(db);
  for (let i = 0; i < maxHours && through > 0 && through < until; i++) {
    // Merged first, without the lock: the locked statement then sums about one row per minute and
    // value instead of one per store write, and ingest waits only for that (an hour of 8M deltas
    // held every write for 2 s on a quiet box, for a minute under load).
    await compactRollups(db, new Date(through), new Date(through + HOUR_MS), through);
    through = await closeHour(db, until);
  }
  return through;
}

/** Closes the first open hour if it ended before `until`; returns where the hourly level then ends. */
async function closeHour(client: pg.ClientBase, until: number): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [ROLLUP_HOURS_LOCK]);
    const { rows } = await client.query<{ at: string | Date }>(
      'SELECT hourly_through AS at FROM event_rollup_state FOR UPDATE',
    );
    const through = rows[0] ? new Date(rows[0].at).getTime() : 0;
    if (!rows[0] || through >= until) {
      await client.query('COMMIT');
      return through;
    }
    const next = through + HOUR_MS;
    // One statement: the DELETE drops what the hour held (rows from before it closed), the INSERT
    // writes its sums; neither sees the other's rows.
    await client.query(
      `WITH gone AS (
         DELETE FROM event_rollups_hourly WHERE dim = ANY($3::text[]) AND hour >= $1::timestamptz AND hour < $2::timestamptz
       )
       INSERT INTO event_rollups_hourly (hour, dim, key, n)
       SELECT $1::timestamptz, dim, key, sum(n) FROM event_rollups
       WHERE dim = ANY($3::text[]) AND minute >= $1::timestamptz AND minute < $2::timestamptz
       GROUP BY dim, key HAVING sum(n) <> 0`,
      [new Date(through).toISOString(), new Date(next).toISOString(), ROLLUP_DIMS],
    );
    await client.query('UPDATE event_rollup_state SET hourly_through = $1::timestamptz', [
      new Date(next).toISOString(),
    ]);
    await client.query('COMMIT');
    return next;
  } catch (err) {
    // A failed ROLLBACK leaves the connection to its owner, which closes it (onePerCluster).
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
