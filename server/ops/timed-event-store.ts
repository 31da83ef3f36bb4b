// Store latency for the metrics, around whichever EventStore is in use (Postgres today, a search
// cluster later): the same histogram, labelled with the store's kind, for every implementation.
import type { EventStore, SearchParams } from '../store/event-store.ts';
import type { PicketMetrics, StoreOp } from './metrics.ts';

export function timedEventStore(store: EventStore, metrics: Pick<PicketMetrics, 'observeStore'>): EventStore {
  const timed = async <T>(op: StoreOp, run: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    let ok = false;
    try {
      const result = await run();
      ok = true;
      return result;
    } finally {
      metrics.observeStore(store.kind, op, (performance.now() - started) / 1000, ok);
    }
  };
  return {
    kind: store.kind,
    write: (events, opts) => timed('write', () => store.write(events, opts)),
    search: (params: SearchParams) => timed('search', () => store.search(params)),
    aggregate: (params) => timed('aggregate', () => store.aggregate(params)),
    histogram: (params) => timed('histogram', () => store.histogram(params)),
    get: (id) => timed('get', () => store.get(id)),
    applyRetention: (days, now) => store.applyRetention(days, now),
    ...(store.closeRollupHours ? { closeRollupHours: (now?: Date) => store.closeRollupHours!(now) } : {}),
    ...(store.buildDeferredIndexes
      ? { buildDeferredIndexes: (signal?: AbortSignal) => store.buildDeferredIndexes!(signal) }
      : {}),
    health: () => store.health(),
  };
}
