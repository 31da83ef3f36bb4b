import type { PicketEvent } from '../ingest/event.ts';
import type { Logger } from '../logger.ts';
import type { EventStore } from '../store/event-store.ts';
import type { Enricher } from './enrich.ts';

export type StoredListener = (events: PicketEvent[]) => void;
/** Awaited before the batch counts as handled (queue mode: hand-off to the alert stream and live tails). */
export type AfterStoreHook = (events: PicketEvent[], batch: { id: string } | undefined) => Promise<void>;

export interface PipelineStats {
  batches: number;
  stored: number;
  dropped: number;
  deadLettered: number;
  /** Queue mode: redelivered batches found already stored. */
  duplicates: number;
  lastBatchMs: number;
}

/** The consumer stages behind the queue: enrich, then store; listeners (live tail, streaming alerts) see what was stored. */
export class EventPipeline {
  readonly stats: PipelineStats = { batches: 0, stored: 0, dropped: 0, deadLettered: 0, duplicates: 0, lastBatchMs: 0 };
  private readonly listeners = new Set<StoredListener>();
  private readonly hooks: AfterStoreHook[] = [];
  private readonly throttles: Array<() => Promise<void> | undefined> = [];

  constructor(
    private readonly enricher: Enricher,
    private readonly store: EventStore,
    private readonly log: Logger,
  ) {}

  onStored(listener: StoredListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  afterStore(hook: AfterStoreHook): void {
    this.hooks.push(hook);
  }

  /**
   * Awaited after the listeners, before the batch is acknowledged: a listener that queues work of its
   * own (the alert writer) slows ingest down to its pace instead of queueing without bound.
   */
  throttle(wait: () => Promise<void> | undefined): void {
    this.throttles.push(wait);
  }

  readonly handle = async (events: PicketEvent[], batch?: { id: string }): Promise<void> => {
    const started = performance.now();
    const enriched = this.enricher.enrich(events);
    const result = await this.store.write(enriched, batch ? { batchId: batch.id } : {});
    // A redelivered batch committed before: nothing stored again, but the listeners still hear it,
    // since the worker may have died between the commit and handing it to them (the alert stream
    // takes a batch id once; the engine's windows skip event ids they hold).
    if (result.duplicate) this.stats.duplicates++;
    this.stats.batches++;
    this.stats.stored += result.stored;
    this.stats.deadLettered += result.deadLettered;
    this.stats.dropped += events.length - enriched.length;
    for (const h of this.hooks) await h(enriched, batch);
    this.stats.lastBatchMs = performance.now() - started;
    for (const l of this.listeners) {
      try {
        l(enriched);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'stored-events listener failed');
      }
    }
    for (const t of this.throttles) await t();
  };
}
