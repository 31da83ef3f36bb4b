import type pg from 'pg';
import { ROLLUP_DIMS } from './rollup-upkeep.ts';

const DAY_MS = 86_400_000;
// Serializes partition DDL across every Picket process sharing the database.
const PARTITION_LOCK = 0x70617274;
const NAME_RE = /^events_(\d{4})(\d{2})(\d{2})$/;

export function partitionName(dayStartMs: number): string {
  const d = new Date(dayStartMs);
  return `events_${d.toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export function dayStart(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** Creates day partitions on demand; remembers which exist so the hot path costs a Set lookup. */
export class PartitionManager {
  private readonly known = new Set<number>();

  constructor(private readonly pool: pg.Pool) {}

  async ensureFor(timestampsMs: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const ms of timestampsMs) {
      const day = dayStart(ms);
      if (!this.known.has(day)) missing.add(day);
    }
    if (missing.size === 0) return;
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const day of missing) {
        const name = partitionName(day);
        const from = new Date(day).toISOString();
        const to = new Date(day + DAY_MS).toISOString();
        // Identifiers come from our own date formatting, never from input.
        await client.query(
          `CREATE TABLE IF NOT EXISTS ${name} PARTITION OF events FOR VALUES FROM ('${from}') TO ('${to}')`,
        );
      }
      await client.query('COMMIT');
      for (const day of missing) this.known.add(day);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async list(): Promise<Array<{ name: string; dayStartMs: number }>> {
    const { rows } = await this.pool.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'events'`,
    );
    const out: Array<{ name: string; dayStartMs: number }> = [];
    for (const { name } of rows) {
      const m = NAME_RE.exec(name);
      if (m) out.push({ name, dayStartMs: Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) });
    }
    return out.sort((a, b) => a.dayStartMs - b.dayStartMs);
  }

  /** Drops partitions whose whole day ends before the retention cutoff. */
  async dropOlderThan(retentionDays: number, now: Date): Promise<string[]> {
    const cutoff = now.getTime() - retentionDays * DAY_MS;
    const dropped: string[] = [];
    for (const p of await this.list()) {
      if (p.dayStartMs + DAY_MS > cutoff) continue;
      // The day's rollup rows go in the same transaction: counts never include dropped events.
      const client = await this.pool.connect();
      try {
        await client.query('BEGIN');
        await client.query(`DROP TABLE IF EXISTS ${p.name}`);
        const day = [new Date(p.dayStartMs).toISOString(), new Date(p.dayStartMs + DAY_MS).toISOString()];
        await client.query(
          'DELETE FROM event_rollups WHERE dim = ANY($3::text[]) AND minute >= $1::timestamptz AND minute < $2::timestamptz',
          [...day, ROLLUP_DIMS],
        );
        await client.query(
          'DELETE FROM event_rollups_hourly WHERE dim = ANY($3::text[]) AND hour >= $1::timestamptz AND hour < $2::timestamptz',
          [...day, ROLLUP_DIMS],
        );
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
      this.known.delete(p.dayStartMs);
      dropped.push(p.name);
    }
    return dropped;
  }
}
