interface Entry<T> {
  at: number;
  value: Promise<T>;
  settled: boolean;
  refreshing: boolean;
}

/**
 * A small TTL cache where concurrent callers of the same key share one computation: ten open
 * dashboards refreshing together cost one set of queries. Past `freshMs` (up to `staleMs`) the
 * last answer is served at once while one refresh runs in the background, so a slow computation
 * (seconds at millions of events) is paid by nobody waiting. Failures are not cached.
 */
export class SingleFlightCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly opts: { freshMs: number; staleMs: number; maxEntries?: number }) {}

  get(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit) {
      const age = now - hit.at;
      if (age < this.opts.freshMs || !hit.settled) return hit.value;
      if (age < this.opts.staleMs) {
        if (!hit.refreshing) {
          hit.refreshing = true;
          const next = this.start(key, compute, now);
          // Swap in the new answer only once it exists; until then callers keep getting the stale one.
          next.value.then(
            () => this.put(key, next),
            () => (hit.refreshing = false),
          );
        }
        return hit.value;
      }
    }
    const entry = this.start(key, compute, now);
    this.put(key, entry);
    return entry.value;
  }

  private start(key: string, compute: () => Promise<T>, now: number): Entry<T> {
    const entry: Entry<T> = { at: now, value: compute(), settled: false, refreshing: false };
    entry.value.then(
      () => (entry.settled = true),
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
    return entry;
  }

  private put(key: string, entry: Entry<T>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Insertion order is age order: evict the oldest beyond the bound.
    while (this.entries.size > (this.opts.maxEntries ?? 100)) this.entries.delete(this.entries.keys().next().value!);
  }
}
