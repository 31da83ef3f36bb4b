import type { HistogramBucket } from './event-store.ts';

/** Every interval of [from, to] in order, with 0 where the store had no events. */
export function zeroFill(rows: HistogramBucket[], from: Date, to: Date, intervalMs: number): HistogramBucket[] {
  const counts = new Map(rows.map((r) => [Date.parse(r.ts), r.count]));
  const out: HistogramBucket[] = [];
  const start = Math.floor(from.getTime() / intervalMs) * intervalMs;
  for (let t = start; t <= to.getTime(); t += intervalMs)
    out.push({ ts: new Date(t).toISOString(), count: counts.get(t) ?? 0 });
  return out;
}
