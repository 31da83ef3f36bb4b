import type { IngestMetrics } from '../ops/metrics.ts';
import type { EventQueue } from '../queue/event-queue.ts';
import type { NormalizedEvent, Rejection } from './event.ts';
import { normalizeEvent } from './normalize.ts';
import type { BodyItem } from './parse-body.ts';

export interface IngestLimits {
  retentionDays: number;
  maxFutureMinutes: number;
}

export interface IngestResult {
  accepted: number;
  rejected: Rejection[];
  /** Ids of accepted events by request index (for ES _bulk answers). */
  ids: Map<number, string>;
}

export interface IngestStats {
  accepted: number;
  rejected: number;
}

/** Normalizes request items, reports bad ones by index, and hands the good ones to the queue. */
export class IngestService {
  readonly stats: IngestStats = { accepted: 0, rejected: 0 };

  constructor(
    private readonly queue: EventQueue,
    private readonly limits: IngestLimits,
    private readonly metrics?: IngestMetrics,
  ) {}

  /**
   * Resolves after the accepted events are durable; rejects (nothing acknowledged) on queue failure.
   * `input` names where they came from in the metrics (an ingest path, `syslog`, `amqp`).
   */
  async ingest(items: BodyItem[], input = 'unknown'): Promise<IngestResult> {
    const now = new Date();
    const opts = { now, retentionDays: this.limits.retentionDays, maxFutureMinutes: this.limits.maxFutureMinutes };
    const good: NormalizedEvent[] = [];
    const rejected: Rejection[] = [];
    const ids = new Map<number, string>();
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (!item.ok) {
        rejected.push({ index: i, error: item.error });
        continue;
      }
      const r = normalizeEvent(item.value, opts);
      if (r.ok) {
        good.push(r.event);
        ids.set(i, r.event.id);
      } else rejected.push({ index: i, error: r.error });
    }
    await this.queue.publish(good);
    this.stats.accepted += good.length;
    this.stats.rejected += rejected.length;
    this.metrics?.accepted(input, good.length);
    if (rejected.length) this.metrics?.rejected(input, rejected);
    return { accepted: good.length, rejected, ids };
  }
}
