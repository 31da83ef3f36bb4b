import type { PicketEvent } from '../ingest/event.ts';
import { type BatchHandler, type EventQueue, type QueueStatus, QueueFullError } from './event-queue.ts';

interface Pending {
  events: PicketEvent[];
  resolve: () => void;
  reject: (err: Error) => void;
}

export interface InProcessQueueOptions {
  /** Pending-event limit before publish refuses with QueueFullError. */
  maxPending: number;
  /** Events per consumer call; everything that arrived while the previous batch committed rides together (group commit). */
  maxBatch?: number;
  /** Batches in flight at once: one commits while the next is built. */
  concurrency?: number;
  /**
   * While another batch is committing, how long at most the next one waits for more publishes
   * before it starts (group commit window). It starts sooner once as many events were published as
   * the last commits answered (their clients are back). Never applied when nothing is in flight, so
   * a lone request is not delayed. 0 starts at once.
   */
  gatherMs?: number;
}

/**
 * A store write costs about the same for 1 event as for 30 (the commit's WAL flush and the COPY's
 * setup dominate), so the events per write decide single-event throughput. Requests answered by
 * one commit come straight back with their next event; starting the next write the moment a slot
 * frees takes only those already waiting and leaves the returning ones for yet another commit.
 * Waiting the whole window after they are back is latency for nothing, though: in a closed loop
 * (every client waits for its answer) throughput is clients / latency, so the window closes as
 * soon as the answered events have been matched by new ones.
 */
const DEFAULT_GATHER_MS = 2;

/** Regular mode: the consumer runs in this process and publish resolves after the consumer committed the batch. */
export class InProcessQueue implements EventQueue {
  readonly mode = 'regular' as const;
  private readonly waiting: Pending[] = [];
  private waitingEvents = 0;
  private inFlightEvents = 0;
  private running = 0;
  private handler: BatchHandler | undefined;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private readonly maxBatch: number;
  private readonly concurrency: number;
  private readonly gatherMs: number;
  private gatherTimer: NodeJS.Timeout | undefined;
  /** Events the last commit answered that have not been followed by as many new publishes. */
  private returning = 0;
  /** A commit answered clients that the next batch may wait for (else only the timer ends a window). */
  private answered = false;

  constructor(private readonly opts: InProcessQueueOptions) {
    this.maxBatch = opts.maxBatch ?? 5000;
    this.concurrency = opts.concurrency ?? 2;
    this.gatherMs = opts.gatherMs ?? DEFAULT_GATHER_MS;
  }

  publish(events: PicketEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('queue is closed'));
    if (events.length === 0) return Promise.resolve();
    if (this.pending() + events.length > this.opts.maxPending && this.pending() > 0) {
      return Promise.reject(new QueueFullError(1));
    }
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ events, resolve, reject });
      this.waitingEvents += events.length;
      this.returning = Math.max(0, this.returning - events.length);
      this.pump();
    });
  }

  process(handler: BatchHandler): void {
    this.handler = handler;
    this.pump();
  }

  pending(): number {
    return this.waitingEvents + this.inFlightEvents;
  }

  drain(): Promise<void> {
    if (this.pending() === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async status(): Promise<QueueStatus> {
    return {
      mode: 'regular',
      depth: this.pending(),
      deadLetters: 0,
      workers: this.handler ? 1 : 0,
      consuming: this.handler !== undefined,
      warnings: [],
    };
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
    clearTimeout(this.gatherTimer);
  }

  private pump(gathered = false): void {
    while (this.handler && this.running < this.concurrency && this.waiting.length > 0) {
      const back = this.answered && this.returning === 0;
      if (!gathered && !back && this.running > 0 && this.gatherMs > 0 && this.waitingEvents < this.maxBatch) {
        this.gatherTimer ??= setTimeout(() => {
          this.gatherTimer = undefined;
          this.pump(true);
        }, this.gatherMs);
        return;
      }
      gathered = false;
      // The next batch's window starts with its first publish, not with an older timer.
      clearTimeout(this.gatherTimer);
      this.gatherTimer = undefined;
      // Still expecting answered clients back: the next window may end when they are.
      if (this.returning === 0) this.answered = false;
      const batch = this.take();
      this.running++;
      void this.run(batch);
    }
  }

  private take(): Pending[] {
    const batch: Pending[] = [];
    let n = 0;
    // A request's events are never split, so one publish maps to one commit.
    while (this.waiting.length > 0 && (n === 0 || n + this.waiting[0].events.length <= this.maxBatch)) {
      const p = this.waiting.shift()!;
      n += p.events.length;
      batch.push(p);
    }
    this.waitingEvents -= n;
    this.inFlightEvents += n;
    return batch;
  }

  private async run(batch: Pending[]): Promise<void> {
    const events = batch.length === 1 ? batch[0].events : batch.flatMap((p) => p.events);
    try {
      await this.handler!(events);
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err as Error);
    } finally {
      this.inFlightEvents -= events.length;
      this.running--;
      this.answered = true;
      this.returning = events.length;
      this.pump();
      if (this.pending() === 0) for (const w of this.idleWaiters.splice(0)) w();
    }
  }
}
