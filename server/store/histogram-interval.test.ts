import { describe, expect, it } from 'vitest';
import { autoInterval, formatInterval } from './histogram-interval.ts';

describe('autoInterval', () => {
  it('gives 60–120 buckets for every span from 2 minutes to two years', () => {
    for (let span = 120_000; span < 2 * 365 * 86_400_000; span = Math.ceil(span * 1.07)) {
      const n = span / autoInterval(span);
      expect(n, `span ${span} ms`).toBeLessThanOrEqual(120);
      expect(n, `span ${span} ms`).toBeGreaterThanOrEqual(55);
    }
  });

  it('picks the usual steps', () => {
    expect(formatInterval(autoInterval(15 * 60_000))).toBe('10s');
    expect(formatInterval(autoInterval(3_600_000))).toBe('30s');
    expect(formatInterval(autoInterval(86_400_000))).toBe('15m');
    expect(formatInterval(autoInterval(7 * 86_400_000))).toBe('2h');
    expect(formatInterval(1500)).toBe('1500ms');
  });
});
