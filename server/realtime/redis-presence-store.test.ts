import crypto from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { Redis } from 'ioredis';
import { presenceStoreContract } from './presence-store.contract.ts';
import { RedisPresenceStore } from './redis-presence-store.ts';

const url = inject('redisUrl') || undefined;
const connect = (prefix: string) => RedisPresenceStore.connect({ url: url!, prefix });

// Runs against a real Redis when REDIS_URL is set (CI sets it); skipped otherwise.
describe.runIf(url)('RedisPresenceStore', () => {
  presenceStoreContract('redis', async () => {
    const prefix = `picket-test:${crypto.randomUUID()}:presence`;
    return { store: await connect(prefix), peer: () => connect(prefix) };
  });

  it("leaves nothing behind once a crashed process's entries lapse, even with no process left to sweep", async () => {
    const prefix = `picket-test:${crypto.randomUUID()}:presence`;
    const store = await connect(prefix);
    const raw = new Redis(url!);
    try {
      const e = {
        connectionId: 'c1',
        identity: { kind: 'user' as const, id: 'u1', name: 'ana', role: 'analyst' as const },
        page: null,
        activity: null,
        lastSeen: new Date().toISOString(),
        version: 1,
      };
      await store.put('case:1', e, 300);
      expect(await raw.exists(`${prefix}:t:case:1`, `${prefix}:exp`)).toBe(2);
      // The process dies without removing anything (and nobody sweeps): the keys expire by themselves.
      await store.close();
      await expect.poll(() => raw.exists(`${prefix}:t:case:1`, `${prefix}:exp`), { timeout: 3000 }).toBe(0);
    } finally {
      raw.disconnect();
      await store.close();
    }
  });
});
