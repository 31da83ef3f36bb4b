import { afterEach, describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { numberedEvent } from '../../test/numbered-event.ts';
import { type EventQueue, QueueFullError } from './event-queue.ts';

const ev = (n: number): PicketEvent => numberedEvent(n);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One contract, run against every EventQueue implementation. */
export function eventQueueContract(name: string, make: (opts: { maxPending: number }) => Promise<EventQueue>): void {
  describe(`EventQueue contract: ${name}`, () => {
    let queue: EventQueue | undefined;
    afterEach(async () => {
      await queue?.close();
      queue = undefined;
    });

    it('delivers every published event exactly once, in publish order per publisher', async () => {
      queue = await make({ maxPending: 100_000 });
      const seen: number[] = [];
      queue.process(async (events) => {
        for (const e of events) seen.push(e.details.n as number);
      });
      await Promise.all(
        [0, 1, 2, 3].map((k) => queue!.publish(Array.from({ length: 50 }, (_, i) => ev(k * 1000 + i)))),
      );
      await queue.drain();
      expect(seen).toHaveLength(200);
      expect(new Set(seen).size).toBe(200);
      for (const k of [0, 1, 2, 3]) {
        const mine = seen.filter((n) => Math.floor(n / 1000) === k);
        expect(mine).toEqual([...mine].sort((a, b) => a - b));
      }
    });

    it('resolves publish only after the consumer finished with the batch', async () => {
      queue = await make({ maxPending: 100_000 });
      let committed = false;
      queue.process(async () => {
        await sleep(50);
        committed = true;
      });
      await queue.publish([ev(1)]);
      if (queue.mode === 'regular') expect(committed).toBe(true);
      await queue.drain();
      expect(committed).toBe(true);
    });

    it('rejects publish when the consumer fails, so nothing is acknowledged that was not stored', async () => {
      queue = await make({ maxPending: 100_000 });
      if (queue.mode !== 'regular') return; // in queue mode publish acknowledges persistence; retries are the broker's job
      queue.process(async () => {
        throw new Error('disk on fire');
      });
      await expect(queue.publish([ev(1)])).rejects.toThrow('disk on fire');
    });

    it('groups concurrent publishes into shared consumer calls (group commit)', async () => {
      queue = await make({ maxPending: 100_000 });
      const sizes: number[] = [];
      queue.process(async (events) => {
        sizes.push(events.length);
        await sleep(20);
      });
      await Promise.all(Array.from({ length: 40 }, (_, i) => queue!.publish([ev(i)])));
      await queue.drain();
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(40);
      expect(sizes.length).toBeLessThan(40);
    });

    it('reports its mode, depth and consumer in status()', async () => {
      queue = await make({ maxPending: 100_000 });
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      queue.process(() => gate);
      const published = queue.publish(Array.from({ length: 30 }, (_, i) => ev(i)));
      if (queue.mode === 'queue') await published;
      await expect.poll(async () => (await queue!.status()).depth).toBe(30);
      const s = await queue.status();
      expect(s).toMatchObject({ mode: queue.mode, consuming: true, deadLetters: 0 });
      release();
      await published;
      await queue.drain();
      expect((await queue.status()).depth).toBe(0);
    });

    it('refuses with QueueFullError instead of buffering without bound', async () => {
      queue = await make({ maxPending: 1000 });
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      queue.process(() => gate);
      const first = queue.publish(Array.from({ length: 900 }, (_, i) => ev(i)));
      await sleep(10);
      await expect(queue.publish(Array.from({ length: 200 }, (_, i) => ev(i)))).rejects.toBeInstanceOf(QueueFullError);
      release();
      await first;
    });
  });
}
