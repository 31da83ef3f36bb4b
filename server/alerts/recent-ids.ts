// The ids of events that already fed a windowed rule's alerts, so a batch delivered twice (queue
// mode retries a failed alert-stream job within seconds) does not fill a new window with them.
// Redeliveries come soon after the first delivery, so ids are kept in two generations swapped on
// the clock: each is remembered for at least `keepMs` and at most twice that, and a generation
// past `maxPerGeneration` is swapped early, so memory stops growing once two generations are full.
// A repeat that comes later still cannot double an alert: alert_events is unique per rule and
// event, and the writer drops an alert that would repeat one (with whatever new events it held).
export class RecentIds {
  private current = new Set<string>();
  private previous = new Set<string>();
  private startedAt: number;

  constructor(
    private readonly keepMs: number,
    private readonly maxPerGeneration: number,
    now: number,
    known: Iterable<string> = [],
  ) {
    this.startedAt = now;
    for (const id of known) this.current.add(id);
  }

  has(id: string): boolean {
    return this.current.has(id) || this.previous.has(id);
  }

  addAll(ids: Iterable<{ id: string }>, now: number): void {
    if (now - this.startedAt >= this.keepMs || this.current.size >= this.maxPerGeneration) {
      this.previous = this.current;
      this.current = new Set();
      this.startedAt = now;
    }
    for (const e of ids) this.current.add(e.id);
  }

  get size(): number {
    return this.current.size + this.previous.size;
  }
}
