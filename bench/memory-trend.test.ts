import { describe, expect, it } from 'vitest';
import { type MemorySample, memoryTrend } from './memory-trend.ts';

const TEN_MIN = 600_000;
/** A sample every 5 s over the paced phase, RSS from `rss(t)`. */
const samples = (rss: (t: number) => number): MemorySample[] =>
  Array.from({ length: TEN_MIN / 5_000 + 1 }, (_, i) => {
    const t = i * 5_000;
    return { t, rssMb: rss(t), heapUsedMb: rss(t) / 2, heapTotalMb: rss(t), externalMb: 10 };
  });

describe('memoryTrend', () => {
  it('passes a level RSS with a small GC sawtooth', () => {
    const trend = memoryTrend(
      samples((t) => 2_000 + 20 * ((t / 40_000) % 1)),
      TEN_MIN,
    );
    expect(Math.abs(trend.rssSlopeMbPerMin)).toBeLessThan(1);
    expect(trend.ok).toBe(true);
  });

  it('fails a slow leak under the sawtooth', () => {
    const trend = memoryTrend(
      samples((t) => 2_000 + 300 * ((t / 40_000) % 1) + (t / 60_000) * 20),
      TEN_MIN,
    );
    expect(trend.rssSlopeMbPerMin).toBeGreaterThan(15);
    expect(trend.ok).toBe(false);
  });

  it('ignores samples from before the paced phase (the window fill)', () => {
    const fill = samples((t) => 500 + t / 1_000).map((s) => ({ ...s, t: s.t - TEN_MIN - 5_000 }));
    const trend = memoryTrend([...fill, ...samples(() => 2_000)], TEN_MIN);
    expect(trend.rssStartMb).toBe(2_000);
    expect(trend.ok).toBe(true);
  });
});
