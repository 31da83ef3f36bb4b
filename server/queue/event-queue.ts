import type { PicketEvent } from '../ingest/event.ts';
import { AppError } from '../errors/app-error.ts';

/**
 * One consumer call. Queue mode passes the batch's id, the same on every redelivery, so the store
 * can refuse a batch it already committed; in-process batches are never redelivered and have none.
 */
export type BatchHandler = (events: PicketEvent[], batch?: { id: string }) => Promise<void>;

/** Raised when accepting more would exceed the pending limit: ingest answers 503 + Retry-After. */
export class QueueFullError extends AppError<'queue_full'> {
  constructor(readonly retryAfterSeconds: number) {
    super('queue_full', 'ingest pipeline is saturated, retry later', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
    });
  }
}

/** A batch that failed every attempt and waits for a person (queue mode only). */
export interface DeadLetter {
  id: string;
  events: number;
  /** The error of the first failed attempt, and of the last one. */
  firstError: string;
  lastError: string;
  attempts: number;
  failedAt: string;
}

/** Parked batches: never retried by themselves; an admin requeues or discards them. */
export interface DeadLetterQueue {
  count(): Promise<number>;
  list(limit: number): Promise<DeadLetter[]>;
  /** Back into the queue for another round of attempts; false when the id is unknown. */
  requeue(id: string): Promise<boolean>;
  discard(id: string): Promise<boolean>;
}

export interface QueueStatus {
  /** The mode read from the running queue: `regular` = in-process, `queue` = BullMQ on Redis. */
  mode: 'regular' | 'queue';
  /** Events accepted and not yet stored (whole cluster in queue mode). */
  depth: number;
  deadLetters: number;
  /** Worker processes that consumed or heartbeated in the last minute (queue mode). */
  workers: number;
  /** Whether this process runs pipeline work. */
  consuming: boolean;
  /** Settings that run but put acknowledged events at risk (Redis without appendonly). */
  warnings: string[];
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
  /** Events published and not yet durable/consumed (as last known; queue mode: the cluster's depth). */
  pending(): number;
  /** Resolves when everything published so far has been handled (shutdown flush). */
  drain(): Promise<void>;
  status(): Promise<QueueStatus>;
  /** Queue mode only: batches that failed every attempt. */
  readonly deadLetters?: DeadLetterQueue;
  close(): Promise<void>;
}
