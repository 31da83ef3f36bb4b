import { describe, expect, it } from 'vitest';
import { epochToMs, formatTimestamp, parseTimestamp } from './normalize-timestamp.ts';

describe('formatTimestamp', () => {
  it('matches Date#toISOString across days, years and edges', () => {
    const samples = [
      0,
      1,
      999,
      86_399_999,
      86_400_000,
      -1,
      -86_400_001,
      Date.UTC(2026, 10, 22, 23, 59, 59, 999),
      253402300799999,
      -62198755200000,
    ];
    for (let i = 0; i < 2000; i++) samples.push(Math.floor((Math.random() - 0.3) * 4e12));
    for (const ms of samples) expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
  });

  it('is undefined outside the Date range', () => {
    expect(formatTimestamp(8.64e15 + 1)).toBeUndefined();
    expect(formatTimestamp(Number.NaN)).toBeUndefined();
  });
});

describe('epoch magnitude thresholds', () => {
  it.each([
    [99_999_999_999, 99_999_999_999_000], // largest seconds value
    [100_000_000_000, 100_000_000_000], // smallest millis value (1973-03-03)
    [99_999_999_999_999, 99_999_999_999_999],
    [100_000_000_000_000, 100_000_000_000], // smallest micros value
    [1e17, 1e11], // smallest nanos value
  ])('%d → %d ms', (n, ms) => {
    expect(epochToMs(n)).toBe(ms);
    expect(parseTimestamp(String(n), 0)).toBe(ms);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['two-digit year stays in year 0050', '0050-01-01T00:00:00Z', Date.parse('0050-01-01T00:00:00Z')],
    ['leading zeros in digit strings', '0001795341600', 1795341600000],
    ['exponent string', '1.7953416e9', 1795341600000],
    ['leading/trailing spaces', ' 2026-11-22T10:00:00Z ', Date.UTC(2026, 10, 22, 10)],
  ])('%s', (_, input, want) => {
    expect(parseTimestamp(input, 0)).toBe(want);
  });

  it.each([['hello'], ['5 minutes'], ['10:22:33'], ['2026-13-01'], ['2026-11-22T25:00:00Z'], [''], ['x 2026']])(
    'rejects %j',
    (input) => {
      expect(parseTimestamp(input, Date.now())).toBeUndefined();
    },
  );

  it('rejects non-finite numbers and other types', () => {
    expect(parseTimestamp(Number.POSITIVE_INFINITY, 0)).toBeUndefined();
    expect(parseTimestamp(true, 0)).toBeUndefined();
    expect(parseTimestamp(null, 0)).toBeUndefined();
  });
});
