import { afterEach, describe, expect, it } from 'vitest';
import type { PresenceEntry, PresenceStore } from './presence-store.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function entry(connectionId: string, name: string, extra: Partial<PresenceEntry> = {}): PresenceEntry {
  return {
    connectionId,
    identity: { kind: 'user', id: `u-${name}`, name, role: 'analyst' },
    page: '/incidents/1',
    activity: null,
    lastSeen: new Date().toISOString(),
    version: 1,
    ...extra,
  };
}

const ids = (list: { connectionId: string }[]) => list.map((e) => e.connectionId).sort();

/**
 * One contract, run against every PresenceStore. `open` returns a store; `peer` another handle on
 * the same data, as a second process would have (the in-process store is its own peer).
 */
export function presenceStoreContract(
  name: string,
  open: () => Promise<{ store: PresenceStore; peer: () => Promise<PresenceStore> }>,
): void {
  describe(`PresenceStore contract: ${name}`, () => {
    const opened: PresenceStore[] = [];
    const make = async () => {
      const s = await open();
      opened.push(s.store);
      return {
        store: s.store,
        peer: async () => {
          const p = await s.peer();
          opened.push(p);
          return p;
        },
      };
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((s) => s.close()));
    });

    it('keeps entries per topic and connection, replaces on put, and reads them back whole', async () => {
      const { store } = await make();
      const typing = { what: 'Timeline', at: new Date().toISOString() };
      const v1 = await store.put('case:1', entry('c1', 'ana'), 10_000);
      await store.put('case:1', entry('c2', 'bob'), 10_000);
      await store.put('case:2', entry('c3', 'cy'), 10_000);
      const v2 = await store.put('case:1', entry('c1', 'ana', { activity: typing, version: 2 }), 10_000);
      expect(v1.topic).toBe('case:1');
      expect(v2.version).toBeGreaterThan(v1.version);
      const list = await store.list('case:1');
      expect(ids(list)).toEqual(['c1', 'c2']);
      const ana = list.find((e) => e.connectionId === 'c1')!;
      expect(ana).toMatchObject({
        identity: { kind: 'user', id: 'u-ana', name: 'ana', role: 'analyst' },
        page: '/incidents/1',
        activity: typing,
        version: 2,
      });
      expect(Date.parse(ana.expiresAt) - Date.now()).toBeGreaterThan(5_000);
      expect(ids(await store.list('case:2'))).toEqual(['c3']);
      expect(await store.list('case:none')).toEqual([]);
    });

    it('removes at once, and reports whether there was anything to remove', async () => {
      const { store } = await make();
      const put = await store.put('online', entry('c1', 'ana'), 10_000);
      await store.put('online', entry('c2', 'bob'), 10_000);
      const removed = await store.remove('online', 'c1');
      expect(removed).toEqual({ topic: 'online', version: put.version + 2 });
      expect(ids(await store.list('online'))).toEqual(['c2']);
      expect(await store.remove('online', 'c1')).toBeNull();
      expect(await store.remove('never', 'c1')).toBeNull();
    });

    it('lets entries lapse after their TTL unless touched, and names the ones that were gone', async () => {
      const { store } = await make();
      await store.put('case:1', entry('kept', 'ana'), 400);
      await store.put('case:1', entry('lapsed', 'bob'), 400);
      await sleep(250);
      expect(
        await store.touch(
          [
            { topic: 'case:1', connectionId: 'kept' },
            { topic: 'case:1', connectionId: 'never-put' },
          ],
          400,
        ),
      ).toEqual([{ topic: 'case:1', connectionId: 'never-put' }]);
      await sleep(250);
      // "lapsed" is past its TTL: not listed even before any sweep ran; "kept" was extended.
      expect(ids(await store.list('case:1'))).toEqual(['kept']);
      expect(await store.touch([{ topic: 'case:1', connectionId: 'lapsed' }], 400)).toEqual([
        { topic: 'case:1', connectionId: 'lapsed' },
      ]);
      expect(await store.touch([], 400)).toEqual([]);
    });

    it("sweeps a dead process's entries: every topic that lost some is reported once, live ones stay", async () => {
      const { store, peer } = await make();
      const survivor = await peer();
      // The "dead" process wrote these and then stopped heartbeating (crashed: no remove).
      await store.put('online', entry('dead-1', 'ana'), 300);
      await store.put('case:1', entry('dead-1', 'ana'), 300);
      await store.put('case:2', entry('dead-2', 'ana'), 300);
      await survivor.put('online', entry('alive', 'bob'), 10_000);
      await survivor.put('case:1', entry('alive', 'bob'), 10_000);
      expect(await survivor.sweep()).toEqual([]);
      expect(ids(await survivor.list('online'))).toEqual(['alive', 'dead-1']);

      await sleep(450);
      const swept = await survivor.sweep();
      expect(swept.map((c) => c.topic).sort()).toEqual(['case:1', 'case:2', 'online']);
      for (const c of swept) expect(c.version).toBeGreaterThan(1);
      expect(ids(await survivor.list('online'))).toEqual(['alive']);
      expect(ids(await survivor.list('case:1'))).toEqual(['alive']);
      expect(await survivor.list('case:2')).toEqual([]);
      // Nothing twice: a second sweep (by anyone) finds nothing more.
      expect(await survivor.sweep()).toEqual([]);
      expect(await store.sweep()).toEqual([]);
      // A process that was only stalled (not dead) learns its entries are gone and writes them again.
      expect(await store.touch([{ topic: 'online', connectionId: 'dead-1' }], 10_000)).toHaveLength(1);
      await store.put('online', entry('dead-1', 'ana'), 10_000);
      expect(ids(await survivor.list('online'))).toEqual(['alive', 'dead-1']);
    });

    it('shares entries between handles (processes): each sees what the other wrote and removed', async () => {
      const { store, peer } = await make();
      const other = await peer();
      await store.put('case:9', entry('a', 'ana'), 10_000);
      await other.put('case:9', entry('b', 'bob'), 10_000);
      expect(ids(await store.list('case:9'))).toEqual(['a', 'b']);
      expect(ids(await other.list('case:9'))).toEqual(['a', 'b']);
      await other.remove('case:9', 'b');
      expect(ids(await store.list('case:9'))).toEqual(['a']);
    });
  });
}
