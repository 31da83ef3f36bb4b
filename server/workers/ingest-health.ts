import type { PicketEvent } from '../ingest/event.ts';
import type { IngestStats } from '../ingest/ingest-service.ts';
import type { EventQueue } from '../queue/event-queue.ts';
import type { PipelineStats } from './pipeline.ts';

export interface IngestHealth {
  /** Events stored per second over the last `windowSeconds`. */
  storedPerSec: number;
  /** Events refused at ingest (bad items) per second over the same window. */
  rejectedPerSec: number;
  windowSeconds: number;
  /** Totals since this process started. */
  stored: number;
  rejected: number;
  deadLettered: number;
  /** Accepted but not yet stored (queue + batch in flight). */
  queuePending: number;
  /**
   * How far the store is behind ingest: 0 when nothing is queued, else now − receivedtimestamp of the
   * newest stored event (how long the events being stored now waited). An idle system has no lag.
   * null when work is queued but nothing was ever stored.
   */
  storeLagMs: number | null;
  newestReceived: string | null;
}

interface Sample {
  at: number;
  stored: number;
  rejected: number;
}

const SAMPLE_MS = 1000;
const WINDOW_SAMPLES = 10;

/**
 * Rates for the dashboard's ingest panel: counters are sampled once a second into a short ring,
 * so a rate is a difference of two samples (no per-event work, no timers per viewer).
 */
export class IngestHealthMonitor {
  private readonly samples: Sample[] = [];
  private newestReceivedMs: number | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: {
      pipelineStats: PipelineStats;
      ingestStats: IngestStats;
      queue: Pick<EventQueue, 'pending'>;
      onStored: (l: (events: PicketEvent[]) => void) => () => void;
      /** Fallback when this process has not stored anything yet (e.g. just restarted). */
      newestReceivedInStore: () => Promise<string | null>;
    },
  ) {
    deps.onStored((events) => {
      for (const e of events) {
        const t = Date.parse(e.receivedtimestamp);
        if (!(t <= (this.newestReceivedMs ?? -Infinity))) this.newestReceivedMs = t;
      }
    });
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(now = Date.now()): void {
    this.samples.push({ at: now, stored: this.deps.pipelineStats.stored, rejected: this.deps.ingestStats.rejected });
    if (this.samples.length > WINDOW_SAMPLES + 1) this.samples.shift();
  }

  async snapshot(now = Date.now()): Promise<IngestHealth> {
    const { pipelineStats: p, ingestStats: i } = this.deps;
    const oldest = this.samples[0] ?? { at: now, stored: p.stored, rejected: i.rejected };
    const seconds = Math.max(0.001, (now - oldest.at) / 1000);
    let newestMs = this.newestReceivedMs;
    if (newestMs === undefined) {
      const fromStore = await this.deps.newestReceivedInStore();
      newestMs = fromStore ? Date.parse(fromStore) : undefined;
    }
    const queuePending = this.deps.queue.pending();
    return {
      storedPerSec: round1((p.stored - oldest.stored) / seconds),
      rejectedPerSec: round1((i.rejected - oldest.rejected) / seconds),
      windowSeconds: round1(seconds),
      stored: p.stored,
      rejected: i.rejected,
      deadLettered: p.deadLettered,
      queuePending,
      storeLagMs: queuePending === 0 ? 0 : newestMs === undefined ? null : Math.max(0, now - newestMs),
      newestReceived: newestMs === undefined ? null : new Date(newestMs).toISOString(),
    };
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
