import { describe, expect, it } from 'vitest';
import { sanitizeString, sanitizeValue } from './sanitize.ts';

describe('sanitizeValue', () => {
  it('returns the very same value when nothing needs fixing', () => {
    const v = { a: 'x', b: [1, 'y', { c: null, d: true }], e: { f: 'é😀' } };
    const r = sanitizeValue(v);
    expect(r.ok && r.value).toBe(v);
  });

  it('copies only the containers on the path to a change', () => {
    const untouched = { keep: ['a'] };
    const v = { untouched, path: { list: ['ok', 'bad\u0000'] } };
    const r = sanitizeValue(v);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const out = r.value as typeof v;
    expect(out).not.toBe(v);
    expect(out.untouched).toBe(untouched);
    expect(out.path.list).toEqual(['ok', 'bad\uFFFD']);
    expect(v.path.list[1]).toBe('bad\u0000'); // input untouched
  });

  it('renames keys with NUL and keeps key order', () => {
    const r = sanitizeValue({ a: 1, 'b\u0000': 2, c: 3 });
    expect(r.ok && Object.keys(r.value as object)).toEqual(['a', 'b\uFFFD', 'c']);
  });

  it('enforces depth, key and size limits', () => {
    const limits = { maxDepth: 3, maxKeys: 3, maxBytes: 50 };
    expect(sanitizeValue({ a: { b: {} } }, limits).ok).toBe(true);
    expect(sanitizeValue({ a: { b: { c: {} } } }, limits)).toEqual({
      ok: false,
      error: 'event is nested deeper than 3 levels',
    });
    expect(sanitizeValue({ a: 1, b: 2, c: { d: 1 } }, limits)).toEqual({
      ok: false,
      error: 'event has more than 3 keys',
    });
    expect(sanitizeValue({ a: 'x'.repeat(60) }, limits)).toEqual({ ok: false, error: 'event is larger than 50 bytes' });
    expect(sanitizeValue({ a: new Array(100).fill(0) }, limits).ok).toBe(false);
  });
});

describe('sanitizeString', () => {
  it.each([
    ['clean', 'abc', 'abc'],
    ['NUL', 'a\u0000b\u0000', 'a\uFFFDb\uFFFD'],
    ['lone high surrogate', 'a\uD83D', 'a\uFFFD'],
    ['lone low surrogate', '\uDE00b', '\uFFFDb'],
    ['pair', '\uD83D\uDE00', '\uD83D\uDE00'],
  ])('%s', (_, input, want) => {
    expect(sanitizeString(input)).toBe(want);
  });
});
