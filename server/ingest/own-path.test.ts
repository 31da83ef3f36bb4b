import { afterEach, describe, expect, it } from 'vitest';
import { readOwnPath, writeOwnPath } from './own-path.ts';

const proto = Object.prototype as Record<string, unknown>;

afterEach(() => {
  delete proto.polluted;
});

describe('own-path', () => {
  it('reads own properties only, never inherited ones', () => {
    const d = JSON.parse('{"a":{"b":1},"__proto__":{"x":2}}') as Record<string, unknown>;
    expect(readOwnPath(d, ['a', 'b'])).toBe(1);
    expect(readOwnPath(d, ['__proto__', 'x'])).toBe(2);
    expect(readOwnPath({}, ['__proto__'])).toBeUndefined();
    expect(readOwnPath({}, ['constructor', 'prototype'])).toBeUndefined();
    expect(readOwnPath({ a: [1] }, ['a', '0'])).toBeUndefined();
  });

  it('writes __proto__ and constructor segments as own data, leaving Object.prototype alone', () => {
    const out: Record<string, unknown> = {};
    writeOwnPath(out, ['__proto__', 'polluted'], 'yes');
    writeOwnPath(out, ['constructor', 'prototype', 'polluted'], 'yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(out))).toEqual(
      JSON.parse('{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}'),
    );
  });

  it('keeps existing siblings when writing into an existing object', () => {
    const out: Record<string, unknown> = { a: { keep: 1 } };
    writeOwnPath(out, ['a', 'b'], 2);
    expect(out).toEqual({ a: { keep: 1, b: 2 } });
  });
});
