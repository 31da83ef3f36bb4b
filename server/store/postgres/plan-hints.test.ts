import { describe, expect, it } from 'vitest';
import { parseQuery } from '../query/index.ts';
import { avoidIndexOrder } from './plan-hints.ts';

describe('avoidIndexOrder', () => {
  it.each([
    ['"Accepted publickey" AND details.sourceipaddress:1.2.3.4', true],
    ['details.sourceipaddress:1.2.3.4 failed', true],
    ['summary:"GET https" AND hostname:web1', true],
    ['(failed OR accepted) AND category:authentication', true],
    ['details.sourceipaddress:1.2.3.4', false],
    ['category:authentication AND hostname:web1', false],
    ['failed', false],
    ['failed password', false],
    ['', false],
  ])('%s → %s', (q, expected) => {
    expect(avoidIndexOrder(parseQuery(q))).toBe(expected);
  });
});
