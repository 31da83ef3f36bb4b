/**
 * A small TTL cache where concurrent callers of the same key share one computation: ten open
 * dashboards refreshing together cost one set of queries. Failures are not cached.
 */
export class SingleFlightCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 100,
  ) {}

  get(key: string, compute: () => Promise<T>, now = Date.now()): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    const entry = { at: now, value };
    this.entries.delete(key);
    this.entries.set(key, entry);
    // Insertion order is age order: evict the oldest beyond the bound.
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}
