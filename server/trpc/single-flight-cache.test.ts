import { describe, expect, it } from 'vitest';
import { SingleFlightCache } from './single-flight-cache.ts';

describe('SingleFlightCache', () => {
  it('shares one computation, serves stale while refreshing once, and forgets failures', async () => {
    const cache = new SingleFlightCache<number>({ freshMs: 10, staleMs: 100 });
    let calls = 0;
    const compute = async () => ++calls;
    expect(await Promise.all([cache.get('k', compute, 0), cache.get('k', compute, 1)])).toEqual([1, 1]);
    expect(calls).toBe(1);
    // Stale: the old answer at once (to every caller), one refresh behind it.
    const slow = () => new Promise<number>((r) => setTimeout(() => r(++calls), 20));
    expect(await cache.get('k', slow, 50)).toBe(1);
    expect(await cache.get('k', slow, 51)).toBe(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toBe(2);
    expect(await cache.get('k', compute, 52)).toBe(2);
    // Too old: computed again, waited for.
    expect(await cache.get('k', compute, 500)).toBe(3);
    const failing = new SingleFlightCache<number>({ freshMs: 10, staleMs: 100 });
    await expect(failing.get('k', () => Promise.reject(new Error('down')), 0)).rejects.toThrow('down');
    expect(await failing.get('k', compute, 1)).toBe(4);
  });
});
