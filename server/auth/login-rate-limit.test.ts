import { describe, expect, it } from 'vitest';
import { LoginBackoff } from './login-rate-limit.ts';

describe('LoginBackoff', () => {
  it('pauses an (account, address) pair exponentially after the free failures, capped', () => {
    const b = new LoginBackoff({ freeFailures: 3, baseMs: 1000, maxMs: 5000, forgetMs: 60_000 });
    const t = 1_000_000;
    expect([b.failure('a', 'ip1', t), b.failure('a', 'ip1', t), b.failure('a', 'ip1', t)]).toEqual([0, 0, 1000]);
    expect(b.waitMs('a', 'ip1', t + 400)).toBe(600);
    expect(b.waitMs('a', 'ip2', t)).toBe(0);
    expect(b.waitMs('b', 'ip1', t)).toBe(0);
    expect(b.failure('a', 'ip1', t + 1000)).toBe(2000);
    expect(b.failure('a', 'ip1', t + 3000)).toBe(4000);
    expect(b.failure('a', 'ip1', t + 7000)).toBe(5000);
    expect(b.waitMs('a', 'ip1', t + 12_000)).toBe(0);
    // Forgotten after a quiet hour (here a minute); a success forgets at once.
    expect(b.failure('a', 'ip1', t + 80_000)).toBe(0);
    b.failure('c', 'ip1', t);
    b.failure('c', 'ip1', t);
    b.success('c', 'ip1');
    expect(b.failure('c', 'ip1', t)).toBe(0);
  });

  it('forgets every address of an account at once, and stays bounded', () => {
    const b = new LoginBackoff({ freeFailures: 1, baseMs: 1000, capacity: 3 });
    b.failure('a', 'ip1', 0);
    b.failure('a', 'ip2', 0);
    b.forgetAccount('a');
    expect(b.waitMs('a', 'ip1', 0) + b.waitMs('a', 'ip2', 0)).toBe(0);
    for (const ip of ['1', '2', '3', '4']) b.failure('x', ip, 0);
    expect(b.waitMs('x', '1', 0)).toBe(0);
    expect(b.waitMs('x', '4', 0)).toBe(1000);
  });
});
