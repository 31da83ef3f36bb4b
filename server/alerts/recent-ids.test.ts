import { describe, expect, it } from 'vitest';
import { RecentIds } from './recent-ids.ts';

const ids = (...xs: string[]) => xs.map((id) => ({ id }));

describe('RecentIds', () => {
  it('remembers ids for at least keepMs and forgets them after twice that', () => {
    const r = new RecentIds(1000, 100, 0, ['known']);
    r.addAll(ids('a'), 10);
    expect(r.has('known') && r.has('a')).toBe(true);
    r.addAll(ids('b'), 1000); // first generation ends: a and known move to the previous one
    expect(r.has('a') && r.has('b') && r.has('known')).toBe(true);
    r.addAll(ids('c'), 1999);
    expect(r.has('a')).toBe(true);
    r.addAll(ids('d'), 2000); // a's generation is dropped
    expect(r.has('a')).toBe(false);
    expect(r.has('known')).toBe(false);
    expect(r.has('b') && r.has('c') && r.has('d')).toBe(true);
    expect(r.has('never')).toBe(false);
  });

  it('swaps generations early past the count limit, so memory stays bounded under a steady alert rate', () => {
    const r = new RecentIds(60_000, 3, 0);
    for (let i = 0; i < 100; i++) r.addAll(ids(`x${i}`), i);
    expect(r.size).toBeLessThanOrEqual(6);
    expect(r.has('x99') && r.has('x97')).toBe(true);
    expect(r.has('x0')).toBe(false);
  });
});
