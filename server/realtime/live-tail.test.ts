import { describe, expect, it } from 'vitest';
import type { PicketEvent } from '../ingest/event.ts';
import { createLogger } from '../logger.ts';
import { parseQuery } from '../store/query/index.ts';
import { numberedEvent } from '../../test/numbered-event.ts';
import { LiveTail } from './live-tail.ts';

const event = (n: number, category = 'c'): PicketEvent => numberedEvent(n, { category });

/** A LiveTail fed directly, the way EventPipeline.onStored feeds it. */
function hub() {
  let deliver: (events: PicketEvent[]) => void = () => undefined;
  const tail = new LiveTail((l) => ((deliver = l), () => undefined), createLogger('silent'));
  return { tail, store: (events: PicketEvent[]) => deliver(events) };
}

describe('LiveTail', () => {
  it('keeps the newest bufferSize events when a subscriber falls behind, counting the dropped', async () => {
    const { tail, store } = hub();
    const sub = tail.subscribe(parseQuery(''), { intervalMs: 0, maxBatch: 3, bufferSize: 5 });
    store(Array.from({ length: 12 }, (_, i) => event(i)));
    const first = await sub.next();
    expect(first).toEqual({ events: [7, 8, 9].map((n) => event(n)), dropped: 7 });
    expect(await sub.next()).toEqual({ events: [10, 11].map((n) => event(n)), dropped: 0 });
    sub.close();
    expect(tail.stats).toMatchObject({ subscribers: 0, queries: 0 });
  });

  it('ends a waiting subscriber on abort', async () => {
    const { tail } = hub();
    const sub = tail.subscribe(parseQuery('category:x'));
    const ac = new AbortController();
    const pending = sub.next(ac.signal);
    ac.abort();
    expect(await pending).toBeNull();
    sub.close();
  });

  it('offers events only to tails that can match; severity is indexed case-insensitively', async () => {
    const { tail, store } = hub();
    const a = tail.subscribe(parseQuery('category:a'), { intervalMs: 0, maxBatch: 100, bufferSize: 100 });
    const warn = tail.subscribe(parseQuery('severity:warning'), { intervalMs: 0, maxBatch: 100, bufferSize: 100 });
    const before = tail.stats.matcherCalls;
    store([event(1, 'a'), event(2, 'b'), { ...event(3, 'b'), severity: 'WARNING' }]);
    // a: one call (event 1); severity: one call (event 3); event 2 reached nobody's matcher.
    expect(tail.stats.matcherCalls - before).toBe(2);
    expect((await a.next())?.events.map((e) => e.summary)).toEqual(['event 1']);
    expect((await warn.next())?.events.map((e) => e.summary)).toEqual(['event 3']);
    a.close();
    warn.close();
  });
});
