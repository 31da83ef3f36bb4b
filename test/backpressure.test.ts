import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './server-harness.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ PICKET_INGEST_MAX_PENDING: '1000' });
});
afterAll(() => s?.stop());

const batch = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => JSON.stringify({ summary: `bp ${i}`, tags: [tag] })).join('\n');

describe('saturation', () => {
  it('answers 503 with Retry-After when the pipeline is full, never dropping silently, and recovers', async () => {
    // Hold a lock that blocks COPY into events, so accepted work piles up in the queue.
    const locker = new pg.Client({ connectionString: s.db.url });
    await locker.connect();
    await locker.query('BEGIN');
    await locker.query('LOCK TABLE events IN ACCESS EXCLUSIVE MODE');
    const first = fetch(`${s.url}/events`, { method: 'POST', body: batch(900, 'bp-first') });
    await new Promise((r) => setTimeout(r, 300));
    const refused = await fetch(`${s.url}/events`, { method: 'POST', body: batch(200, 'bp-refused') });
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).error.code).toBe('queue_full');
    const health = await (await fetch(`${s.url}/api/health`)).json();
    expect(health.queue).toMatch(/900 pending/);

    await locker.query('COMMIT');
    await locker.end();
    const ok = await first;
    expect(ok.status).toBe(200);
    expect((await ok.json()).accepted).toBe(900);

    const q = async (tag: string) =>
      (
        await (
          await fetch(`${s.url}/api/v1/events?q=tags:${tag}&size=0`, {
            headers: { Authorization: `Bearer ${s.adminToken}` },
          })
        ).json()
      ).total;
    expect(await q('bp-first')).toBe(900);
    expect(await q('bp-refused')).toBe(0);
    // The shipper's retry after Retry-After goes through.
    expect((await fetch(`${s.url}/events`, { method: 'POST', body: batch(200, 'bp-refused') })).status).toBe(200);
    expect(await q('bp-refused')).toBe(200);
  });
});
