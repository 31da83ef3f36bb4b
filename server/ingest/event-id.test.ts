import { describe, expect, it } from 'vitest';
import { eventId, eventIdTime } from './event-id.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('eventId', () => {
  it('is a lower-case UUID with version 7 and the RFC 9562 variant', () => {
    for (let i = 0; i < 1000; i++) {
      const id = eventId(Date.UTC(2026, 10, 22, 8));
      expect(id).toMatch(UUID);
      expect(id[14]).toBe('7');
      expect('89ab').toContain(id[19]);
    }
  });

  it('encodes the event time in the first 48 bits', () => {
    const ms = Date.parse('2026-11-22T08:00:00.123Z');
    const id = eventId(ms);
    expect(eventIdTime(id)).toBe(ms);
    expect(id.slice(0, 13).replace('-', '')).toBe(ms.toString(16).padStart(12, '0'));
  });

  it.each([
    ['negative', -5, 0],
    ['NaN', Number.NaN, 0],
    ['fractional', 1000.9, 1000],
    ['too large', 2 ** 50, 2 ** 48 - 1],
    ['max', 2 ** 48 - 1, 2 ** 48 - 1],
    ['zero', 0, 0],
  ])('clamps %s times', (_, input, want) => {
    expect(eventIdTime(eventId(input))).toBe(want);
  });

  it('is unique and sorts by time over 100k ids', () => {
    const base = Date.parse('2026-11-22T00:00:00Z');
    const ids: string[] = [];
    for (let i = 0; i < 100_000; i++) ids.push(eventId(base + Math.floor(i / 10))); // 10 ids per ms
    expect(new Set(ids).size).toBe(ids.length);
    for (let i = 10; i < ids.length; i += 10) expect(ids[i] > ids[i - 1]).toBe(true);
    const sameMs = Array.from({ length: 100_000 }, () => eventId(base));
    expect(new Set(sameMs).size).toBe(sameMs.length);
  });
});

describe('eventIdTime', () => {
  it.each([
    ['v4 uuid', '0b9c4a9e-3f1e-4b7a-9c1d-2e3f4a5b6c7d'],
    ['bad variant', '01a20244-e800-7241-7095-50f182772d10'],
    ['not a uuid', 'hello'],
    ['empty', ''],
    ['too long', '01a20244-e800-7241-b095-50f182772d100'],
  ])('is undefined for a %s', (_, id) => {
    expect(eventIdTime(id)).toBeUndefined();
  });

  it('accepts upper case', () => {
    expect(eventIdTime('01A20244-E800-7241-B095-50F182772D10')).toBe(0x01a20244e800);
  });
});
