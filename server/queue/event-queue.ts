import type { PicketEvent } from '../ingest/event.ts';

export type BatchHandler = (events: PicketEvent[]) => Promise<void>;

/** Raised when accepting more would exceed the pending limit: ingest answers 503 + Retry-After. */
export class QueueFullError extends Error {
  readonly code = 'queue_full';
  constructor(readonly retryAfterSeconds: number) {
    super('ingest pipeline is saturated, retry later');
  }
}

/**
 * The seam between ingest and the enrich → store stages (n8n's regular | queue modes).
 * `publish` resolves only once the events are durable: committed by the consumer (regular,
 * in-process) or persisted in the broker (queue mode). It never resolves for dropped work.
 */
export interface EventQueue {
  readonly mode: 'regular' | 'queue';
  publish(events: PicketEvent[]): Promise<void>;
  /** Registers the consumer. In queue mode only worker processes call this. */
  process(handler: BatchHandler): void;
  /** Events published and not yet durable/consumed by this process. */
  pending(): number;
  /** Resolves when everything published so far has been handled (shutdown flush). */
  drain(): Promise<void>;
  close(): Promise<void>;
}
