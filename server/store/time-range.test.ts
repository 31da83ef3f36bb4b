import { describe, expect, it } from 'vitest';
import { compileTime, parseTime, resolveRange, TimeParseError } from './time-range.ts';

// A Sunday, so week rounding has something to do.
const NOW = new Date('2026-11-22T10:30:45.123Z');
const iso = (input: string, now = NOW) => parseTime(input, now).toISOString();

describe('parseTime', () => {
  it.each([
    ['now', '2026-11-22T10:30:45.123Z'],
    [' now ', '2026-11-22T10:30:45.123Z'],
    ['now-30s', '2026-11-22T10:30:15.123Z'],
    ['now-15m', '2026-11-22T10:15:45.123Z'],
    ['now+1h', '2026-11-22T11:30:45.123Z'],
    ['now-24h', '2026-11-21T10:30:45.123Z'],
    ['now-3d', '2026-11-19T10:30:45.123Z'],
    ['now-1w', '2026-11-15T10:30:45.123Z'],
    ['now-1M', '2026-10-22T10:30:45.123Z'],
    ['now-1y', '2025-11-22T10:30:45.123Z'],
    ['now-1d-12h', '2026-11-20T22:30:45.123Z'],
    ['now/s', '2026-11-22T10:30:45.000Z'],
    ['now/m', '2026-11-22T10:30:00.000Z'],
    ['now/h', '2026-11-22T10:00:00.000Z'],
    ['now/d', '2026-11-22T00:00:00.000Z'],
    ['now-1d/d', '2026-11-21T00:00:00.000Z'],
    ['now/w', '2026-11-16T00:00:00.000Z'],
    ['now/M', '2026-11-01T00:00:00.000Z'],
    ['now/y', '2026-01-01T00:00:00.000Z'],
    ['now/d+8h', '2026-11-22T08:00:00.000Z'],
  ])('%s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it('clamps the day in month and year arithmetic', () => {
    expect(iso('now-1M', new Date('2026-03-31T12:00:00Z'))).toBe('2026-02-28T12:00:00.000Z');
    expect(iso('now+1M', new Date('2026-03-31T12:00:00Z'))).toBe('2026-04-30T12:00:00.000Z');
    expect(iso('now+1y', new Date('2024-02-29T00:00:00Z'))).toBe('2025-02-28T00:00:00.000Z');
    expect(iso('now-13M', new Date('2026-01-15T00:00:00Z'))).toBe('2024-12-15T00:00:00.000Z');
  });

  it.each([
    ['2026-11-22T08:00:00Z', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22t08:00:00z', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22T08:00:00', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22 08:00', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22T08', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22', '2026-11-22T00:00:00.000Z'],
    ['2026-11-22T08:00:00.5', '2026-11-22T08:00:00.500Z'],
    ['2026-11-22T08:00:00.123456Z', '2026-11-22T08:00:00.123Z'],
    ['2026-11-22T09:00:00+01:00', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22T03:00:00-0500', '2026-11-22T08:00:00.000Z'],
    ['2026-11-22T10:00:00+02', '2026-11-22T08:00:00.000Z'],
    ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
    ['0050-06-01', '0050-06-01T00:00:00.000Z'],
    ['1700000000000', '2023-11-14T22:13:20.000Z'],
    ['0', '1970-01-01T00:00:00.000Z'],
  ])('absolute %s', (input, expected) => {
    expect(iso(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['yesterday', /expected an ISO 8601 date/],
    ['now-', /unexpected "-"/],
    ['now-1', /unexpected "-1"/],
    ['now-1x', /unexpected "-1x"/],
    ['now-1h/', /unexpected "\/"/],
    ['now*2', /unexpected "\*2"/],
    ['nowish', /unexpected "ish"/],
    ['now-9999999999y', /unexpected/],
    ['now-999999999y', /out of range/],
    ['2026-02-30', /out of range/],
    ['2026-11-22T25:00', /out of range/],
    ['2026-11-22T08:00:60', /out of range/],
    ['2026-11-22T08:00+25:00', /time zone offset out of range/],
    ['2026/11/22', /expected an ISO 8601 date/],
    ['22-11-2026', /expected an ISO 8601 date/],
    ['99999999999999999', /epoch milliseconds out of range/],
  ])('rejects %j', (input, message) => {
    expect(() => parseTime(input, NOW)).toThrow(TimeParseError);
    expect(() => parseTime(input, NOW)).toThrow(message);
    expect(() => parseTime(input, NOW)).toThrow(`Invalid time "${input}"`);
  });

  it('defaults now to the current time', () => {
    const t = parseTime('now-1h').getTime();
    expect(Math.abs(t - (Date.now() - 3_600_000))).toBeLessThan(5_000);
  });
});

describe('compileTime', () => {
  it('re-evaluates relative expressions against each now', () => {
    const r = compileTime('now-1h');
    expect(r.relative).toBe(true);
    expect(r(NOW).toISOString()).toBe('2026-11-22T09:30:45.123Z');
    expect(r(new Date('2026-01-01T00:00:00Z')).toISOString()).toBe('2025-12-31T23:00:00.000Z');
    expect(compileTime('2026-11-22').relative).toBe(false);
  });

  it.each([
    ['now/d', '2026-11-22T23:59:59.999Z'],
    ['now-1d/d', '2026-11-21T23:59:59.999Z'],
    ['now/w', '2026-11-22T23:59:59.999Z'],
    ['now/M', '2026-11-30T23:59:59.999Z'],
    ['now/y', '2026-12-31T23:59:59.999Z'],
    ['now-1h', '2026-11-22T09:30:45.123Z'],
    ['2026-11-22', '2026-11-22T23:59:59.999Z'],
    ['2026-11-22T08', '2026-11-22T08:59:59.999Z'],
    ['2026-11-22T08:00', '2026-11-22T08:00:59.999Z'],
    ['2026-11-22T08:00:00Z', '2026-11-22T08:00:00.999Z'],
    ['2026-11-22T08:00:00.100Z', '2026-11-22T08:00:00.100Z'],
    ['1700000000000', '2023-11-14T22:13:20.000Z'],
  ])('rounds %s up to %s', (input, expected) => {
    expect(compileTime(input, { roundUp: true })(NOW).toISOString()).toBe(expected);
  });
});

describe('resolveRange', () => {
  const range = (...args: Parameters<typeof resolveRange>) => {
    const r = resolveRange(...args);
    return [r.from.toISOString(), r.to.toISOString()];
  };

  it('defaults to the last 24 hours', () => {
    expect(range(undefined, undefined, NOW)).toEqual(['2026-11-21T10:30:45.123Z', '2026-11-22T10:30:45.123Z']);
    expect(range('', ' ', NOW)).toEqual(['2026-11-21T10:30:45.123Z', '2026-11-22T10:30:45.123Z']);
  });

  it('takes a custom default from', () => {
    expect(range(undefined, undefined, NOW, 'now-15m')).toEqual([
      '2026-11-22T10:15:45.123Z',
      '2026-11-22T10:30:45.123Z',
    ]);
  });

  it('resolves relative and absolute bounds, rounding "to" up like Kibana', () => {
    expect(range('now-1h', undefined, NOW)).toEqual(['2026-11-22T09:30:45.123Z', '2026-11-22T10:30:45.123Z']);
    expect(range('now-7d/d', 'now/d', NOW)).toEqual(['2026-11-15T00:00:00.000Z', '2026-11-22T23:59:59.999Z']);
    expect(range('2026-11-01', '2026-11-02T00:00:00Z', NOW)).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.999Z',
    ]);
    expect(range('now', 'now', NOW)).toEqual(['2026-11-22T10:30:45.123Z', '2026-11-22T10:30:45.123Z']);
  });

  it('rejects from after to', () => {
    expect(() => resolveRange('now', 'now-1h', NOW)).toThrow(TimeParseError);
    expect(() => resolveRange('now', 'now-1h', NOW)).toThrow(/"from" \(2026-11-22T10:30:45.123Z\) is after "to"/);
  });

  it('says which bound is invalid', () => {
    expect(() => resolveRange('bogus', undefined, NOW)).toThrow(/^from: Invalid time "bogus"/);
    expect(() => resolveRange(undefined, 'now-1q', NOW)).toThrow(/^to: Invalid time "now-1q"/);
    expect(() => resolveRange(undefined, undefined, NOW, 'later')).toThrow(TimeParseError);
  });
});
