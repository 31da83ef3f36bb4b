// Back-pressure from the alert writer to ingest (embedded mode). Firings wait in memory for the
// next alert write, each holding its events; when rules raise alerts faster than Postgres stores
// them, that queue grew without bound (the soak bench: +350 MB a minute, alerts minutes late). Past
// the limit, a stored batch is acknowledged only once the queue is back under it, so ingest slows
// to what alerting keeps up with. The events are durable either way: only the answer waits.
// Queue mode needs none of this: each alert-stream job already ends after its alerts are written.

/** Events (links) held by queued firings before stored batches wait. */
export const ALERT_BACKLOG_LIMIT = 100_000;

export class AlertBacklog {
  private held = 0;
  private waiters: Array<() => void> = [];

  constructor(private readonly limit = ALERT_BACKLOG_LIMIT) {}

  /** A firing was queued; `events` it carries (a deadman carries none, counted as 1). */
  add(events: number): void {
    this.held += Math.max(1, events);
  }

  /** The queue went to a write (or was dropped): nothing is held any more. */
  taken(): void {
    this.held = 0;
    this.release();
  }

  get size(): number {
    return this.held;
  }

  /** Resolves once the queue is under the limit; undefined when it already is (no await needed). */
  below(): Promise<void> | undefined {
    if (this.held <= this.limit) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stopping: nobody waits for writes that will not come. */
  release(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}
