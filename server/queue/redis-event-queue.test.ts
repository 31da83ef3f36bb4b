import crypto from 'node:crypto';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { eventQueueContract } from './event-queue.contract.ts';
import { RedisEventQueue, type RedisEventQueueOptions } from './redis-event-queue.ts';
import { numberedEvent } from '../../test/numbered-event.ts';

const url = inject('redisUrl') || undefined;
const made: RedisEventQueue[] = [];

async function fresh(opts: Partial<RedisEventQueueOptions> & { prefix?: string } = {}): Promise<RedisEventQueue> {
  const q = await RedisEventQueue.connect({
    url: url!,
    prefix: `picket-test-${crypto.randomUUID()}`,
    maxDepth: 100_000,
    ...opts,
  });
  made.push(q);
  return q;
}

// A fresh id each: published events of separate tests must never look like redeliveries.
const ev = (n: number, over: Partial<PicketEvent> = {}): PicketEvent =>
  numberedEvent(n, { id: crypto.randomUUID(), ...over });

// Runs against a real Redis when REDIS_URL is set (CI sets it); skipped otherwise.
describe.runIf(url)('RedisEventQueue (BullMQ)', () => {
  afterAll(async () => {
    for (const q of made) {
      await q.close().catch(() => undefined);
      const c = await RedisEventQueue.connect({
        url: url!,
        prefix: (q as unknown as { opts: { prefix: string } }).opts.prefix,
        maxDepth: 1,
      });
      await c.destroy();
      await c.close();
    }
  });

  eventQueueContract('bullmq', async ({ maxPending }) => fresh({ maxDepth: maxPending }));

  it('keeps events in Redis while no worker runs, and a worker started later takes them', async () => {
    const prefix = `picket-test-${crypto.randomUUID()}`;
    const web = await fresh({ prefix });
    await web.publish([ev(1), ev(2)]);
    await web.publish([ev(3)]);
    expect((await web.status()).depth).toBe(3);
    expect((await web.status()).workers).toBe(0);
    const worker = await fresh({ prefix });
    const seen: number[] = [];
    worker.process(async (events) => {
      for (const e of events) seen.push(e.details.n as number);
    });
    await worker.drain();
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect(await web.status()).toMatchObject({ depth: 0, workers: 1, consuming: false });
  });

  it('retries with backoff, then parks a batch that keeps failing in the dead-letter queue; requeue and discard', async () => {
    const q = await fresh({ attempts: 3, backoffMs: 20 });
    let calls = 0;
    let healthy = false;
    const stored: number[] = [];
    q.process(async (events) => {
      calls++;
      if (!healthy && events.some((e) => e.details.n === 66)) throw new Error(`store says no (${calls})`);
      for (const e of events) stored.push(e.details.n as number);
    });
    await q.publish([ev(66)]);
    await expect.poll(() => q.deadLetters.count()).toBe(1);
    expect(calls).toBe(3);
    const [dl] = await q.deadLetters.list(10);
    expect(dl).toMatchObject({
      events: 1,
      attempts: 3,
      firstError: 'store says no (1)',
      lastError: 'store says no (3)',
    });
    expect((await q.status()).depth).toBe(0);
    // Nothing retries it by itself.
    await new Promise((r) => setTimeout(r, 300));
    expect(calls).toBe(3);

    healthy = true;
    expect(await q.deadLetters.requeue(dl.id)).toBe(true);
    await expect.poll(() => stored).toEqual([66]);
    expect(await q.deadLetters.count()).toBe(0);
    expect(await q.deadLetters.requeue(dl.id)).toBe(false);

    healthy = false;
    await q.publish([ev(66)]);
    await expect.poll(() => q.deadLetters.count()).toBe(1);
    const [again] = await q.deadLetters.list(10);
    expect(await q.deadLetters.discard(again.id)).toBe(true);
    expect(await q.deadLetters.count()).toBe(0);
    expect(await q.deadLetters.discard(again.id)).toBe(false);
  });

  it('parks a malformed batch at once (no retries can fix it)', async () => {
    const q = await fresh({ attempts: 5, backoffMs: 20 });
    let calls = 0;
    q.process(async () => {
      calls++;
    });
    await q.publish([ev(1, { utctimestamp: 'not a time' })]);
    await expect.poll(() => q.deadLetters.count()).toBe(1);
    const [dl] = await q.deadLetters.list(1);
    expect(dl.firstError).toMatch(/malformed batch/);
    expect(dl.attempts).toBe(1);
    expect(calls).toBe(0);
  });
});
