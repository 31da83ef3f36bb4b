// kill -9 while clients post events, for the suites that prove an acknowledged event survives a crash.
import type pg from 'pg';
import { expect } from 'vitest';
import { killOnceAcknowledged, startPicketProcess } from './picket-process.ts';

export interface CrashLoad {
  /** Tag on every event: the stored rows are found by it. */
  tag: string;
  clients: number;
  /** Events per request (one request is one NDJSON body). */
  perRequest: number;
  /** Kill once this many events are acknowledged, or after `maxMs`. */
  killAt: number;
  maxMs: number;
}

/**
 * Starts `picket start` with `env`, has concurrent clients post events (each with its own
 * details.seq) and kills the process with SIGKILL mid-load. Returns the acknowledged seqs: a
 * request counts only when answered 200 with all its events accepted.
 */
export async function ingestUntilKilled(env: Record<string, string>, load: CrashLoad): Promise<number[]> {
  const p = await startPicketProcess(env);
  const acked: number[] = [];
  let seq = 0;
  let stop = false;
  const client = async () => {
    while (!stop) {
      const batch = Array.from({ length: load.perRequest }, () => seq++);
      try {
        const body = batch
          .map((n) => JSON.stringify({ summary: `${load.tag} ${n}`, tags: [load.tag], details: { seq: n } }))
          .join('\n');
        const res = await fetch(`${p.url}/events`, { method: 'POST', body });
        if (res.status === 200 && (await res.json()).accepted === batch.length) acked.push(...batch);
      } catch {
        // No answer: the process died with the request in flight, nothing was acknowledged.
      }
    }
  };
  const clients = Array.from({ length: load.clients }, client);
  await killOnceAcknowledged(p.child, () => acked.length, load.killAt, load.maxMs);
  stop = true;
  await Promise.all(clients);
  return acked;
}

/** Every acknowledged seq of `tag` is stored, and each only once. */
export async function expectStoredOnce(pool: pg.Pool, tag: string, acked: number[]): Promise<void> {
  const { rows } = await pool.query<{ seq: number }>(
    `SELECT (details->>'seq')::int AS seq FROM events WHERE tags @> ARRAY[$1]`,
    [tag],
  );
  const stored = new Set(rows.map((r) => r.seq));
  expect(acked.filter((n) => !stored.has(n))).toEqual([]);
  expect(rows.length).toBe(stored.size);
}
