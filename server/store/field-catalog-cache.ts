import type { ExplorerStore, FieldCatalog } from './explorer-store.ts';

const DAY_MS = 86_400_000;

/**
 * Field-name autocomplete asks on every keystroke; the answer changes slowly. One sample per
 * `ttlMs`, shared by every caller (concurrent callers wait for the same query, a failure is not cached).
 */
export class CachedFieldCatalog {
  private entry: { at: number; value: Promise<FieldCatalog> } | undefined;

  constructor(
    private readonly store: ExplorerStore,
    private readonly opts: { ttlMs: number; windowDays: number } = { ttlMs: 60_000, windowDays: 7 },
  ) {}

  get(now = Date.now()): Promise<FieldCatalog> {
    if (this.entry && now - this.entry.at < this.opts.ttlMs) return this.entry.value;
    const value = this.store.fieldCatalog({ since: new Date(now - this.opts.windowDays * DAY_MS) });
    const entry = { at: now, value };
    this.entry = entry;
    value.catch(() => {
      if (this.entry === entry) this.entry = undefined;
    });
    return value;
  }

  /** Forget the cached sample (tests, or after bulk loads). */
  invalidate(): void {
    this.entry = undefined;
  }
}
