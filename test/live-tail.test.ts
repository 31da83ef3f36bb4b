import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../server/ingest/event.ts';
import { startTestServer, type TestServer } from './server-harness.ts';
import { connectTrpcWs, eventually } from './trpc-ws-client.ts';
import { ingest, tokenFor } from './trpc-http-client.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s?.stop());

interface Batch {
  events: PicketEvent[];
  dropped: number;
}

/** Subscribes to events.tail and collects batches; resolves once the server has registered the tail. */
async function tail(token: string, input: { q: string; maxBatch?: number; bufferSize?: number; intervalMs?: number }) {
  const conn = connectTrpcWs(s.url, token);
  const batches: Batch[] = [];
  const errors: Array<{ message: string; data: unknown }> = [];
  const before = s.picket.explorer.tail.stats.subscribers;
  const sub = conn.client.events.tail.subscribe(input, {
    onData: (b) => batches.push(b as Batch),
    onError: (err) => errors.push({ message: err.message, data: err.data }),
  });
  const events = () => batches.flatMap((b) => b.events);
  return {
    batches,
    errors,
    events,
    ready: () => eventually(() => expect(s.picket.explorer.tail.stats.subscribers).toBeGreaterThan(before)),
    async close() {
      sub.unsubscribe();
      await conn.close();
    },
  };
}

describe('events.tail over /api/ws', () => {
  it('delivers only matching newly stored events, in the REST search shape', async () => {
    const viewer = await tokenFor(s.url, s.adminToken, 'viewer');
    const t = await tail(viewer, { q: 'category:tailtest AND details.user:alice' });
    await t.ready();
    await ingest(s.url, [
      { category: 'tailtest', summary: 'match 1', details: { user: 'alice', nested: { a: [1, 2] } } },
      { category: 'tailtest', summary: 'other user', details: { user: 'bob' } },
      { category: 'othercat', summary: 'other category', details: { user: 'alice' } },
      { category: 'tailtest', summary: 'match 2', details: { user: 'alice' } },
    ]);
    await eventually(() =>
      expect(
        t
          .events()
          .map((e) => e.summary)
          .sort(),
      ).toEqual(['match 1', 'match 2']),
    );
    // What REST search returns for the same events, field for field.
    const rest = await (
      await fetch(
        `${s.url}/api/v1/events?q=${encodeURIComponent('category:tailtest AND details.user:alice')}&sort=utctimestamp:asc`,
        { headers: { Authorization: `Bearer ${viewer}` } },
      )
    ).json();
    const byId = new Map(rest.events.map((e: PicketEvent) => [e.id, e]));
    for (const e of t.events()) expect(e).toEqual(byId.get(e.id));
    expect(t.batches.every((b) => b.dropped === 0)).toBe(true);
    // A little later nothing else arrived (the non-matching ones never will).
    await ingest(s.url, [{ category: 'tailtest', summary: 'match 3', details: { user: 'alice' } }]);
    await eventually(() => expect(t.events()).toHaveLength(3));
    await t.close();
    await eventually(() => expect(s.picket.explorer.tail.stats.subscribers).toBe(0));
  });

  it('refuses a bad query with BAD_REQUEST and its position', async () => {
    const t = await tail(s.adminToken, { q: 'hostname:(web1 OR' });
    await eventually(() => expect(t.errors).toHaveLength(1));
    expect(t.errors[0].message).toMatch(/at position \d+/);
    expect(t.errors[0].data).toMatchObject({
      code: 'BAD_REQUEST',
      queryError: { input: 'q', location: { line: 1, offset: expect.any(Number) } },
    });
    await t.close();
  });

  it('under a burst sends small batches and reports what it dropped; the count adds up', async () => {
    const t = await tail(s.adminToken, { q: 'tags:burst', maxBatch: 50, bufferSize: 100, intervalMs: 100 });
    const quiet = await tail(s.adminToken, { q: 'tags:burst AND details.n:7' });
    await Promise.all([t.ready(), quiet.ready()]);
    const N = 3000;
    const all = Array.from({ length: N }, (_, n) => ({ summary: `burst ${n}`, tags: ['burst'], details: { n } }));
    // Three requests at once, as shippers do: the pipeline stores them in batches far larger than the buffer.
    await Promise.all([0, 1, 2].map((k) => ingest(s.url, all.slice(k * 1000, (k + 1) * 1000))));
    await eventually(() => {
      const delivered = t.events().length;
      const dropped = t.batches.reduce((n, b) => n + b.dropped, 0);
      expect(delivered + dropped).toBe(N);
    }, 15_000);
    expect(t.batches.every((b) => b.events.length <= 50)).toBe(true);
    expect(t.batches.reduce((n, b) => n + b.dropped, 0)).toBeGreaterThan(0);
    // Nothing arrived twice, nothing foreign arrived.
    const ids = t.events().map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(t.events().every((e) => e.tags.includes('burst'))).toBe(true);
    // The selective tail got exactly its one event, undisturbed by the burst.
    await eventually(() => expect(quiet.events().map((e) => e.details.n)).toEqual([7]));
    await Promise.all([t.close(), quiet.close()]);
  });

  it('shares work between tails: identical queries compile once, keyword-pinned queries skip other events', async () => {
    const tails = await Promise.all(Array.from({ length: 10 }, () => tail(s.adminToken, { q: 'category:shared-a' })));
    const others = await Promise.all(
      Array.from({ length: 10 }, (_, i) => tail(s.adminToken, { q: `category:pinned-${i}` })),
    );
    await eventually(() => expect(s.picket.explorer.tail.stats.subscribers).toBe(20));
    expect(s.picket.explorer.tail.stats.queries).toBe(11);
    const calls = s.picket.explorer.tail.stats.matcherCalls;
    await ingest(
      s.url,
      Array.from({ length: 100 }, (_, i) => ({ category: 'shared-a', summary: `s ${i}` })),
    );
    for (const t of tails) await eventually(() => expect(t.events()).toHaveLength(100));
    // 100 events × 1 matcher (the shared query); the ten pinned-* tails were never asked.
    expect(s.picket.explorer.tail.stats.matcherCalls - calls).toBe(100);
    expect(others.every((t) => t.events().length === 0)).toBe(true);
    await Promise.all([...tails, ...others].map((t) => t.close()));
  });

  it('needs events:read: an ingest-only token is refused, and HTTP refuses the subscription transport', async () => {
    const res = await fetch(`${s.url}/api/v1/tokens`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${s.adminToken}` },
      body: JSON.stringify({ name: 'shipper', role: 'admin', ingestOnly: true }),
    });
    const shipper = (await res.json()).token;
    const t = await tail(shipper, { q: '' });
    await eventually(() => expect(t.errors).toHaveLength(1));
    expect(t.errors[0].data).toMatchObject({ code: 'FORBIDDEN' });
    await t.close();
    const http = await fetch(`${s.url}/api/trpc/events.tail?input=${encodeURIComponent('{"q":""}')}`, {
      headers: { Authorization: `Bearer ${s.adminToken}` },
    });
    expect(http.status).toBe(405);
  });
});
