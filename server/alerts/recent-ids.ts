// The ids of events that already fed a windowed rule's alerts, so a batch delivered twice (queue
// mode redelivers a job whose worker died) does not fill a new window with them. An id matters
// only while it could still share a window with new events, so ids are kept in two generations
// swapped on the clock: each is remembered for at least `keepMs` and at most twice that, and a
// generation past `maxPerGeneration` is swapped early. An id forgotten too soon costs nothing
// worse than a refused write: alert_events is unique per rule and event, and the writer drops an
// alert that would repeat one.
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
