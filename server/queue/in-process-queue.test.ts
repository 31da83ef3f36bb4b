import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { eventQueueContract } from './event-queue.contract.ts';
import { InProcessQueue } from './in-process-queue.ts';

eventQueueContract('in-process', async ({ maxPending }) => new InProcessQueue({ maxPending }));

const ev = (n: number) => ({ id: `e${n}`, details: { n } }) as unknown as PicketEvent;

describe('InProcessQueue group commit', () => {
  it('lets publishes that arrive while a batch commits ride together in the next one, each answered after its own batch', async () => {
    const q = new InProcessQueue({ maxPending: 1000, gatherMs: 5 });
    const batches: number[][] = [];
    const gates: Array<() => void> = [];
    q.process(async (events) => {
      batches.push(events.map((e) => e.details.n as number));
      await new Promise<void>((r) => gates.push(r));
    });
    const done = new Set<number>();
    const publish = (n: number) => q.publish([ev(n)]).then(() => done.add(n));
    const first = publish(0);
    // These arrive one by one while batch [0] commits: without a window the second slot takes
    // [1] alone and [2..9] wait for a third commit.
    const rest = Array.from({ length: 9 }, (_, i) => publish(i + 1));
    await expect.poll(() => batches.length).toBe(2);
    expect(batches).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(done.size).toBe(0);
    gates[1]();
    await Promise.all(rest);
    // The second batch committed; the first has not, so its publisher is still waiting.
    expect([...done].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    gates[0]();
    await first;
    await q.close();
  });

  it('starts at once when nothing else is committing: a lone request is never held back', async () => {
    const q = new InProcessQueue({ maxPending: 1000, gatherMs: 60_000 });
    const seen: number[] = [];
    q.process(async (events) => {
      for (const e of events) seen.push(e.details.n as number);
    });
    await q.publish([ev(1)]);
    await q.publish([ev(2)]);
    expect(seen).toEqual([1, 2]);
    await q.close();
  });

  it('ends the window once the clients the last commit answered are back, not at its end', async () => {
    const q = new InProcessQueue({ maxPending: 1000, gatherMs: 60_000 });
    const batches: string[][] = [];
    const gates: Array<() => void> = [];
    q.process(async (events) => {
      batches.push(events.map((e) => e.id));
      await new Promise<void>((r) => gates.push(r));
    });
    const pub = (id: string) => q.publish([{ id } as unknown as PicketEvent]);
    const a = pub('a');
    const b = pub('b'); // waits: a commits, nobody was answered yet
    await expect.poll(() => batches.length).toBe(1);
    gates[0]();
    await a;
    // a's slot freed with nothing else in flight: b starts at once.
    await expect.poll(() => batches.length).toBe(2);
    // a's client comes back: as many events as the last commit answered, so no 60 s window.
    const c = pub('c');
    await expect.poll(() => batches.length).toBe(3);
    const d = pub('d'); // both slots busy
    gates[1]();
    await b;
    // b's slot is free, but b's client is not back yet: d waits for it instead of going alone.
    await new Promise((r) => setTimeout(r, 50));
    expect(batches.length).toBe(3);
    const e = pub('e');
    await expect.poll(() => batches.length).toBe(4);
    expect(batches).toEqual([['a'], ['b'], ['c'], ['d', 'e']]);
    gates[2]();
    gates[3]();
    await Promise.all([c, d, e]);
    await q.close();
  });

  it('rejects every publisher of a failed batch and keeps serving later ones', async () => {
    const q = new InProcessQueue({ maxPending: 1000, gatherMs: 5 });
    let fail = true;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    q.process(async (events) => {
      if (events[0].details.n === 0) return gate;
      if (fail) throw new Error('store refused');
    });
    const first = q.publish([ev(0)]);
    const failing = Array.from({ length: 5 }, (_, i) => q.publish([ev(i + 1)]));
    const results = await Promise.allSettled(failing);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    release();
    await first;
    fail = false;
    await expect(q.publish([ev(7)])).resolves.toBeUndefined();
    await q.close();
  });
});
